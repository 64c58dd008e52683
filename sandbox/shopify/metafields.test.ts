// App-data metafields: currentAppInstallation and metafieldsSet, statefully, with Shopify's
// user errors, against the real schema (when present) and the subset.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gid } from "./state";
import { HAS_INTROSPECTION, MISSING_INTROSPECTION, startDemoAdmin } from "./test-support";

const sources = [
  { source: "introspection" as const, skip: !HAS_INTROSPECTION, note: HAS_INTROSPECTION ? "" : ` [skipped: ${MISSING_INTROSPECTION}]` },
  { source: "subset" as const, skip: false, note: "" },
];

const INSTALLATION = `query Installation($namespace: String!, $key: String!) {
  currentAppInstallation {
    id
    metafield(namespace: $namespace, key: $key) { id namespace key type value jsonValue compareDigest createdAt updatedAt }
  }
}`;

const SET = `mutation Set($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id namespace key type value }
    userErrors { field message code elementIndex }
  }
}`;

for (const { source, skip, note } of sources) {
  describe.skipIf(skip)(`app-data metafields (${source} schema)${note}`, () => {
    let admin: Awaited<ReturnType<typeof startDemoAdmin>>;
    let ownerId: string;
    beforeAll(async () => {
      admin = await startDemoAdmin({ schema: source });
      ownerId = gid("AppInstallation", admin.store.appInstallation.id);
    });
    afterAll(() => admin.server.close());

    const set = async (metafields: Record<string, unknown>[]) => {
      const { body } = await admin.graphql(SET, { metafields });
      expect(body.errors).toBeUndefined();
      return body.data!.metafieldsSet as { metafields: Record<string, unknown>[]; userErrors: Record<string, unknown>[] };
    };
    const read = async (namespace: string, key: string) => {
      const { body } = await admin.graphql(INSTALLATION, { namespace, key });
      expect(body.errors).toBeUndefined();
      return body.data!.currentAppInstallation as { id: string; metafield: Record<string, unknown> | null };
    };

    it("answers currentAppInstallation with the installation's id and no metafield yet", async () => {
      expect(await read("concierge", "nothing")).toEqual({ id: ownerId, metafield: null });
    });

    it("sets a json metafield, reads it back typed, and updates it in place", async () => {
      const value = { fab: { enabled: false, label: "" }, banner: { enabled: true, headline: "Hi" } };
      const created = await set([{ ownerId, namespace: "concierge", key: "placements", type: "json", value: JSON.stringify(value) }]);
      expect(created.userErrors).toEqual([]);
      expect(created.metafields).toEqual([{ id: expect.stringMatching(/^gid:\/\/shopify\/Metafield\/\d+$/), namespace: "concierge", key: "placements", type: "json", value: JSON.stringify(value) }]);

      const first = (await read("concierge", "placements")).metafield!;
      expect(first).toMatchObject({ id: created.metafields[0]!.id, type: "json", value: JSON.stringify(value), jsonValue: value });
      expect(admin.store.appMetafield("concierge", "placements")?.value).toBe(JSON.stringify(value));

      // Same owner, namespace and key: the same metafield, new value and digest.
      const next = { ...value, fab: { enabled: true, label: "Ask Sam" } };
      const updated = await set([{ ownerId, namespace: "concierge", key: "placements", type: "json", value: JSON.stringify(next) }]);
      expect(updated.metafields[0]!.id).toBe(first.id);
      const second = (await read("concierge", "placements")).metafield!;
      expect(second.jsonValue).toEqual(next);
      expect(second.createdAt).toBe(first.createdAt);
      expect(second.compareDigest).not.toBe(first.compareDigest);

      const { body } = await admin.graphql(`{ currentAppInstallation { metafields(first: 5, namespace: "concierge") { nodes { key } } } }`);
      expect(body.data!.currentAppInstallation.metafields.nodes).toEqual([{ key: "placements" }]);
    });

    it("costs 10 points as a mutation", async () => {
      const { body } = await admin.graphql(SET, { metafields: [{ ownerId, namespace: "concierge", key: "cost_check", type: "boolean", value: "true" }] });
      expect(body.extensions!.cost.requestedQueryCost).toBe(10);
    });

    it("refuses invalid JSON with a user error on the value, and writes nothing of the batch", async () => {
      const result = await set([
        { ownerId, namespace: "concierge", key: "atomic_ok", type: "json", value: "{}" },
        { ownerId, namespace: "concierge", key: "atomic_bad", type: "json", value: "{fab: on}" },
      ]);
      expect(result.metafields).toEqual([]);
      expect(result.userErrors).toEqual([
        { field: ["metafields", "1", "value"], message: expect.stringMatching(/^Value is invalid JSON: /), code: "INVALID_VALUE", elementIndex: 1 },
      ]);
      expect(admin.store.appMetafield("concierge", "atomic_ok")).toBeUndefined();
    });

    it.each([
      [{ namespace: "cc" }, ["metafields", "0", "namespace"], "TOO_SHORT", "Namespace is too short (minimum is 3 characters)"],
      [{ namespace: "con cierge" }, ["metafields", "0", "namespace"], "INVALID_VALUE", "Namespace contains one or more invalid characters."],
      [{ key: "p" }, ["metafields", "0", "key"], "TOO_SHORT", "Key is too short (minimum is 2 characters)"],
      [{ key: "k".repeat(65) }, ["metafields", "0", "key"], "TOO_LONG", "Key is too long (maximum is 64 characters)"],
      [{ key: "place.ments" }, ["metafields", "0", "key"], "INVALID_VALUE", "Key contains one or more invalid characters."],
      [{ type: null, key: "new_one" }, ["metafields", "0", "type"], "BLANK", "Type can't be blank"],
      [{ type: "jsonb" }, ["metafields", "0", "type"], "INVALID_TYPE", "Type 'jsonb' is not a valid metafield type."],
      [{ type: "boolean", value: "yes" }, ["metafields", "0", "value"], "INVALID_VALUE", "Value must be true or false."],
      [{ value: "" }, ["metafields", "0", "value"], "BLANK", "Value can't be blank"],
      [{ value: JSON.stringify("x".repeat(128 * 1024)) }, ["metafields", "0", "value"], "TOO_LONG", "Value is too long (maximum is 131072 bytes)"],
    ])("refuses %o", async (patch, field, code, message) => {
      const input = { ownerId, namespace: "concierge", key: "checks", type: "json", value: "{}", ...patch };
      const result = await set([input]);
      expect(result).toEqual({ metafields: [], userErrors: [{ field, message, code, elementIndex: 0 }] });
    });

    it("only writes the caller's own installation", async () => {
      const other = await set([{ ownerId: gid("AppInstallation", admin.store.appInstallation.id + 1000), namespace: "concierge", key: "placements", type: "json", value: "{}" }]);
      expect(other.userErrors).toEqual([{ field: ["metafields", "0", "ownerId"], message: expect.any(String), code: "APP_NOT_AUTHORIZED", elementIndex: 0 }]);
      const shopOwned = await set([{ ownerId: gid("Shop", admin.store.info.id), namespace: "concierge", key: "placements", type: "json", value: "{}" }]);
      expect(shopOwned.userErrors).toEqual([expect.objectContaining({ field: ["metafields", "0", "ownerId"], code: "INVALID_VALUE" })]);
    });

    it("takes at most 25 metafields per call", async () => {
      const many = Array.from({ length: 26 }, (_, i) => ({ ownerId, namespace: "concierge", key: `k${i}x`, type: "json", value: "{}" }));
      expect(await set(many)).toEqual({
        metafields: [],
        userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }],
      });
    });

    it("honours compareDigest: the current digest writes, a stale one or null on an existing metafield doesn't", async () => {
      const base = { ownerId, namespace: "concierge", key: "guarded", type: "json" };
      expect((await set([{ ...base, value: "[1]", compareDigest: null }])).userErrors).toEqual([]);
      const { compareDigest } = (await read("concierge", "guarded")).metafield as { compareDigest: string };
      expect((await set([{ ...base, value: "[2]", compareDigest }])).userErrors).toEqual([]);
      for (const stale of [compareDigest, null]) {
        const result = await set([{ ...base, value: "[3]", compareDigest: stale }]);
        expect(result.userErrors).toEqual([expect.objectContaining({ field: ["metafields", "0", "compareDigest"], code: "STALE_OBJECT" })]);
      }
      expect(admin.store.appMetafield("concierge", "guarded")?.value).toBe("[2]");
    });

    it("puts a metafield without a namespace in the app-reserved one", async () => {
      expect((await set([{ ownerId, key: "reserved", type: "single_line_text_field", value: "hello" }])).userErrors).toEqual([]);
      const { body } = await admin.graphql(`{ currentAppInstallation { metafield(key: "reserved") { namespace value } } }`);
      expect(body.data!.currentAppInstallation.metafield).toEqual({ namespace: `app--${admin.store.appId}`, value: "hello" });
    });
  });
}
