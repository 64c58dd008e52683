import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { adminRequest, callRoute, installShop, uniqueShop } from "../../../test/helpers";
import * as expertRoute from "~/routes/app.experts.$id";
import { createExpert, getExpert, listExperts, setExpertActive, updateExpert } from "./experts.server";

const ava = {
  name: "Ava Brooks",
  email: "Ava@Example.com",
  photoUrl: "https://cdn.example.com/ava.png",
  bio: "Licensed esthetician, ten years in sensitive skin.",
  specialties: "sensitive skin, retinoids , SPF",
  capacity: "30",
  availability: "online",
  staffUserId: "gid://shopify/StaffMember/9876",
};

describe("experts", () => {
  it("creates, edits and deactivates an expert, keeping them listable", async () => {
    const { domain } = uniqueShop();
    const created = await createExpert(db, domain, ava);
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    expect(await getExpert(db, domain, created.expert.id)).toMatchObject({
      name: "Ava Brooks",
      email: "ava@example.com",
      specialties: ["sensitive skin", "retinoids", "SPF"],
      capacity: 30,
      staffUserId: "9876",
      active: true,
    });

    const edited = await updateExpert(db, domain, created.expert.id, { ...ava, availability: "away", bio: "" });
    expect(edited.ok && edited.expert).toMatchObject({ availability: "away", bio: null });

    expect(await setExpertActive(db, domain, created.expert.id, false)).toBe(true);
    expect(await listExperts(db, domain)).toEqual([]);
    expect((await listExperts(db, domain, { includeInactive: true })).map((e) => e.active)).toEqual([false]);
  });

  it("never touches another shop's expert", async () => {
    const a = uniqueShop();
    const b = uniqueShop();
    const created = await createExpert(db, a.domain, ava);
    if (!created.ok) throw new Error("setup");
    expect(await getExpert(db, b.domain, created.expert.id)).toBeNull();
    expect((await updateExpert(db, b.domain, created.expert.id, ava)).ok).toBe(false);
    expect(await setExpertActive(db, b.domain, created.expert.id, false)).toBe(false);
    expect((await getExpert(db, a.domain, created.expert.id))!.active).toBe(true);
  });

  it.each([
    [{ name: "" }, "name", "Name is required"],
    [{ email: "not-an-email" }, "email", "valid email"],
    [{ photoUrl: "http://insecure.example.com/a.png" }, "photoUrl", "https://"],
    [{ capacity: "0" }, "capacity", "at least 1"],
    [{ capacity: "2.5" }, "capacity", "whole number"],
    [{ availability: "busy" }, "availability", "online or away"],
    [{ specialties: Array.from({ length: 11 }, (_, i) => `s${i}`).join(",") }, "specialties", "at most 10"],
    [{ bio: "x".repeat(501) }, "bio", "at most 500"],
  ])("rejects %o with a message on %s and stores nothing", async (patch, field, message) => {
    const { domain } = uniqueShop();
    const result = await createExpert(db, domain, { ...ava, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toContain(message);
    expect(await db.expert.count({ where: { shop: domain } })).toBe(0);
  });

  it("creates through the admin route and answers 422 with field errors", async () => {
    const shop = uniqueShop();
    await installShop(shop.domain);
    const post = async (form: Record<string, string>) =>
      callRoute(
        expertRoute.action,
        await adminRequest("/app/experts/new", shop.name, {
          method: "POST",
          body: new URLSearchParams(form),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
        { id: "new" },
      );
    const bad = await post({ ...ava, capacity: "-3" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors.capacity).toBe("Capacity must be at least 1");
    const good = await post(ava);
    expect(good.status).toBe(302);
    const [expert] = await listExperts(db, shop.domain);
    expect(new URL(good.headers.get("Location")!).pathname).toBe(`/app/experts/${expert!.id}`);
  });
});
