// The part of Twilio's REST API v2010 that the stand-in implements: paths, the parameter
// names it reads, the "required" rules it enforces and the fields of each resource.
// The stand-in routes and renders from this table, and contract.test.ts checks it against
// the real OpenAPI spec, so the two cannot drift apart silently.

export const API_VERSION = "2010-04-01";

export const messageFields = [
  "account_sid",
  "api_version",
  "body",
  "date_created",
  "date_sent",
  "date_updated",
  "direction",
  "error_code",
  "error_message",
  "from",
  "messaging_service_sid",
  "num_media",
  "num_segments",
  "price",
  "price_unit",
  "sid",
  "status",
  "subresource_uris",
  "to",
  "uri",
] as const;

export const incomingPhoneNumberFields = [
  "account_sid",
  "address_sid",
  "address_requirements",
  "api_version",
  "beta",
  "capabilities",
  "date_created",
  "date_updated",
  "friendly_name",
  "identity_sid",
  "phone_number",
  "origin",
  "sid",
  "sms_application_sid",
  "sms_fallback_method",
  "sms_fallback_url",
  "sms_method",
  "sms_url",
  "status_callback",
  "status_callback_method",
  "trunk_sid",
  "uri",
  "voice_receive_mode",
  "voice_application_sid",
  "voice_caller_id_lookup",
  "voice_fallback_method",
  "voice_fallback_url",
  "voice_method",
  "voice_url",
  "emergency_status",
  "emergency_address_sid",
  "emergency_address_status",
  "bundle_sid",
  "status",
  "type",
] as const;

export const availablePhoneNumberFields = [
  "friendly_name",
  "phone_number",
  "lata",
  "locality",
  "rate_center",
  "latitude",
  "longitude",
  "region",
  "postal_code",
  "iso_country",
  "address_requirements",
  "beta",
  "capabilities",
] as const;

/** Paging fields around every list (the array itself sits under `OperationContract.listKey`). */
export const listEnvelopeFields = [
  "end",
  "first_page_uri",
  "next_page_uri",
  "page",
  "page_size",
  "previous_page_uri",
  "start",
  "uri",
] as const;

export type MessageField = (typeof messageFields)[number];
export type IncomingPhoneNumberField = (typeof incomingPhoneNumberFields)[number];
export type AvailablePhoneNumberField = (typeof availablePhoneNumberFields)[number];
export type ListEnvelopeField = (typeof listEnvelopeFields)[number];

/** Spec component names of the resources above, for the contract test. */
export const resourceSchemas = {
  message: { schema: "api.v2010.account.message", fields: messageFields },
  incomingPhoneNumber: { schema: "api.v2010.account.incoming_phone_number", fields: incomingPhoneNumberFields },
  availablePhoneNumberLocal: {
    schema: "api.v2010.account.available_phone_number_country.available_phone_number_local",
    fields: availablePhoneNumberFields,
  },
  availablePhoneNumberTollFree: {
    schema: "api.v2010.account.available_phone_number_country.available_phone_number_toll_free",
    fields: availablePhoneNumberFields,
  },
} as const;

export type ResourceName = keyof typeof resourceSchemas;

export interface OperationContract {
  method: "GET" | "POST" | "DELETE";
  /** The spec's path template. */
  path: string;
  /** Form (POST) or query (GET) parameter names the stand-in reads. Others are ignored, as Twilio does. */
  params: readonly string[];
  /** Each entry: at least one of these names must be present and non-empty, else `code`. */
  required: readonly { anyOf: readonly string[]; code: number; message: string }[];
  successStatus: 200 | 201 | 204;
  resource?: ResourceName;
  /** For lists: the key of the array in the envelope. */
  listKey?: string;
}

const messagePath = `/${API_VERSION}/Accounts/{AccountSid}/Messages.json`;
const incomingPath = `/${API_VERSION}/Accounts/{AccountSid}/IncomingPhoneNumbers.json`;

