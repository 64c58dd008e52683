// Shopify's OAuth endpoints for one app: token exchange (App Bridge session token → access
// token), the authorization-code grant, refresh of expiring offline tokens, and
// client credentials. Tokens are remembered per shop so the GraphQL endpoint can check them.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface AppCredentials {
  apiKey: string;
  apiSecret: string;
  scopes: string[];
}

export interface IssuedToken {
  token: string;
  shop: string;
  scopes: string[];
  online: boolean;
  userId: number | null;
  expiresAt: number | null; // epoch ms
}

export interface OAuthResult {
  status: number;
  body: Record<string, unknown>;
}

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";
const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE_TTL_S = 86_399;
const EXPIRING_OFFLINE_TTL_S = 3_600;
const REFRESH_TTL_S = 7_776_000; // 90 days
const JWT_CLOCK_TOLERANCE_S = 10;

const oauthError = (status: number, error: string, description: string): OAuthResult => ({ status, body: { error, error_description: description } });
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** Verifies an HS256 JWT with `secret`; returns its payload or why it was rejected. */
export function verifyHs256(token: string, secret: string, nowS = Date.now() / 1000): { payload: Record<string, unknown> } | { error: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { error: "malformed token" };
  const [header, payload, signature] = parts;
  let parsedHeader: { alg?: string };
  let parsedPayload: Record<string, unknown>;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    parsedPayload = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { error: "malformed token" };
  }
  if (parsedHeader.alg !== "HS256") return { error: `unsupported algorithm ${parsedHeader.alg}` };
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { error: "signature verification failed" };
  if (typeof parsedPayload.exp === "number" && parsedPayload.exp + JWT_CLOCK_TOLERANCE_S < nowS) return { error: "token expired" };
  if (typeof parsedPayload.nbf === "number" && parsedPayload.nbf - JWT_CLOCK_TOLERANCE_S > nowS) return { error: "token not yet valid" };
  return { payload: parsedPayload };
}

