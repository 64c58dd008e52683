// Template routes: create general and per-product templates, reject unknown variables with
// a message naming them, edit, list and delete, all scoped to the shop.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { adminRequest, callRoute, installShop, uniqueShop } from "../../test/helpers";
import * as list from "./app.templates._index";
import * as editor from "./app.templates.$id";

const PRODUCT = "gid://shopify/Product/8123456789";

async function setupShop() {
  const shop = uniqueShop();
  await installShop(shop.domain);
  return shop;
}

const save = async (shopName: string, id: string, form: Record<string, string>) =>
  callRoute(
    editor.action,
    await adminRequest(`/app/templates/${id}`, shopName, {
      method: "POST",
      body: new URLSearchParams(form),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    }),
    { id },
  );

const general = { name: "Warm hello", body: "Hi {{shopper.first_name}}, it's {{expert.name}} from {{shop.name}}!", productId: "", productTitle: "" };
const perProduct = { name: "Serum how-to", body: "{{product.title}}: two drops at night. {{product.url}}", productId: PRODUCT, productTitle: "Night Serum" };

describe("templates", () => {
  it("creates a general and a per-product template and lists both with the product title", async () => {
    const shop = await setupShop();
    const a = await save(shop.name, "new", general);
    expect(a.status).toBe(302);
    const b = await save(shop.name, "new", perProduct);
    expect(b.status).toBe(302);
    const stored = await db.template.findMany({ where: { shop: shop.domain }, orderBy: { name: "asc" } });
    expect(stored.map((t) => [t.name, t.productId, t.productTitle])).toEqual([
      ["Serum how-to", PRODUCT, "Night Serum"],
      ["Warm hello", null, null],
    ]);
    expect(new URL(b.headers.get("Location")!).pathname).toBe(`/app/templates/${stored[0]!.id}`);

    const listed = await (await callRoute(list.loader, await adminRequest("/app/templates", shop.name))).json();
    expect(listed.templates.map((t: { name: string; productTitle: string | null }) => [t.name, t.productTitle])).toEqual([
      ["Warm hello", null],
      ["Serum how-to", "Night Serum"],
    ]);

    const loaded = await (await callRoute(editor.loader, await adminRequest(`/app/templates/${stored[0]!.id}`, shop.name), { id: stored[0]!.id })).json();
    expect(loaded.values).toEqual({ name: "Serum how-to", body: perProduct.body, productId: PRODUCT, productTitle: "Night Serum" });
    expect(loaded.variables.map((v: { name: string }) => v.name)).toContain("product.url");
  });

  it("answers 422 naming an unknown variable, and stores nothing", async () => {
    const shop = await setupShop();
    const res = await save(shop.name, "new", { ...general, body: "Hi {{shopper.favorite_color}}" });
    expect(res.status).toBe(422);
    expect((await res.json()).errors.body).toContain("{{shopper.favorite_color}}");
    // Product variables need a product.
    const noProduct = await save(shop.name, "new", { ...perProduct, productId: "", productTitle: "" });
    expect(noProduct.status).toBe(422);
    expect((await noProduct.json()).errors.body).toContain("{{product.title}}");
    const badProduct = await save(shop.name, "new", { ...perProduct, productId: "8123" });
    expect(badProduct.status).toBe(422);
    expect((await badProduct.json()).errors.productId).toMatch(/product picker/);
    expect(await db.template.count({ where: { shop: shop.domain } })).toBe(0);
  });

  it("edits, removes the product, and deletes", async () => {
    const shop = await setupShop();
    const created = await db.template.create({ data: { shop: shop.domain, name: perProduct.name, body: "About {{product.title}}", productId: PRODUCT, productTitle: "Night Serum" } });
    const edited = await save(shop.name, created.id, { name: "About the serum", body: "About our serum, {{shopper.first_name}}", productId: "", productTitle: "" });
    expect(edited.status).toBe(200);
    expect(await db.template.findUnique({ where: { id: created.id } })).toMatchObject({ name: "About the serum", productId: null, productTitle: null });

    const deleted = await save(shop.name, created.id, { intent: "delete" });
    expect(deleted.status).toBe(302);
    expect(new URL(deleted.headers.get("Location")!).pathname).toBe("/app/templates");
    expect(await db.template.count({ where: { shop: shop.domain } })).toBe(0);
  });

  it("never reads, edits or deletes another shop's template", async () => {
    const a = await setupShop();
    const b = await setupShop();
    const created = await db.template.create({ data: { shop: a.domain, name: "Mine", body: "Hello" } });
    expect((await callRoute(editor.loader, await adminRequest(`/app/templates/${created.id}`, b.name), { id: created.id })).status).toBe(404);
    expect((await save(b.name, created.id, { ...general })).status).toBe(404);
    expect((await save(b.name, created.id, { intent: "delete" })).status).toBe(404);
    expect(await db.template.findUnique({ where: { id: created.id } })).toMatchObject({ name: "Mine", body: "Hello" });
  });
});
