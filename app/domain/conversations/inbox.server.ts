// The expert inbox: conversation lists by view with counts, search and cursor pagination,
// and the thread of one conversation.
import type { Db } from "~/db.server";

export const INBOX_VIEWS = ["mine", "unassigned", "awaiting", "all", "closed"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export const STAGES = ["intro", "empathy", "expertise", "recommendation"] as const;
export type Stage = (typeof STAGES)[number];

const PAGE_SIZE = 25;

function viewWhere(shop: string, view: InboxView, expertId: string | null) {
  switch (view) {
    case "mine":
      return { shop, status: { not: "closed" }, expertId: expertId ?? "__none__" };
    case "unassigned":
      return { shop, status: { not: "closed" }, expertId: null };
    case "awaiting":
      return { shop, status: "awaiting_expert" };
    case "all":
      return { shop, status: { not: "closed" } };
    case "closed":
      return { shop, status: "closed" };
  }
}

type Cursor = { at: string; id: string };
export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
export function decodeCursor(raw: string | null | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    return typeof c.at === "string" && typeof c.id === "string" && !Number.isNaN(Date.parse(c.at)) ? c : null;
  } catch {
    return null;
  }
}

function searchWhere(search: string | undefined) {
  const q = search?.trim();
  if (!q) return {};
  const digits = q.replace(/[^\d+]/g, "");
  return {
    shopper: {
      OR: [
        { firstName: { contains: q } },
        { lastName: { contains: q } },
        { email: { contains: q.toLowerCase() } },
        ...(digits.length >= 3 ? [{ phone: { contains: digits } }] : []),
      ],
    },
  };
}

export async function listConversations(
  db: Db,
  shop: string,
  opts: { view: InboxView; expertId: string | null; search?: string; cursor?: string | null; take?: number },
) {
  const take = Math.min(opts.take ?? PAGE_SIZE, 100);
  const base = { ...viewWhere(shop, opts.view, opts.expertId), ...searchWhere(opts.search) };
  const cursor = decodeCursor(opts.cursor);
  const where = cursor
    ? { ...base, OR: [{ lastActivityAt: { lt: new Date(cursor.at) } }, { lastActivityAt: new Date(cursor.at), id: { lt: cursor.id } }] }
    : base;
  const rows = await db.conversation.findMany({
    where,
    orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
    take: take + 1,
    select: {
      id: true,
      stage: true,
      status: true,
      lastActivityAt: true,
      lastInboundAt: true,
      shopper: { select: { id: true, firstName: true, lastName: true, phone: true, optedOut: true } },
      expert: { select: { id: true, name: true } },
      messages: { orderBy: { createdAt: "desc" }, take: 1, select: { body: true, direction: true, createdAt: true } },
    },
  });
  const page = rows.slice(0, take);
  const last = page[page.length - 1];
  return {
    items: page.map(({ messages, ...c }) => ({ ...c, lastMessage: messages[0] ?? null })),
    nextCursor: rows.length > take && last ? encodeCursor({ at: last.lastActivityAt.toISOString(), id: last.id }) : null,
  };
}

export async function viewCounts(db: Db, shop: string, expertId: string | null) {
  const counts = await Promise.all(INBOX_VIEWS.map((view) => db.conversation.count({ where: viewWhere(shop, view, expertId) })));
  return Object.fromEntries(INBOX_VIEWS.map((v, i) => [v, counts[i]!])) as Record<InboxView, number>;
}

export async function getThread(db: Db, shop: string, conversationId: string, opts: { messageLimit?: number } = {}) {
  const conversation = await db.conversation.findFirst({
    where: { shop, id: conversationId },
    include: {
      shopper: true,
      expert: { select: { id: true, name: true, photoUrl: true } },
      notes: { orderBy: { createdAt: "asc" } },
      surveyResponse: { select: { answers: true, completedAt: true, survey: { select: { title: true, questions: { select: { id: true, prompt: true, type: true, position: true }, orderBy: { position: "asc" } } } } } },
    },
  });
  if (!conversation) return null;
  const limit = opts.messageLimit ?? 200;
  const messages = (
    await db.message.findMany({
      where: { shop, conversationId },
      orderBy: { createdAt: "desc" },
      take: limit,
      include: { events: { orderBy: { createdAt: "asc" }, select: { type: true, detail: true, createdAt: true } } },
    })
  ).reverse();
  return { conversation, messages, brief: briefOf(conversation) };
}