/** Shopify's OAuth redirect HMAC: hex SHA-256 over sorted `k=v` pairs joined with `&`. */
export function oauthQueryHmac(params: Record<string, string>, secret: string): string {
  const message = Object.keys(params).filter((k) => k !== "hmac" && k !== "signature").sort().map((k) => `${k}=${params[k]}`).join("&");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export class OAuthApp {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, { shop: string }>();
  private readonly codes = new Map<string, { shop: string; online: boolean; scopes: string[] }>();

  constructor(readonly app: AppCredentials, private readonly now: () => number = Date.now) {}

  /** The token's grant if it is valid for `shop`. */
  check(token: string | undefined, shop: string): IssuedToken | undefined {
    const issued = token ? this.tokens.get(token) : undefined;
    if (!issued || issued.shop !== shop) return undefined;
    if (issued.expiresAt !== null && issued.expiresAt <= this.now()) return undefined;
    return issued;
  }

  /** Issues a token directly (the sandbox uses this to seed an installed app's session). */
  issue(shop: string, options: { online?: boolean; userId?: number; expiring?: boolean; scopes?: string[] } = {}): IssuedToken {
    if (!options.online && !options.expiring && !options.scopes) {
      const existing = [...this.tokens.values()].find((t) => t.shop === shop && !t.online && t.expiresAt === null);
      if (existing) return existing; // offline tokens are stable per shop, as in Shopify
    }
    const ttl = options.online ? ONLINE_TTL_S : options.expiring ? EXPIRING_OFFLINE_TTL_S : null;
    const issued: IssuedToken = {
      token: `${options.online ? "shpua" : "shpat"}_${hex(16)}`,
      shop,
      scopes: options.scopes ?? this.app.scopes,
      online: !!options.online,
      userId: options.online ? (options.userId ?? 1) : null,
      expiresAt: ttl === null ? null : this.now() + ttl * 1000,
    };
    this.tokens.set(issued.token, issued);
    return issued;
  }

  revokeAll(shop: string): void {
    for (const [token, issued] of this.tokens) if (issued.shop === shop) this.tokens.delete(token);
  }

  /** `GET /admin/oauth/authorize`: approves at once and sends the merchant back with a signed code. */
  authorize(shop: string, query: URLSearchParams): { status: number; location?: string; body?: Record<string, unknown> } {
    if (query.get("client_id") !== this.app.apiKey) return { status: 400, body: { errors: "Invalid client_id" } };
    const redirectUri = query.get("redirect_uri");
    if (!redirectUri) return { status: 400, body: { errors: "Missing redirect_uri" } };
    const code = hex(16);
    const online = query.getAll("grant_options[]").includes("per-user");
    this.codes.set(code, { shop, online, scopes: this.app.scopes });
    const params: Record<string, string> = {
      code,
      host: Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`).toString("base64url"),
      shop,
      state: query.get("state") ?? "",
      timestamp: String(Math.floor(this.now() / 1000)),
    };
    const location = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) location.searchParams.set(k, v);
    location.searchParams.set("hmac", oauthQueryHmac(params, this.app.apiSecret));
    return { status: 302, location: location.toString() };
  }

  /** `POST /admin/oauth/access_token` for `shop`, with the merged form/JSON/query parameters. */
  accessToken(shop: string, params: Record<string, string>): OAuthResult {
    if (params.client_id !== this.app.apiKey) {
      return oauthError(400, "invalid_request", `Could not find Shopify API application with api_key ${params.client_id ?? ""}`.trim());
    }
    if (params.client_secret !== this.app.apiSecret) {
      return oauthError(401, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
    }
    const grant = params.grant_type ?? (params.code ? "authorization_code" : undefined);
    switch (grant) {
      case TOKEN_EXCHANGE: return this.tokenExchange(shop, params);
      case "authorization_code": return this.authorizationCode(shop, params);
      case "refresh_token": return this.refresh(shop, params);
      case "client_credentials": return { status: 200, body: this.responseFor(this.issue(shop, { expiring: true }), false) };
      default: return oauthError(400, "unsupported_grant_type", `The authorization grant type is not supported by the authorization server.`);
    }
  }

  private tokenExchange(shop: string, params: Record<string, string>): OAuthResult {
    const subject = params.subject_token;
    if (!subject) return oauthError(400, "missing_subject_token", "");
    const requested = params.requested_token_type ?? OFFLINE_TOKEN_TYPE;
    if (requested !== OFFLINE_TOKEN_TYPE && requested !== ONLINE_TOKEN_TYPE) {
      return oauthError(400, "invalid_request", `Unsupported requested_token_type ${requested}`);
    }
    const expiring = params.expiring === "1" || params.expiring === "true";

    // Migrating a non-expiring offline token to an expiring one.
    if (params.subject_token_type === OFFLINE_TOKEN_TYPE) {
      const old = this.check(subject, shop);
      if (!old || old.online) return oauthError(400, "invalid_subject_token", "The subject token is not a valid offline access token for this shop.");
      this.tokens.delete(old.token);
      return { status: 200, body: this.responseFor(this.issue(shop, { expiring: true }), true) };
    }
    if ((params.subject_token_type ?? ID_TOKEN_TYPE) !== ID_TOKEN_TYPE) {
      return oauthError(400, "invalid_request", `Unsupported subject_token_type ${params.subject_token_type}`);
    }
    const verified = verifyHs256(subject, this.app.apiSecret, this.now() / 1000);
    if ("error" in verified) return oauthError(400, "invalid_subject_token", `Session token is invalid: ${verified.error}`);
    const { payload } = verified;
    if (payload.aud !== this.app.apiKey) return oauthError(400, "invalid_subject_token", "Session token audience does not match the client_id");
    if (payload.dest !== `https://${shop}`) return oauthError(400, "invalid_subject_token", `Session token was issued for ${String(payload.dest)}, not https://${shop}`);

    const online = requested === ONLINE_TOKEN_TYPE;
    const issued = this.issue(shop, { online, userId: Number(payload.sub) || 1, expiring });
    return { status: 200, body: this.responseFor(issued, expiring && !online) };
  }

  private authorizationCode(shop: string, params: Record<string, string>): OAuthResult {
    const grant = params.code ? this.codes.get(params.code) : undefined;
    if (!grant || grant.shop !== shop) return oauthError(400, "invalid_request", "The authorization code was not found or was already used");
    this.codes.delete(params.code);
    const expiring = params.expiring === "1";
    return { status: 200, body: this.responseFor(this.issue(shop, { online: grant.online, expiring }), expiring && !grant.online) };
  }

  private refresh(shop: string, params: Record<string, string>): OAuthResult {
    const known = params.refresh_token ? this.refreshTokens.get(params.refresh_token) : undefined;
    if (!known || known.shop !== shop) return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
    this.refreshTokens.delete(params.refresh_token);
    return { status: 200, body: this.responseFor(this.issue(shop, { expiring: true }), true) };
  }

  private responseFor(issued: IssuedToken, withRefreshToken: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = { access_token: issued.token, scope: issued.scopes.join(",") };
    if (issued.expiresAt !== null) body.expires_in = Math.round((issued.expiresAt - this.now()) / 1000);
    if (withRefreshToken) {
      const refreshToken = `shprt_${hex(16)}`;
      this.refreshTokens.set(refreshToken, { shop: issued.shop });
      body.refresh_token = refreshToken;
      body.refresh_token_expires_in = REFRESH_TTL_S;
    }
    if (issued.online) {
      body.associated_user_scope = issued.scopes.join(",");
      body.associated_user = {
        id: issued.userId,
        first_name: "Sandbox",
        last_name: "Staff",
        email: `staff+${issued.userId}@${issued.shop}`,
        account_owner: issued.userId === 1,
        locale: "en",
        collaborator: false,
        email_verified: true,
      };
    }
    return body;
  }
}