export const operations = {
  createMessage: {
    method: "POST",
    path: messagePath,
    params: ["To", "From", "MessagingServiceSid", "Body", "MediaUrl", "ContentSid", "StatusCallback"],
    // The spec marks only To as required; the other two rules are Twilio's documented runtime errors.
    required: [
      { anyOf: ["To"], code: 21604, message: "A 'To' phone number is required." },
      { anyOf: ["From", "MessagingServiceSid"], code: 21603, message: "A 'From' phone number is required." },
      { anyOf: ["Body", "MediaUrl", "ContentSid"], code: 21602, message: "Message body is required." },
    ],
    successStatus: 201,
    resource: "message",
  },
  listMessages: {
    method: "GET",
    path: messagePath,
    params: ["To", "From", "DateSent", "DateSent<", "DateSent>", "PageSize", "Page", "PageToken"],
    required: [],
    successStatus: 200,
    resource: "message",
    listKey: "messages",
  },
  fetchMessage: {
    method: "GET",
    path: `/${API_VERSION}/Accounts/{AccountSid}/Messages/{Sid}.json`,
    params: [],
    required: [],
    successStatus: 200,
    resource: "message",
  },
  deleteMessage: {
    method: "DELETE",
    path: `/${API_VERSION}/Accounts/{AccountSid}/Messages/{Sid}.json`,
    params: [],
    required: [],
    successStatus: 204,
  },
  listAvailableLocal: {
    method: "GET",
    path: `/${API_VERSION}/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json`,
    params: ["AreaCode", "Contains", "SmsEnabled", "MmsEnabled", "VoiceEnabled", "PageSize", "Page", "PageToken"],
    required: [],
    successStatus: 200,
    resource: "availablePhoneNumberLocal",
    listKey: "available_phone_numbers",
  },
  listAvailableTollFree: {
    method: "GET",
    path: `/${API_VERSION}/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/TollFree.json`,
    params: ["AreaCode", "Contains", "SmsEnabled", "MmsEnabled", "VoiceEnabled", "PageSize", "Page", "PageToken"],
    required: [],
    successStatus: 200,
    resource: "availablePhoneNumberTollFree",
    listKey: "available_phone_numbers",
  },
  createIncomingPhoneNumber: {
    method: "POST",
    path: incomingPath,
    params: [
      "PhoneNumber",
      "AreaCode",
      "FriendlyName",
      "SmsUrl",
      "SmsMethod",
      "SmsFallbackUrl",
      "SmsFallbackMethod",
      "StatusCallback",
      "StatusCallbackMethod",
      "VoiceUrl",
      "VoiceMethod",
    ],
    // The spec says so in prose ("You must provide an area_code or a phone_number"); code and
    // message are what Twilio has been reported to answer (twilio/twilio-cli#98).
    required: [{ anyOf: ["PhoneNumber", "AreaCode"], code: 400, message: "did or area_code is required." }],
    successStatus: 201,
    resource: "incomingPhoneNumber",
  },
  listIncomingPhoneNumbers: {
    method: "GET",
    path: incomingPath,
    params: ["PhoneNumber", "FriendlyName", "PageSize", "Page", "PageToken"],
    required: [],
    successStatus: 200,
    resource: "incomingPhoneNumber",
    listKey: "incoming_phone_numbers",
  },
  fetchIncomingPhoneNumber: {
    method: "GET",
    path: `/${API_VERSION}/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json`,
    params: [],
    required: [],
    successStatus: 200,
    resource: "incomingPhoneNumber",
  },
  updateIncomingPhoneNumber: {
    method: "POST",
    path: `/${API_VERSION}/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json`,
    params: [
      "FriendlyName",
      "SmsUrl",
      "SmsMethod",
      "SmsFallbackUrl",
      "SmsFallbackMethod",
      "StatusCallback",
      "StatusCallbackMethod",
      "VoiceUrl",
      "VoiceMethod",
    ],
    required: [],
    successStatus: 200,
    resource: "incomingPhoneNumber",
  },
  deleteIncomingPhoneNumber: {
    method: "DELETE",
    path: `/${API_VERSION}/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json`,
    params: [],
    required: [],
    successStatus: 204,
  },
} as const satisfies Record<string, OperationContract>;

export type OperationId = keyof typeof operations;

/** Parameters of Twilio's webhooks (not in the OpenAPI spec, which covers only the REST API). */
export const statusCallbackParams = [
  "AccountSid",
  "ApiVersion",
  "From",
  "MessageSid",
  "MessageStatus",
  "SmsSid",
  "SmsStatus",
  "To",
] as const;

export const inboundWebhookParams = [
  "ToCountry",
  "ToState",
  "SmsMessageSid",
  "NumMedia",
  "ToCity",
  "FromZip",
  "SmsSid",
  "FromState",
  "SmsStatus",
  "FromCity",
  "Body",
  "FromCountry",
  "To",
  "ToZip",
  "NumSegments",
  "MessageSid",
  "AccountSid",
  "From",
  "ApiVersion",
] as const;
