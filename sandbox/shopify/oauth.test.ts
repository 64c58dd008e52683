// POST /admin/oauth/access_token and GET /admin/oauth/authorize, spoken as Shopify does.
import { createHmac } from "node:crypto";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oauthQueryHmac } from "./auth";
import { API_KEY, API_SECRET, SCOPES, SHOP, startDemoAdmin } from "./test-support";

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

/** An App Bridge session token signed with node:crypto, independent of the stand-in's code. */
function sessionToken(secret: string, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const payload = { iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: API_KEY, sub: "42", exp: now + 60, nbf: now - 5, iat: now, jti: "j1", sid: "s1", ...overrides };
  const unsigned = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(payload)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

describe("OAuth endpoints", () => {
  let admin: Awaited<ReturnType<typeof startDemoAdmin>>;
  beforeAll(async () => {
    admin = await startDemoAdmin({ schema: "subset" });
  });
  afterAll(() => admin.server.close());

  const accessToken = async (body: Record<string, string>, contentType: "json" | "form" = "json") => {
    const response = await fetch(`${admin.server.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": contentType === "json" ? "application/json" : "application/x-www-form-urlencoded", "X-Forwarded-Host": SHOP },
      body: contentType === "json" ? JSON.stringify(body) : new URLSearchParams(body).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const exchange = (subject: string, requested = OFFLINE, extra: Record<string, string> = {}) =>
    accessToken({ client_id: API_KEY, client_secret: API_SECRET, grant_type: TOKEN_EXCHANGE, subject_token: subject, subject_token_type: ID_TOKEN, requested_token_type: requested, ...extra });
  const shopName = async (token: string) => {
    const response = await fetch(`${admin.server.url}/admin/api/2025-01/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Forwarded-Host": SHOP },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    return response.status === 200 ? ((await response.json()) as { data: { shop: { name: string } } }).data.shop.name : response.status;
  };

  it("exchanges a session token signed with the app secret for an offline token that works", async () => {
    const { status, body } = await exchange(sessionToken(API_SECRET));
    expect(status).toBe(200);
    expect(body).toEqual({ access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/), scope: SCOPES.join(",") });
    expect(await shopName(body.access_token)).toBe("Lumen & Leaf");
  });

  it("accepts the test helper's getJwt token and form-encoded bodies", async () => {
    const { token } = await getJwt(SHOP.replace(".myshopify.com", ""), API_KEY, API_SECRET);
    const { status, body } = await accessToken(
      { client_id: API_KEY, client_secret: API_SECRET, grant_type: TOKEN_EXCHANGE, subject_token: token, subject_token_type: ID_TOKEN, requested_token_type: OFFLINE },
      "form",
    );
    expect(status).toBe(200);
    expect(await shopName(body.access_token)).toBe("Lumen & Leaf");
  });

  it("issues online tokens with expiry and the associated user from the session token's sub", async () => {
    const { body } = await exchange(sessionToken(API_SECRET, { sub: "77" }), ONLINE);
    expect(body).toMatchObject({
      access_token: expect.stringMatching(/^shpua_/),
      scope: SCOPES.join(","),
      expires_in: expect.any(Number),
      associated_user_scope: SCOPES.join(","),
      associated_user: { id: 77, account_owner: false, email: expect.any(String) },
    });
    expect(body.expires_in).toBeGreaterThan(80_000);
  });

  it("rejects a session token signed with another secret, for another shop or app, or expired", async () => {
    const cases = [
      sessionToken("not-the-app-secret"),
      sessionToken(API_SECRET, { dest: "https://someone-else.myshopify.com" }),
      sessionToken(API_SECRET, { aud: "another-app" }),
      sessionToken(API_SECRET, { exp: Math.floor(Date.now() / 1000) - 120 }),
    ];
    for (const subject of cases) {
      const { status, body } = await exchange(subject);
      expect(status).toBe(400);
      expect(body.error).toBe("invalid_subject_token");
      expect(body).not.toHaveProperty("access_token");
    }
  });

  it("rejects a wrong client secret and an unknown client id", async () => {
    const wrongSecret = await accessToken({ client_id: API_KEY, client_secret: "nope", grant_type: TOKEN_EXCHANGE, subject_token: sessionToken(API_SECRET), subject_token_type: ID_TOKEN });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe("invalid_client");
    const wrongId = await accessToken({ client_id: "someone", client_secret: API_SECRET, code: "x" });
    expect(wrongId.status).toBe(400);
    expect(wrongId.body.error).toBe("invalid_request");
  });

  it("runs the authorization-code grant: signed redirect, single-use code", async () => {
    const authorize = new URL(`${admin.server.url}/admin/oauth/authorize`);
    authorize.search = new URLSearchParams({ client_id: API_KEY, scope: SCOPES.join(","), redirect_uri: "https://app.example/auth/callback", state: "nonce-1" }).toString();
    const redirect = await fetch(authorize, { headers: { "X-Forwarded-Host": SHOP }, redirect: "manual" });
    expect(redirect.status).toBe(302);
    const callback = new URL(redirect.headers.get("location")!);
    expect(callback.origin + callback.pathname).toBe("https://app.example/auth/callback");
    const params = Object.fromEntries(callback.searchParams);
    expect(params).toMatchObject({ shop: SHOP, state: "nonce-1", code: expect.any(String), hmac: expect.any(String) });
    const { hmac, ...signed } = params;
    expect(hmac).toBe(oauthQueryHmac(signed, API_SECRET));
    expect(hmac).toBe(createHmac("sha256", API_SECRET).update(Object.keys(signed).sort().map((k) => `${k}=${signed[k]}`).join("&")).digest("hex"));

    const first = await accessToken({ client_id: API_KEY, client_secret: API_SECRET, code: params.code });
    expect(first.status).toBe(200);
    expect(await shopName(first.body.access_token)).toBe("Lumen & Leaf");
    const reused = await accessToken({ client_id: API_KEY, client_secret: API_SECRET, code: params.code });
    expect(reused.status).toBe(400);
  });

  it("issues expiring offline tokens with a refresh token that rotates", async () => {
    const { body } = await exchange(sessionToken(API_SECRET), OFFLINE, { expiring: "1" });
    expect(body).toMatchObject({ access_token: expect.any(String), expires_in: 3600, refresh_token: expect.stringMatching(/^shprt_/), refresh_token_expires_in: expect.any(Number) });
    const refreshed = await accessToken({ client_id: API_KEY, client_secret: API_SECRET, grant_type: "refresh_token", refresh_token: body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(body.access_token);
    expect(await shopName(refreshed.body.access_token)).toBe("Lumen & Leaf");
    const replay = await accessToken({ client_id: API_KEY, client_secret: API_SECRET, grant_type: "refresh_token", refresh_token: body.refresh_token });
    expect(replay.body.error).toBe("invalid_grant");
  });
});
