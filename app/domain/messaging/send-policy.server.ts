// The send policy: decides, for one outbound message, whether it goes now, waits for the
// recipient's allowed hours, or must not go at all. Pure: the outbox gathers the facts
// (consent, opt-out, last inbound, recipient zone) and records the decision's reason,
// which is shown to the expert in the thread. Rate limiting is applied after this, by the
// sender's MPS limiter (rate-limit.server.ts).
import { allowedSendWindow, localTimeLabel, nextAllowedSendAt, type SendWindow } from "./quiet-hours.server";

export const MESSAGE_KINDS = [
  "expert",
  "automation",
  "intro",
  "recommendation",
  "followup",
  "optout_confirmation",
  "help_reply",
  "optin_confirmation",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * Answers to a keyword the shopper just texted (STOP / HELP / START). Carriers expect them
 * at once, and the shopper is waiting for them, so they skip the consent check and quiet
 * hours. Only the opt-out confirmation may reach an opted-out number.
 */
export const KEYWORD_REPLY_KINDS: readonly MessageKind[] = ["optout_confirmation", "help_reply", "optin_confirmation"];

/**
 * Kinds a person writes in answer to the shopper. Inside 24 h of the shopper's last text
 * they go out at any hour: the shopper started that exchange. Intros, follow-ups and
 * automations are started by us, so they always wait for allowed hours.
 */
export const CONVERSATIONAL_REPLY_KINDS: readonly MessageKind[] = ["expert", "recommendation"];

export const REPLY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface SendPolicyInput {
  now: Date;
  kind: MessageKind;
  /** A ConsentRecord exists for this shopper at this shop. */
  hasConsentRecord: boolean;
  /** The shopper's most recent inbound text to this shop, or null if they never texted. */
  lastInboundAt: Date | null;
  /** The shopper is currently opted out (an OptOut not since reversed by START). */
  optedOut: boolean;
  /** From resolveRecipient(): zone for quiet hours, and country/state for the legal window. */
  recipient: { timezone: string; country: string | null; state: string | null };
  /** The shop's own sending hours, if set; it can only narrow the legal window. */
  shopWindow?: SendWindow | null;
}

export type SendBlockCode = "no_consent" | "opted_out";

export type SendPolicyDecision =
  | { decision: "send" }
  | { decision: "hold"; until: Date; reason: string; code: "quiet_hours" }
  | { decision: "block"; reason: string; code: SendBlockCode };

/** Applies, in order: consent, opt-out, quiet hours. Never drops: a "no" is a hold or a reasoned block. */
export function evaluateSendPolicy(input: SendPolicyInput): SendPolicyDecision {
  const { now, kind } = input;
  const keywordReply = KEYWORD_REPLY_KINDS.includes(kind);

  // (a) Consent: a record, or the shopper texted us first.
  if (!keywordReply && !input.hasConsentRecord && input.lastInboundAt === null) {
    return { decision: "block", reason: "no SMS consent on record", code: "no_consent" };
  }

  // (b) Opt-out: only the one confirmation of the opt-out itself may follow it.
  if (input.optedOut && kind !== "optout_confirmation") {
    return { decision: "block", reason: "recipient has opted out", code: "opted_out" };
  }

  // (c) Quiet hours in the recipient's local time.
  if (keywordReply) return { decision: "send" };
  if (CONVERSATIONAL_REPLY_KINDS.includes(kind) && isWithinReplyWindow(now, input.lastInboundAt)) {
    return { decision: "send" };
  }
  const { timezone } = input.recipient;
  const window = allowedSendWindow({ ...input.recipient, shopWindow: input.shopWindow });
  const until = nextAllowedSendAt({ now, timezone, window });
  if (until.getTime() === now.getTime()) return { decision: "send" };
  return {
    decision: "hold",
    until,
    reason: `quiet hours in ${timezone}; sends at ${localTimeLabel(until, timezone)}`,
    code: "quiet_hours",
  };
}

/** The shopper texted within the last 24 h (a future timestamp from clock skew counts too). */
export function isWithinReplyWindow(now: Date, lastInboundAt: Date | null): boolean {
  if (!lastInboundAt) return false;
  return now.getTime() - lastInboundAt.getTime() < REPLY_WINDOW_MS;
}
