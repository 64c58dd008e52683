// The two Messages API calls the outbox needs: create, and "did a message like this already
// go out?" for retries after a crash or timeout.
import type { TwilioClient } from "./client.server";

export type CreateMessage = {
  to: string;
  from?: string | null;
  messagingServiceSid?: string | null;
  body: string;
  mediaUrl?: string[];
  statusCallback: string;
};

export type SentMessage = { sid: string; status: string; from: string | null; body: string; dateCreated: Date };

export interface MessageGateway {
  create(message: CreateMessage): Promise<SentMessage>;
  /** Recent messages to a number, newest first. */
  recentTo(to: string, opts: { from?: string | null; limit?: number }): Promise<SentMessage[]>;
}

export function twilioGateway(client: TwilioClient): MessageGateway {
  return {
    async create(m) {
      const res = await client.messages.create({
        to: m.to,
        body: m.body,
        statusCallback: m.statusCallback,
        ...(m.messagingServiceSid ? { messagingServiceSid: m.messagingServiceSid } : { from: m.from! }),
        ...(m.mediaUrl?.length ? { mediaUrl: m.mediaUrl } : {}),
      });
      return { sid: res.sid, status: res.status, from: res.from ?? null, body: res.body, dateCreated: res.dateCreated };
    },
    async recentTo(to, opts) {
      const list = await client.messages.list({ to, ...(opts.from ? { from: opts.from } : {}), limit: opts.limit ?? 50 });
      return list.map((r) => ({ sid: r.sid, status: r.status, from: r.from ?? null, body: r.body, dateCreated: r.dateCreated }));
    },
  };
}

/** A Twilio REST error (RestException) in plain terms, or null for timeouts and network failures. */
export function twilioRestError(error: unknown): { status: number; code: number | null; message: string } | null {
  const e = error as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof e?.status !== "number") return null;
  return { status: e.status, code: typeof e.code === "number" ? e.code : null, message: String(e.message ?? "") };
}