/** The survey answers as question → answer lines for the expert's brief card. */
export function briefOf(conversation: {
  brief: string;
  surveyResponse: { answers: string; survey: { questions: Array<{ id: string; prompt: string; type: string }> } } | null;
}) {
  const parse = (s: string) => {
    try {
      return JSON.parse(s) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  if (conversation.surveyResponse) {
    const answers = parse(conversation.surveyResponse.answers);
    return conversation.surveyResponse.survey.questions
      .filter((q) => q.type !== "phone_consent" && answers[q.id] !== undefined)
      .map((q) => ({ question: q.prompt, answer: formatAnswer(answers[q.id]) }));
  }
  return Object.entries(parse(conversation.brief)).map(([question, answer]) => ({ question, answer: formatAnswer(answer) }));
}

const formatAnswer = (a: unknown) => (Array.isArray(a) ? a.join(", ") : typeof a === "boolean" ? (a ? "Yes" : "No") : String(a));

export async function addNote(db: Db, shop: string, conversationId: string, authorName: string, body: string) {
  const text = body.trim();
  if (!text) return { ok: false as const, errors: { note: "Write a note first" } };
  if (text.length > 2000) return { ok: false as const, errors: { note: "Notes can be at most 2,000 characters" } };
  const conversation = await db.conversation.findFirst({ where: { shop, id: conversationId }, select: { id: true } });
  if (!conversation) return { ok: false as const, errors: { form: "Conversation not found" } };
  await db.conversationNote.create({ data: { shop, conversationId, authorName, body: text } });
  return { ok: true as const };
}

export async function setStage(db: Db, shop: string, conversationId: string, stage: string) {
  if (!(STAGES as readonly string[]).includes(stage)) return false;
  const { count } = await db.conversation.updateMany({ where: { shop, id: conversationId }, data: { stage } });
  return count === 1;
}

export async function reassign(db: Db, shop: string, conversationId: string, expertId: string | null) {
  if (expertId) {
    const expert = await db.expert.findFirst({ where: { shop, id: expertId, active: true } });
    if (!expert) return false;
  }
  const conversation = await db.conversation.findFirst({ where: { shop, id: conversationId } });
  if (!conversation) return false;
  await db.$transaction([
    db.conversation.update({ where: { id: conversation.id }, data: { expertId } }),
    // A returning shopper keeps the expert they were last handed to.
    db.shopper.updateMany({ where: { shop, id: conversation.shopperId }, data: { expertId } }),
  ]);
  return true;
}

export async function setClosed(db: Db, shop: string, conversationId: string, closed: boolean, now = new Date()) {
  const conversation = await db.conversation.findFirst({ where: { shop, id: conversationId } });
  if (!conversation) return false;
  const reopenedStatus = conversation.lastInboundAt && (!conversation.lastOutboundAt || conversation.lastInboundAt > conversation.lastOutboundAt) ? "awaiting_expert" : "awaiting_shopper";
  await db.conversation.update({
    where: { id: conversation.id },
    data: closed ? { status: "closed", closedAt: now } : { status: reopenedStatus, closedAt: null, lastActivityAt: now },
  });
  return true;
}

/** First-response and median response time per expert, in seconds. */
export async function responseTimes(db: Db, shop: string, since: Date) {
  const [replies, firsts] = await Promise.all([
    db.message.findMany({ where: { shop, author: "expert", responseSeconds: { not: null }, createdAt: { gte: since } }, select: { expertId: true, responseSeconds: true } }),
    db.conversation.findMany({ where: { shop, firstResponseAt: { not: null }, createdAt: { gte: since } }, select: { expertId: true, createdAt: true, firstResponseAt: true } }),
  ]);
  const median = (xs: number[]) => {
    if (!xs.length) return null;
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
  };
  const byExpert = new Map<string, { replies: number[]; firsts: number[] }>();
  const bucket = (id: string | null) => {
    const key = id ?? "unassigned";
    if (!byExpert.has(key)) byExpert.set(key, { replies: [], firsts: [] });
    return byExpert.get(key)!;
  };
  for (const r of replies) bucket(r.expertId).replies.push(r.responseSeconds!);
  for (const c of firsts) bucket(c.expertId).firsts.push(Math.round((c.firstResponseAt!.getTime() - c.createdAt.getTime()) / 1000));
  return [...byExpert.entries()].map(([expertId, v]) => ({
    expertId,
    medianResponseSeconds: median(v.replies),
    medianFirstResponseSeconds: median(v.firsts),
    replies: v.replies.length,
  }));
}
