// The response token in the survey URL (?r=…). App proxy responses can't set cookies, so
// the URL carries the shopper's place: the response id plus an HMAC over shop and id. A
// token can't be guessed from an id, and a token from one shop is worthless at another.
import { createHmac, timingSafeEqual } from "node:crypto";

const SIG_LENGTH = 22; // 132 bits of base64url

function signature(secret: string, shop: string, responseId: string): string {
  return createHmac("sha256", `survey-response-token:${secret}`).update(`${shop}\n${responseId}`).digest("base64url").slice(0, SIG_LENGTH);
}

export function responseToken(secret: string, shop: string, responseId: string): string {
  return `${responseId}.${signature(secret, shop, responseId)}`;
}

/** The response id if the token is genuine for this shop, else null. */
export function verifyResponseToken(secret: string, shop: string, token: string | null | undefined): string | null {
  if (!token || token.length > 100) return null;
  const match = /^([a-z0-9]{10,40})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return null;
  const [, id, sig] = match as unknown as [string, string, string];
  const expected = Buffer.from(signature(secret, shop, id));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}
