// A local stand-in for Twilio's REST API (v2010: Messages, AvailablePhoneNumbers,
// IncomingPhoneNumbers) that speaks Twilio's protocol: Basic auth, form-encoded requests,
// Twilio's JSON errors and resources, signed status callbacks and inbound webhooks.
// Which paths, parameters and fields exist comes from ./contract.ts; see README.md.
import { EventEmitter } from "node:events";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";
import { z } from "zod";
import {
  API_VERSION,
  inboundWebhookParams,
  operations,
  statusCallbackParams as statusCallbackParamNames,
  type AvailablePhoneNumberField,
  type IncomingPhoneNumberField,
  type ListEnvelopeField,
  type MessageField,
  type OperationContract,
  type OperationId,
} from "./contract";
import { contentTypeFromUrl, gradientPng } from "./media";
import {
  containsPatternMatcher,
  friendlyName,
  localCandidates,
  numberGeography,
  partialNumberMatcher,
  tollFreeCandidates,
  tollFreePrefixes,
  type CandidateNumber,
} from "./numbers";
import { countSegments } from "./segments";

export type MessageStatus =
  | "queued"
  | "sending"
  | "sent"
  | "failed"
  | "delivered"
  | "undelivered"
  | "receiving"
  | "received"
  | "accepted"
  | "scheduled"
  | "read"
  | "partially_delivered"
  | "canceled";
export type MessageDirection = "inbound" | "outbound-api" | "outbound-call" | "outbound-reply";

export interface SandboxMessage {
  sid: string;
  direction: MessageDirection;
  from: string | null;
  to: string;
  body: string;
  mediaUrls: string[];
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  messagingServiceSid: string | null;
  numSegments: number;
  statusCallback: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
  statusHistory: { status: MessageStatus; at: Date }[];
  /** Form parameters sent but not read by the stand-in (Twilio ignores unknown names too). */
  ignoredParams: string[];
}

export interface WebhookDelivery {
  kind: "status" | "inbound";
  messageSid: string;
  /** The URL as Twilio would call it, and as signed. */
  url: string;
  /** Where the request actually went (differs when `webhookTarget` redirects it). */
  deliveredTo: string;
  method: "GET" | "POST";
  params: Record<string, string>;
  signature: string;
  messageStatus?: MessageStatus;
  /** The HTTP status the receiver answered; null when it could not be reached. */
  statusCode: number | null;
  error?: string;
  responseBody?: string;
  at: Date;
}

export interface RejectedRequest {
  operation: OperationId;
  code: number;
  message: string;
  to?: string;
  at: Date;
}

export interface IncomingPhoneNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  type: "local" | "toll-free";
  smsUrl: string;
  smsMethod: "GET" | "POST";
  smsFallbackUrl: string;
  smsFallbackMethod: "GET" | "POST";
  statusCallback: string;
  statusCallbackMethod: "GET" | "POST";
  voiceUrl: string;
  voiceMethod: "GET" | "POST";
  dateCreated: Date;
  dateUpdated: Date;
}

export interface TwilioStore {
  messages: SandboxMessage[];
  webhooks: WebhookDelivery[];
  rejected: RejectedRequest[];
  incomingPhoneNumbers: IncomingPhoneNumber[];
  media: Map<string, { contentType: string; bytes: Buffer }>;
}

export interface StartTwilioOptions {
  port?: number;
  accountSid: string;
  authToken: string;
  /** Delay before "sent", then before the final status. Default 500 / 1000 ms. */
  statusDelaysMs?: { sent: number; delivered: number };
  /** How long a send to the timeout number is held before answering. Default 35 000 ms. */
  timeoutHoldMs?: number;
  /** Inbound webhook URL for numbers without an SmsUrl. */
  defaultInboundUrl?: string;
  /** Base of media URLs handed out (default: this server's URL). */
  publicMediaBaseUrl?: string;
  /**
   * Network redirection at the edge: where to actually send a webhook whose URL (as signed)
   * is `url`, e.g. the app's public https URL mapped to its local port. Default: `url` itself.
   */
  webhookTarget?: (url: string) => string;
  /** Messaging Services' sender pools (MG… → numbers): picks From for service sends, tags inbound. */
  messagingServices?: Record<string, string[]>;
  log?: (line: string) => void;
}

export interface InboundInput {
  from: string;
  to: string;
  body?: string;
  /** Absolute URLs, or paths resolved against the media base URL (e.g. "/media/sample.png"). */
  mediaUrls?: string[];
}

export interface TwilioSandbox {
  url: string;
  port: number;
  store: TwilioStore;
  close(): Promise<void>;
  /** A shopper texting `to`: stores the inbound message and posts the signed webhook; `status` is the app's HTTP answer (0 if unreachable). */
  simulateInbound(input: InboundInput): Promise<{ sid: string; status: number }>;
  /** Fires when a message is stored and on each status change. Returns an unsubscribe function. */
  on(event: "message", listener: (message: SandboxMessage) => void): () => void;
  /** Stores media and returns the URL it is served at. */
  addMedia(bytes: Buffer, contentType: string): string;
  /** Resolves when every scheduled status change and callback so far has run. */
  settled(): Promise<void>;
}

