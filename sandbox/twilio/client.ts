// The official SDK pointed at the stand-in: a RequestClient that sends every request for
// *.twilio.com to the stand-in's origin instead, leaving path, query, body and auth intact.
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type Response from "twilio/lib/http/response";

export class RedirectingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly standInUrl: string,
    options?: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = opts.uri.replace(/^https:\/\/[a-z0-9.-]*twilio\.com/i, this.standInUrl.replace(/\/$/, ""));
    return super.request({ ...opts, uri });
  }
}

export function sandboxTwilioClient(
  standInUrl: string,
  accountSid: string,
  authToken: string,
  options?: RequestClient.RequestClientOptions,
): twilio.Twilio {
  return twilio(accountSid, authToken, { httpClient: new RedirectingRequestClient(standInUrl, options) });
}
