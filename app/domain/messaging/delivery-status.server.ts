// Twilio message statuses and how a row's status may move. Status callbacks arrive out of
// order and more than once, so a row only ever moves forward and final states stick.

export const MESSAGE_STATUSES = [
  "accepted",
  "scheduled",
  "queued",
  "sending",
  "sent",
  "delivered",
  "undelivered",
  "failed",
  "read",
  "canceled",
  "receiving",
  "received",
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

// Outbound: scheduled → accepted → queued → sending → sent → delivered → read, with the
// failure ends undelivered / failed after any of them. Inbound: receiving → received.
const OUTBOUND_RANK: Partial<Record<MessageStatus, number>> = {
  scheduled: 0,
  accepted: 1,
  queued: 2,
  sending: 3,
  sent: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
  read: 6,
};
const INBOUND_RANK: Partial<Record<MessageStatus, number>> = { receiving: 0, received: 1 };

/** No callback may move a row out of these. */
export const TERMINAL_STATUSES: readonly MessageStatus[] = ["undelivered", "failed", "canceled", "read", "received"];

export function isMessageStatus(value: unknown): value is MessageStatus {
  return typeof value === "string" && (MESSAGE_STATUSES as readonly string[]).includes(value);
}

export function isTerminalStatus(status: MessageStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** The message didn't reach the phone. */
export function isFailedStatus(status: MessageStatus): boolean {
  return status === "undelivered" || status === "failed";
}

/**
 * The status a row should hold after a callback reporting `incoming`: the later of the
 * two. Unknown statuses, backward moves, moves out of a final state and cross-direction
 * statuses leave it unchanged. A scheduled message can only be canceled before it is sent;
 * delivered can still become read (RCS/WhatsApp receipts).
 */
export function advanceStatus(current: MessageStatus | null, incoming: string): MessageStatus | null {
  const next = incoming.trim().toLowerCase();
  if (!isMessageStatus(next)) return current;
  if (current === null) return next;
  if (current === next || isTerminalStatus(current)) return current;
  const ranks = current in INBOUND_RANK ? INBOUND_RANK : OUTBOUND_RANK;
  const from = ranks[current];
  const to = ranks[next];
  if (from === undefined || to === undefined || to <= from) return current;
  if (next === "canceled" && from > OUTBOUND_RANK.queued!) return current;
  if (current === "delivered" && next !== "read") return current;
  return next;
}

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  30001: "too many messages queued for this sender; try again later",
  30002: "sending account suspended",
  30003: "phone unreachable",
  30004: "blocked by the recipient or their carrier",
  30005: "number doesn't exist or is no longer in service",
  30006: "landline or carrier that can't receive texts",
  30007: "blocked by carrier filtering",
  30008: "unknown error from the carrier",
  21211: "invalid phone number",
  21408: "texting this country isn't enabled for the account",
  21610: "recipient has opted out",
  21612: "this number can't receive texts from this sender",
  21614: "not a mobile number",
};

/** Plain words for a Twilio error code, shown to the expert next to a failed message. */
export function describeErrorCode(code: number | string): string {
  const n = Number(code);
  return ERROR_DESCRIPTIONS[n] ?? `delivery failed (error ${String(code).trim()})`;
}

/** 21610: Twilio refused because the recipient texted STOP; mark the shopper opted out. */
export function isOptOutError(code: number | string | null | undefined): boolean {
  return code !== null && code !== undefined && code !== "" && Number(code) === 21610;
}
