import { describe, expect, it } from "vitest";
import { models, parentsFirst, parentsOf } from "./models.server";

describe("data model", () => {
  it("reads every model with its relations and defaults", () => {
    const names = models.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(["Session", "Shop", "Shopper", "Conversation", "Message", "WebhookEvent"]));
    const message = models.find((m) => m.name === "Message")!;
    expect(parentsOf(message).sort()).toEqual(["Conversation", "Shopper"]);
    const key = message.fields.find((f) => f.name === "businessKey")!;
    expect(key).toMatchObject({ kind: "scalar", isRequired: true, hasDefaultValue: false });
    expect(message.fields.find((f) => f.name === "twilioSid")!.isRequired).toBe(false);
  });

  it("scopes every table by shop", () => {
    for (const m of models) expect(m.fields.map((f) => f.name), m.name).toContain("shop");
  });

  it("orders parents before children", () => {
    const order = parentsFirst().map((m) => m.name);
    for (const m of models) for (const p of parentsOf(m)) expect(order.indexOf(p), `${p} before ${m.name}`).toBeLessThan(order.indexOf(m.name));
  });
});
