// Twilio request validation with the SDK. The URL Twilio signed is our public app URL
// plus the path, not whatever host the request arrived on behind a proxy.
import twilio from "twilio";

export type TwilioForm = Record<string, string>;

export async function readSignedTwilioForm(
  request: Request,
  opts: { authToken: string; appUrl: string },
): Promise<TwilioForm | null> {
  const signature = request.headers.get("x-twilio-signature");
  if (!signature) return null;
  const form = await request.formData();
  const params: TwilioForm = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") params[key] = value;
  const url = new URL(request.url);
  const signedUrl = `${opts.appUrl}${url.pathname}${url.search}`;
  return twilio.validateRequest(opts.authToken, signature, signedUrl, params) ? params : null;
}