type MagicRecipient =
  | { kind: "reject"; code: number; message: string }
  | { kind: "undelivered"; errorCode: number; errorMessage: string }
  | { kind: "timeout" };

/** `To` numbers with scripted outcomes, modelled on Twilio's test numbers (see README.md). */
export const magicRecipients: Record<string, MagicRecipient> = {
  "+15005550001": { kind: "reject", code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." },
  "+15005550004": { kind: "reject", code: 21610, message: "Attempt to send to unsubscribed recipient" },
  "+15005550030": { kind: "undelivered", errorCode: 30003, errorMessage: "Unreachable destination handset" },
  "+15005550031": { kind: "undelivered", errorCode: 30007, errorMessage: "Message filtered" },
  "+15005550032": { kind: "timeout" },
};

/** The sender a Messaging Service uses when it has no configured pool and no number is owned. */
const fallbackServiceSender = "+15005550006";

const e164 = /^\+[1-9]\d{6,14}$/;
const channelAddress = /^(whatsapp|messenger|rcs):.+$/;

function isValidTo(value: string): boolean {
  return e164.test(value) || channelAddress.test(value);
}

function isValidFrom(value: string): boolean {
  // E.164, short code, alphanumeric sender ID, or a channel address.
  return e164.test(value) || /^\d{3,6}$/.test(value) || /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(value) || channelAddress.test(value);
}

export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString("hex");
}

export function rfc2822(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}

class TwilioError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Request parameters (form body for POST, query for GET), with repeatable names. */
class RequestParams {
  constructor(private readonly search: URLSearchParams) {}
  get(name: string): string | undefined {
    return this.search.get(name) ?? undefined;
  }
  getAll(name: string): string[] {
    return this.search.getAll(name);
  }
  present(name: string): boolean {
    return this.search.getAll(name).some((v) => v !== "");
  }
  names(): string[] {
    return [...new Set(this.search.keys())];
  }
}

interface CompiledOperation {
  id: OperationId;
  contract: OperationContract;
  regex: RegExp;
  names: string[];
}

const compiledOperations: CompiledOperation[] = (Object.entries(operations) as [OperationId, OperationContract][]).map(([id, contract]) => {
  const names: string[] = [];
  const source = contract.path
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => {
      const m = /^\{([A-Za-z]+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      names.push(m[1]);
      return "([^/]+)";
    })
    .join("");
  return { id, contract, regex: new RegExp(`^${source}$`), names };
});

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function sendJson(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendTwilioError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

type DateFilter = { day: string } | { second: number };

function parseDateFilter(name: string, value: string): DateFilter {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { day: value };
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TwilioError(400, 20001, `Invalid value for ${name}: ${value}`);
  return { second: Math.floor(ms / 1000) };
}

function compareToFilter(date: Date, filter: DateFilter): number {
  if ("day" in filter) {
    const day = date.toISOString().slice(0, 10);
    return day < filter.day ? -1 : day > filter.day ? 1 : 0;
  }
  const second = Math.floor(date.getTime() / 1000);
  return Math.sign(second - filter.second);
}

function pageSize(params: RequestParams): number {
  const raw = Number(params.get("PageSize") ?? 50);
  return Number.isInteger(raw) ? Math.min(Math.max(raw, 1), 1000) : 50;
}

/**
 * Twilio's list envelope over `items` (already filtered and ordered). Page tokens name the
 * item a page continues after (PA…) or ends before (PB…), so pages stay stable as items arrive.
 */
function paginate<T>(
  items: T[],
  keyOf: (item: T) => string,
  params: RequestParams,
  path: string,
  filterQuery: [string, string][],
): { envelope: Record<ListEnvelopeField, Json>; page: T[] } {
  const size = pageSize(params);
  const pageIndex = Math.max(0, Number.parseInt(params.get("Page") ?? "0", 10) || 0);
  const token = params.get("PageToken");
  let start = pageIndex * size;
  if (token?.startsWith("PA")) {
    const after = items.findIndex((item) => keyOf(item) === token.slice(2));
    if (after >= 0) start = after + 1;
  } else if (token?.startsWith("PB")) {
    const before = items.findIndex((item) => keyOf(item) === token.slice(2));
    if (before >= 0) start = Math.max(0, before - size);
  }
  const page = items.slice(start, start + size);
  const uriFor = (index: number, pageToken?: string) => {
    const query = new URLSearchParams(filterQuery);
    query.set("PageSize", String(size));
    query.set("Page", String(index));
    if (pageToken) query.set("PageToken", pageToken);
    return `${path}?${query.toString()}`;
  };
  const hasNext = start + size < items.length && page.length > 0;
  const hasPrevious = pageIndex > 0 && start > 0 && page.length > 0;
  return {
    page,
    envelope: {
      end: page.length > 0 ? start + page.length - 1 : start,
      first_page_uri: uriFor(0),
      next_page_uri: hasNext ? uriFor(pageIndex + 1, `PA${keyOf(page[page.length - 1])}`) : null,
      page: pageIndex,
      page_size: size,
      previous_page_uri: hasPrevious ? uriFor(pageIndex - 1, `PB${keyOf(page[0])}`) : null,
      start,
      uri: uriFor(pageIndex, token),
    },
  };
}

function decodeXml(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
}

/** The <Message> verbs of a TwiML answer to an inbound webhook (Twilio sends them as replies). */
export function twimlReplies(xml: string): { body: string; mediaUrls: string[]; to?: string; from?: string }[] {
  const replies: { body: string; mediaUrls: string[]; to?: string; from?: string }[] = [];
  for (const m of xml.matchAll(/<Message\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Message>)/g)) {
    const attributes = m[1] ?? "";
    const inner = m[2] ?? "";
    const attribute = (name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(attributes)?.[1];
    const bodyElement = /<Body>([\s\S]*?)<\/Body>/.exec(inner);
    const mediaUrls = [...inner.matchAll(/<Media>([\s\S]*?)<\/Media>/g)].map((x) => decodeXml(x[1].trim()));
    const body = bodyElement ? bodyElement[1] : /<(Body|Media)>/.test(inner) ? "" : inner;
    const to = attribute("to");
    const from = attribute("from");
    replies.push({ body: decodeXml(body.trim()), mediaUrls, ...(to ? { to: decodeXml(to) } : {}), ...(from ? { from: decodeXml(from) } : {}) });
  }
  return replies;
}

const inboundRequestSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  body: z.string().optional(),
  mediaUrls: z.array(z.string()).optional(),
});

const webhookTimeoutMs = 15_000; // Twilio gives up on a webhook after 15 s

export async function startTwilio(opts: StartTwilioOptions): Promise<TwilioSandbox> {
  const { accountSid, authToken } = opts;
  const delays = opts.statusDelaysMs ?? { sent: 500, delivered: 1000 };
  const timeoutHoldMs = opts.timeoutHoldMs ?? 35_000;
  const log = opts.log ?? ((line: string) => console.warn(`[twilio sandbox] ${line}`));
  const webhookTarget = opts.webhookTarget ?? ((url: string) => url);
  const messagingServices = opts.messagingServices ?? {};

  const store: TwilioStore = { messages: [], webhooks: [], rejected: [], incomingPhoneNumbers: [], media: new Map() };
  store.media.set("sample.png", { contentType: "image/png", bytes: gradientPng() });

  const events = new EventEmitter();
  const timers = new Map<NodeJS.Timeout, () => void>();
  const pending = new Set<Promise<void>>();
  const sseClients = new Set<ServerResponse>();
  const shutdown = new AbortController();
  let closed = false;
  let baseUrl = "";
  const mediaBase = () => (opts.publicMediaBaseUrl ?? baseUrl).replace(/\/$/, "");

  const accountPath = `/${API_VERSION}/Accounts/${accountSid}`;
  const messageUri = (sid: string) => `${accountPath}/Messages/${sid}.json`;

  /** A timer that close() cancels; the promise then resolves early so waiters can see `closed`. */
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });
  }

  function track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => log(`background task failed: ${String(error)}`)).finally(() => pending.delete(tracked));
    pending.add(tracked);
  }

  function emitMessage(message: SandboxMessage): void {
    events.emit("message", message);
    const data = JSON.stringify(sandboxView(message));
    for (const client of sseClients) client.write(`event: message\ndata: ${data}\n\n`);
  }

  function renderMessage(message: SandboxMessage): Record<MessageField, Json> {
    const uri = messageUri(message.sid);
    return {
      account_sid: accountSid,
      api_version: API_VERSION,
      body: message.body,
      date_created: rfc2822(message.dateCreated),
      date_sent: message.dateSent ? rfc2822(message.dateSent) : null,
      date_updated: rfc2822(message.dateUpdated),
      direction: message.direction,
      error_code: message.errorCode,
      error_message: message.errorMessage,
      from: message.from,
      messaging_service_sid: message.messagingServiceSid,
      num_media: String(message.mediaUrls.length),
      num_segments: String(message.numSegments),
      price: null,
      price_unit: "USD",
      sid: message.sid,
      status: message.status,
      subresource_uris: {
        media: uri.replace(/\.json$/, "/Media.json"),
        feedback: uri.replace(/\.json$/, "/Feedback.json"),
      },
      to: message.to,
      uri,
    };
  }

  function sandboxView(message: SandboxMessage): Json {
    return {
      ...renderMessage(message),
      media_urls: message.mediaUrls,
      status_history: message.statusHistory.map((h) => ({ status: h.status, at: h.at.toISOString() })),
    };
  }

  function renderIncomingNumber(number: IncomingPhoneNumber): Record<IncomingPhoneNumberField, Json> {
    return {
      account_sid: accountSid,
      address_sid: null,
      address_requirements: "none",
      api_version: API_VERSION,
      beta: false,
      capabilities: { voice: true, sms: true, mms: true, fax: false },
      date_created: rfc2822(number.dateCreated),
      date_updated: rfc2822(number.dateUpdated),
      friendly_name: number.friendlyName,
      identity_sid: null,
      phone_number: number.phoneNumber,
      origin: "twilio",
      sid: number.sid,
      sms_application_sid: "",
      sms_fallback_method: number.smsFallbackMethod,
      sms_fallback_url: number.smsFallbackUrl,
      sms_method: number.smsMethod,
      sms_url: number.smsUrl,
      status_callback: number.statusCallback,
      status_callback_method: number.statusCallbackMethod,
      trunk_sid: null,
      uri: `${accountPath}/IncomingPhoneNumbers/${number.sid}.json`,
      voice_receive_mode: "voice",
      voice_application_sid: "",
      voice_caller_id_lookup: false,
      voice_fallback_method: "POST",
      voice_fallback_url: "",
      voice_method: number.voiceMethod,
      voice_url: number.voiceUrl,
      emergency_status: "Inactive",
      emergency_address_sid: null,
      emergency_address_status: "unregistered",
      bundle_sid: null,
      status: "in-use",
      type: number.type,
    };
  }

  function renderAvailableNumber(candidate: CandidateNumber): Record<AvailablePhoneNumberField, Json> {
    const area = candidate.area;
    return {
      friendly_name: candidate.friendlyName,
      phone_number: candidate.phoneNumber,
      lata: area?.lata || null,
      locality: area?.locality ?? null,
      rate_center: area ? area.locality.toUpperCase().replace(/\s+/g, "") : null,
      latitude: area?.latitude ?? null,
      longitude: area?.longitude ?? null,
      region: area?.region ?? null,
      postal_code: area?.postalCode ?? null,
      iso_country: candidate.isoCountry,
      address_requirements: "none",
      beta: false,
      capabilities: { mms: true, sms: true, voice: true, fax: false },
    };
  }

  function serviceOf(number: string): string | null {
    return Object.entries(messagingServices).find(([, numbers]) => numbers.includes(number))?.[0] ?? null;
  }

  function setStatus(message: SandboxMessage, status: MessageStatus, error?: { code: number; message: string }): void {
    if (message.status === status && !error) return;
    const now = new Date();
    message.statusHistory.push({ status, at: now });
    message.status = status;
    message.dateUpdated = now;
    if (error) {
      message.errorCode = error.code;
      message.errorMessage = error.message;
    }
    emitMessage(message);
  }

  async function sendWebhook(
    kind: WebhookDelivery["kind"],
    message: SandboxMessage,
    url: string,
    method: "GET" | "POST",
    params: Record<string, string>,
  ): Promise<WebhookDelivery> {
    // Twilio signs the full URL it calls, plus the POST parameters sorted by name.
    const signedUrl = method === "GET" ? `${url}${url.includes("?") ? "&" : "?"}${new URLSearchParams(params).toString()}` : url;
    const signature = twilio.getExpectedTwilioSignature(authToken, signedUrl, method === "GET" ? {} : params);
    const deliveredTo = webhookTarget(signedUrl);
    const delivery: WebhookDelivery = {
      kind,
      messageSid: message.sid,
      url: signedUrl,
      deliveredTo,
      method,
      params,
      signature,
      ...(kind === "status" ? { messageStatus: message.status } : {}),
      statusCode: null,
      at: new Date(),
    };
    try {
      const response = await fetch(deliveredTo, {
        method,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-Twilio-Signature": signature,
          "I-Twilio-Idempotency-Token": randomUUID(),
          "User-Agent": "TwilioProxy/1.1",
          Accept: "*/*",
        },
        body: method === "POST" ? new URLSearchParams(params).toString() : undefined,
        redirect: "manual",
        signal: AbortSignal.any([shutdown.signal, AbortSignal.timeout(webhookTimeoutMs)]),
      });
      delivery.statusCode = response.status;
      delivery.responseBody = await response.text();
      if (response.status >= 400) log(`${kind} webhook ${signedUrl} answered ${response.status}`);
    } catch (error) {
      delivery.error = error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}` : String(error);
      log(`${kind} webhook ${signedUrl} failed: ${delivery.error}`);
    }
    store.webhooks.push(delivery);
    return delivery;
  }

  function statusCallbackParams(message: SandboxMessage): Record<string, string> {
    const always: Record<(typeof statusCallbackParamNames)[number], string> = {
      AccountSid: accountSid,
      ApiVersion: API_VERSION,
      From: message.from ?? "",
      MessageSid: message.sid,
      MessageStatus: message.status,
      SmsSid: message.sid,
      SmsStatus: message.status,
      To: message.to,
    };
    return {
      ...always,
      ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
      ...(message.errorCode !== null ? { ErrorCode: String(message.errorCode), ErrorMessage: message.errorMessage ?? "" } : {}),
    };
  }

  /** queued → sent → delivered (or undelivered), one status callback per step, in order. */
  function deliverLifecycle(message: SandboxMessage, failure?: { code: number; message: string }): void {
    const steps: { delayMs: number; status: MessageStatus; error?: { code: number; message: string } }[] = [
      { delayMs: 0, status: "queued" },
      { delayMs: delays.sent, status: "sent" },
      failure ? { delayMs: delays.delivered, status: "undelivered", error: failure } : { delayMs: delays.delivered, status: "delivered" },
    ];
    track(
      (async () => {
        for (const step of steps) {
          await sleep(step.delayMs);
          if (closed) return;
          if (step.status === "queued" && message.from === null && message.messagingServiceSid) {
            // The service picks a sender from its pool once the message leaves "accepted".
            message.from = messagingServices[message.messagingServiceSid]?.[0] ?? store.incomingPhoneNumbers[0]?.phoneNumber ?? fallbackServiceSender;
          }
          setStatus(message, step.status, step.error);
          if (message.statusCallback) await sendWebhook("status", message, message.statusCallback, "POST", statusCallbackParams(message));
        }
      })(),
    );
  }

  function storeOutbound(fields: {
    direction: MessageDirection;
    from: string | null;
    to: string;
    body: string;
    mediaUrls: string[];
    messagingServiceSid: string | null;
    statusCallback: string | null;
    ignoredParams: string[];
  }): SandboxMessage {
    const now = new Date();
    const status: MessageStatus = fields.messagingServiceSid ? "accepted" : "queued";
    const message: SandboxMessage = {
      sid: newSid(fields.mediaUrls.length > 0 ? "MM" : "SM"),
      ...fields,
      status,
      errorCode: null,
      errorMessage: null,
      numSegments: fields.mediaUrls.length > 0 ? 1 : countSegments(fields.body),
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
      statusHistory: [{ status, at: now }],
    };
    store.messages.push(message);
    emitMessage(message);
    return message;
  }

  function requireOperationParams(id: OperationId, params: RequestParams): void {
    for (const rule of operations[id].required) {
      if (!rule.anyOf.some((name) => params.present(name))) throw new TwilioError(400, rule.code, rule.message);
    }
  }

  // ---- REST handlers ----

  type Handler = (ctx: { req: IncomingMessage; res: ServerResponse; params: RequestParams; path: Record<string, string> }) => void | Promise<void>;

  function createMessage({ res, params }: Parameters<Handler>[0]): void {
    requireOperationParams("createMessage", params);
    const to = params.get("To")!.trim();
    const from = params.get("From")?.trim() || null;
    const messagingServiceSid = params.get("MessagingServiceSid")?.trim() || null;
    const body = params.get("Body") ?? "";
    const mediaUrls = params.getAll("MediaUrl").filter((u) => u !== "");
    if (!isValidTo(to)) throw new TwilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (from && !isValidFrom(from))
      throw new TwilioError(400, 21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
    if (messagingServiceSid && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid))
      throw new TwilioError(400, 21701, `The Messaging Service Sid ${messagingServiceSid} is invalid.`);
    if ([...body].length > 1600) throw new TwilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    const magic = magicRecipients[to];
    if (magic?.kind === "reject") throw new TwilioError(400, magic.code, magic.message);

    const read = new Set<string>(operations.createMessage.params);
    const message = storeOutbound({
      direction: "outbound-api",
      from,
      to,
      body,
      mediaUrls,
      messagingServiceSid,
      statusCallback: params.get("StatusCallback") || null,
      ignoredParams: params.names().filter((name) => !read.has(name)),
    });
    const created = renderMessage(message);
    deliverLifecycle(message, magic?.kind === "undelivered" ? { code: magic.errorCode, message: magic.errorMessage } : undefined);

    if (magic?.kind === "timeout") {
      // Accepted and counted, but the answer comes too late for the client to see it.
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) sendJson(res, 201, created);
      }, timeoutHoldMs);
      timers.set(timer, () => res.destroy());
      res.on("close", () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
      return;
    }
    sendJson(res, 201, created);
  }

  function listMessages({ res, params }: Parameters<Handler>[0]): void {
    const to = params.get("To");
    const from = params.get("From");
    const dateFilters: [DateFilter, (cmp: number) => boolean][] = [];
    const filterQuery: [string, string][] = [];
    if (to) filterQuery.push(["To", to]);
    if (from) filterQuery.push(["From", from]);
    for (const [name, accept] of [
      ["DateSent", (cmp: number) => cmp === 0],
      ["DateSent<", (cmp: number) => cmp <= 0],
      ["DateSent>", (cmp: number) => cmp >= 0],
    ] as const) {
      const value = params.get(name);
      if (!value) continue;
      dateFilters.push([parseDateFilter(name, value), accept]);
      filterQuery.push([name, value]);
    }
    const matching = store.messages
      .slice()
      .reverse() // newest first, as Twilio lists them
      .filter(
        (m) =>
          (!to || m.to === to) &&
          (!from || m.from === from) &&
          dateFilters.every(([filter, accept]) => m.dateSent !== null && accept(compareToFilter(m.dateSent, filter))),
      );
    const { envelope, page } = paginate(matching, (m) => m.sid, params, `${accountPath}/Messages.json`, filterQuery);
    sendJson(res, 200, { ...envelope, messages: page.map(renderMessage) });
  }

  function findMessage(sid: string): SandboxMessage {
    const message = store.messages.find((m) => m.sid === sid);
    if (!message) throw new TwilioError(404, 20404, `The requested resource ${messageUri(sid)} was not found`);
    return message;
  }

  function listAvailable(kind: "local" | "toll-free") {
    return ({ res, params, path }: Parameters<Handler>[0]): void => {
      const country = path.CountryCode;
      const areaCode = params.get("AreaCode") || undefined;
      const contains = params.get("Contains");
      const owned = new Set(store.incomingPhoneNumbers.map((n) => n.phoneNumber));
      const capabilityOff = ["SmsEnabled", "MmsEnabled", "VoiceEnabled"].some((name) => params.get(name) === "false");
      const matches = contains ? containsPatternMatcher(contains) : () => true;
      const candidates = (kind === "local" ? localCandidates(country, areaCode) : tollFreeCandidates(country, areaCode)).filter(
        (c) => !owned.has(c.phoneNumber) && matches(c.phoneNumber) && !capabilityOff,
      );
      const filterQuery: [string, string][] = [];
      for (const name of operations.listAvailableLocal.params) {
        const value = params.get(name);
        if (value && !["PageSize", "Page", "PageToken"].includes(name)) filterQuery.push([name, value]);
      }
      const listPath = `${accountPath}/AvailablePhoneNumbers/${country}/${kind === "local" ? "Local" : "TollFree"}.json`;
      const { envelope, page } = paginate(candidates, (c) => c.phoneNumber, params, listPath, filterQuery);
      sendJson(res, 200, { ...envelope, available_phone_numbers: page.map(renderAvailableNumber) });
    };
  }

  function findIncomingNumber(sid: string): IncomingPhoneNumber {
    const number = store.incomingPhoneNumbers.find((n) => n.sid === sid);
    if (!number) throw new TwilioError(404, 20404, `The requested resource ${accountPath}/IncomingPhoneNumbers/${sid}.json was not found`);
    return number;
  }

  function httpMethod(value: string | undefined, fallback: "GET" | "POST"): "GET" | "POST" {
    const upper = value?.toUpperCase();
    return upper === "GET" || upper === "POST" ? upper : fallback;
  }

  function applyNumberSettings(number: IncomingPhoneNumber, params: RequestParams): void {
    if (params.get("FriendlyName") !== undefined) number.friendlyName = params.get("FriendlyName")!;
    if (params.get("SmsUrl") !== undefined) number.smsUrl = params.get("SmsUrl")!;
    number.smsMethod = httpMethod(params.get("SmsMethod"), number.smsMethod);
    if (params.get("SmsFallbackUrl") !== undefined) number.smsFallbackUrl = params.get("SmsFallbackUrl")!;
    number.smsFallbackMethod = httpMethod(params.get("SmsFallbackMethod"), number.smsFallbackMethod);
    if (params.get("StatusCallback") !== undefined) number.statusCallback = params.get("StatusCallback")!;
    number.statusCallbackMethod = httpMethod(params.get("StatusCallbackMethod"), number.statusCallbackMethod);
    if (params.get("VoiceUrl") !== undefined) number.voiceUrl = params.get("VoiceUrl")!;
    number.voiceMethod = httpMethod(params.get("VoiceMethod"), number.voiceMethod);
    number.dateUpdated = new Date();
  }

  function createIncomingNumber({ res, params }: Parameters<Handler>[0]): void {
    requireOperationParams("createIncomingPhoneNumber", params);
    const owned = new Set(store.incomingPhoneNumbers.map((n) => n.phoneNumber));
    let phoneNumber = params.get("PhoneNumber")?.trim();
    if (phoneNumber) {
      if (!e164.test(phoneNumber)) throw new TwilioError(400, 21421, `PhoneNumber ${phoneNumber} is invalid.`);
      if (owned.has(phoneNumber)) throw new TwilioError(400, 21422, `PhoneNumber ${phoneNumber} is not available.`);
    } else {
      const areaCode = params.get("AreaCode")!.trim();
      const pool = (tollFreePrefixes as readonly string[]).includes(areaCode)
        ? tollFreeCandidates("US", areaCode)
        : [...localCandidates("US", areaCode), ...localCandidates("CA", areaCode)];
      phoneNumber = pool.find((c) => !owned.has(c.phoneNumber))?.phoneNumber;
      if (!phoneNumber) throw new TwilioError(400, 21452, `No phone numbers found in area code ${areaCode}.`);
    }
    const now = new Date();
    const number: IncomingPhoneNumber = {
      sid: newSid("PN"),
      phoneNumber,
      friendlyName: friendlyName(phoneNumber),
      type: (tollFreePrefixes as readonly string[]).includes(phoneNumber.slice(2, 5)) && phoneNumber.startsWith("+1") ? "toll-free" : "local",
      smsUrl: "",
      smsMethod: "POST",
      smsFallbackUrl: "",
      smsFallbackMethod: "POST",
      statusCallback: "",
      statusCallbackMethod: "POST",
      voiceUrl: "",
      voiceMethod: "POST",
      dateCreated: now,
      dateUpdated: now,
    };
    applyNumberSettings(number, params);
    number.dateUpdated = now;
    store.incomingPhoneNumbers.push(number);
    sendJson(res, 201, renderIncomingNumber(number));
  }

  const handlers: Record<OperationId, Handler> = {
    createMessage,
    listMessages,
    fetchMessage: ({ res, path }) => sendJson(res, 200, renderMessage(findMessage(path.Sid))),
    deleteMessage: ({ res, path }) => {
      const message = findMessage(path.Sid);
      store.messages.splice(store.messages.indexOf(message), 1);
      res.writeHead(204).end();
    },
    listAvailableLocal: listAvailable("local"),
    listAvailableTollFree: listAvailable("toll-free"),
    createIncomingPhoneNumber: createIncomingNumber,
    listIncomingPhoneNumbers: ({ res, params }) => {
      const phoneNumber = params.get("PhoneNumber");
      const friendly = params.get("FriendlyName");
      const matches = phoneNumber ? partialNumberMatcher(phoneNumber) : () => true;
      const filterQuery: [string, string][] = [];
      if (phoneNumber) filterQuery.push(["PhoneNumber", phoneNumber]);
      if (friendly) filterQuery.push(["FriendlyName", friendly]);
      const numbers = store.incomingPhoneNumbers.filter((n) => matches(n.phoneNumber) && (!friendly || n.friendlyName === friendly));
      const { envelope, page } = paginate(numbers, (n) => n.sid, params, `${accountPath}/IncomingPhoneNumbers.json`, filterQuery);
      sendJson(res, 200, { ...envelope, incoming_phone_numbers: page.map(renderIncomingNumber) });
    },
    fetchIncomingPhoneNumber: ({ res, path }) => sendJson(res, 200, renderIncomingNumber(findIncomingNumber(path.Sid))),
    updateIncomingPhoneNumber: ({ res, params, path }) => {
      const number = findIncomingNumber(path.Sid);
      applyNumberSettings(number, params);
      sendJson(res, 200, renderIncomingNumber(number));
    },
    deleteIncomingPhoneNumber: ({ res, path }) => {
      const number = findIncomingNumber(path.Sid);
      store.incomingPhoneNumbers.splice(store.incomingPhoneNumbers.indexOf(number), 1);
      res.writeHead(204).end();
    },
  };

  function authorized(req: IncomingMessage, pathAccountSid: string): boolean {
    const header = req.headers.authorization ?? "";
    const m = /^Basic\s+(.+)$/i.exec(header);
    if (!m) return false;
    const decoded = Buffer.from(m[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    return colon > 0 && user === accountSid && password === authToken && pathAccountSid === accountSid;
  }

  async function handleRest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const accountMatch = /^\/2010-04-01\/Accounts\/([^/]+)/.exec(url.pathname);
    if (accountMatch && !authorized(req, decodeURIComponent(accountMatch[1]))) {
      return sendTwilioError(res, 401, 20003, "Authenticate", { "WWW-Authenticate": 'Basic realm="Twilio API"' });
    }
    const onPath = compiledOperations.filter((op) => op.regex.test(url.pathname));
    const op = onPath.find((o) => o.contract.method === req.method);
    if (!op) {
      if (onPath.length > 0) return sendTwilioError(res, 405, 20004, "Method not allowed");
      return sendTwilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
    }
    const values = op.regex.exec(url.pathname)!.slice(1).map(decodeURIComponent);
    const path = Object.fromEntries(op.names.map((name, i) => [name, values[i]]));
    const params = new RequestParams(req.method === "POST" ? new URLSearchParams((await readBody(req)).toString("utf8")) : url.searchParams);
    try {
      await handlers[op.id]({ req, res, params, path });
    } catch (error) {
      if (!(error instanceof TwilioError)) throw error;
      store.rejected.push({ operation: op.id, code: error.code, message: error.message, to: params.get("To"), at: new Date() });
      sendTwilioError(res, error.httpStatus, error.code, error.message);
    }
  }

  // ---- inbound ----

  function resolveMediaUrl(url: string): string {
    return /^https?:\/\//.test(url) ? url : `${mediaBase()}${url.startsWith("/") ? "" : "/"}${url}`;
  }

  function mediaContentType(url: string): string {
    const local = url.startsWith(`${mediaBase()}/media/`) ? store.media.get(decodeURIComponent(url.slice(`${mediaBase()}/media/`.length))) : undefined;
    return local?.contentType ?? contentTypeFromUrl(url);
  }

  async function simulateInbound(input: InboundInput): Promise<{ sid: string; status: number }> {
    const mediaUrls = (input.mediaUrls ?? []).map(resolveMediaUrl);
    const body = input.body ?? "";
    const now = new Date();
    const messagingServiceSid = serviceOf(input.to);
    const message: SandboxMessage = {
      sid: newSid(mediaUrls.length > 0 ? "MM" : "SM"),
      direction: "inbound",
      from: input.from,
      to: input.to,
      body,
      mediaUrls,
      status: "received",
      errorCode: null,
      errorMessage: null,
      messagingServiceSid,
      numSegments: mediaUrls.length > 0 ? 1 : countSegments(body),
      statusCallback: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
      statusHistory: [{ status: "received", at: now }],
      ignoredParams: [],
    };
    store.messages.push(message);
    emitMessage(message);

    const number = store.incomingPhoneNumbers.find((n) => n.phoneNumber === input.to);
    const url = number?.smsUrl || opts.defaultInboundUrl;
    if (!url) {
      log(`inbound to ${input.to}: no SmsUrl and no defaultInboundUrl, nothing posted`);
      return { sid: message.sid, status: 0 };
    }
    const toGeo = numberGeography(input.to);
    const fromGeo = numberGeography(input.from);
    const values: Record<(typeof inboundWebhookParams)[number], string> = {
      ToCountry: toGeo.country,
      ToState: toGeo.state,
      SmsMessageSid: message.sid,
      NumMedia: String(mediaUrls.length),
      ToCity: toGeo.city,
      FromZip: fromGeo.zip,
      SmsSid: message.sid,
      FromState: fromGeo.state,
      SmsStatus: "received",
      FromCity: fromGeo.city,
      Body: body,
      FromCountry: fromGeo.country,
      To: input.to,
      ToZip: toGeo.zip,
      NumSegments: String(message.numSegments),
      MessageSid: message.sid,
      AccountSid: accountSid,
      From: input.from,
      ApiVersion: API_VERSION,
    };
    const params: Record<string, string> = { ...values };
    mediaUrls.forEach((mediaUrl, i) => {
      params[`MediaContentType${i}`] = mediaContentType(mediaUrl);
      params[`MediaUrl${i}`] = mediaUrl;
    });
    if (messagingServiceSid) params.MessagingServiceSid = messagingServiceSid;

    const delivery = await sendWebhook("inbound", message, url, number?.smsMethod ?? "POST", params);
    if (delivery.statusCode !== null && delivery.statusCode < 300 && delivery.responseBody) {
      for (const reply of twimlReplies(delivery.responseBody)) {
        const replyMessage = storeOutbound({
          direction: "outbound-reply",
          from: reply.from ?? input.to,
          to: reply.to ?? input.from,
          body: reply.body,
          mediaUrls: reply.mediaUrls,
          messagingServiceSid: null,
          statusCallback: null,
          ignoredParams: [],
        });
        deliverLifecycle(replyMessage);
      }
    }
    return { sid: message.sid, status: delivery.statusCode ?? 0 };
  }

  function addMedia(bytes: Buffer, contentType: string): string {
    const id = `ME${randomBytes(16).toString("hex")}`;
    store.media.set(id, { contentType, bytes });
    return `${mediaBase()}/media/${id}`;
  }

  // ---- sandbox control API ----

  function stats(): Json {
    const count = <K extends string>(keys: K[]) => keys.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});
    return {
      total: store.messages.length,
      byStatus: count(store.messages.map((m) => m.status)),
      byDirection: count(store.messages.map((m) => m.direction)),
      rejected: count(store.rejected.map((r) => String(r.code))),
      webhooks: {
        delivered: store.webhooks.filter((w) => w.statusCode !== null && w.statusCode < 300).length,
        failed: store.webhooks.filter((w) => w.statusCode === null || w.statusCode >= 300).length,
      },
    };
  }

  const cors = { "Access-Control-Allow-Origin": "*" };

  async function handleSandbox(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": "Content-Type" }).end();
      return;
    }
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /_sandbox/messages") {
      const to = url.searchParams.get("to");
      const from = url.searchParams.get("from");
      const participant = url.searchParams.get("participant");
      const messages = store.messages.filter(
        (m) => (!to || m.to === to) && (!from || m.from === from) && (!participant || m.to === participant || m.from === participant),
      );
      return sendJson(res, 200, { messages: messages.map(sandboxView) }, cors);
    }
    if (route === "GET /_sandbox/stats") return sendJson(res, 200, stats(), cors);
    if (route === "GET /_sandbox/webhooks") {
      const view = store.webhooks.map((w) => ({ ...w, at: w.at.toISOString() }) as unknown as Json);
      return sendJson(res, 200, { webhooks: view }, cors);
    }
    if (route === "POST /_sandbox/inbound") {
      let input: z.infer<typeof inboundRequestSchema>;
      try {
        input = inboundRequestSchema.parse(JSON.parse((await readBody(req)).toString("utf8")));
      } catch (error) {
        return sendJson(res, 400, { error: `expected JSON {from, to, body?, mediaUrls?}: ${error instanceof Error ? error.message : String(error)}` }, cors);
      }
      return sendJson(res, 200, await simulateInbound(input), cors);
    }
    if (route === "POST /_sandbox/media") {
      const contentType = req.headers["content-type"] ?? "application/octet-stream";
      const mediaUrl = addMedia(await readBody(req), contentType);
      return sendJson(res, 201, { url: mediaUrl }, cors);
    }
    if (route === "GET /_sandbox/events") {
      res.writeHead(200, { ...cors, "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
      res.write(": connected\n\n");
      sseClients.add(res);
      res.on("close", () => sseClients.delete(res));
      return;
    }
    sendJson(res, 404, { error: `no sandbox route ${route}` }, cors);
  }

  function serveMedia(res: ServerResponse, id: string): void {
    const media = store.media.get(id);
    if (!media) return sendJson(res, 404, { error: `no media ${id}` }, cors);
    res.writeHead(200, { ...cors, "Content-Type": media.contentType, "Content-Length": media.bytes.length, "Cache-Control": "public, max-age=3600" });
    res.end(media.bytes);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let work: Promise<void>;
    if (url.pathname.startsWith("/_sandbox/")) work = handleSandbox(req, res, url);
    else if (url.pathname.startsWith("/media/") && req.method === "GET") work = Promise.resolve(serveMedia(res, decodeURIComponent(url.pathname.slice(7))));
    else work = handleRest(req, res, url);
    work.catch((error: unknown) => {
      log(`${req.method} ${url.pathname} failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) sendTwilioError(res, 500, 20500, "Internal Server Error");
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    store,
    simulateInbound,
    addMedia,
    on(event, listener) {
      events.on(event, listener);
      return () => events.off(event, listener);
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const [timer, cancel] of timers) {
        clearTimeout(timer);
        cancel();
      }
      timers.clear();
      shutdown.abort();
      for (const client of sseClients) client.end();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
  };
}
