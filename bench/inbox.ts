// Inbox list and thread loaders with 10k conversations and 1M messages (budget p95 ≤ 150 ms).
// Data is generated with SQL in the database itself; the measured code is the app's own
// domain functions (the same ones the routes call).
import { benchEnv, percentile, report } from "./env";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const SHOP = "bench-shop.myshopify.com";
const RUNS = 200;

const env = benchEnv("inbox");
const { applyMigrations } = await import("../scripts/migrate.mjs");
await applyMigrations(env.DATABASE_URL);
const { createDb } = await import("~/db.server");
const db = createDb(env.DATABASE_URL);
const { listConversations, viewCounts, getThread } = await import("~/domain/conversations/inbox.server");

const t0 = Date.now();
await db.shop.create({ data: { shop: SHOP, name: "Bench" } });
const experts = await Promise.all([0, 1, 2, 3, 4].map((i) => db.expert.create({ data: { shop: SHOP, name: `Expert ${i}` } })));
// Shoppers and conversations in batches; messages with one INSERT … SELECT per chunk.
for (let start = 0; start < CONVERSATIONS; start += 1000) {
  const n = Math.min(1000, CONVERSATIONS - start);
  await db.shopper.createMany({ data: Array.from({ length: n }, (_, i) => ({ id: `s${start + i}`, shop: SHOP, phone: `+1202555${String(start + i).padStart(4, "0")}`, firstName: `Shopper${start + i}` })) });
  await db.conversation.createMany({
    data: Array.from({ length: n }, (_, i) => {
      const k = start + i;
      return {
        id: `c${k}`,
        shop: SHOP,
        shopperId: `s${k}`,
        expertId: k % 7 === 0 ? null : experts[k % experts.length]!.id,
        status: k % 10 === 0 ? "closed" : k % 3 === 0 ? "awaiting_expert" : "awaiting_shopper",
        lastActivityAt: new Date(Date.now() - k * 60_000),
      };
    }),
  });
}
const perConversation = Math.floor(MESSAGES / CONVERSATIONS);
const isPg = /^postgres/.test(env.DATABASE_URL);
// Raw SQL isn't qualified by the adapter's schema option, so name the schema here.
const messageTable = isPg ? `"${new URL(env.DATABASE_URL).searchParams.get("schema") ?? "public"}"."Message"` : `"Message"`;
for (let start = 0; start < CONVERSATIONS; start += 500) {
  const end = Math.min(CONVERSATIONS, start + 500);
  const sql = isPg
    ? `INSERT INTO ${messageTable} (id, shop, "conversationId", "shopperId", direction, author, body, "businessKey", status, "createdAt")
       SELECT 'm' || c || '_' || j, '${SHOP}', 'c' || c, 's' || c, CASE WHEN j % 2 = 0 THEN 'inbound' ELSE 'outbound' END, CASE WHEN j % 2 = 0 THEN 'shopper' ELSE 'expert' END,
              'Message ' || j || ' in conversation ' || c, 'k' || c || '_' || j, CASE WHEN j % 2 = 0 THEN 'received' ELSE 'delivered' END, now() - (c * 60 + j) * interval '1 second'
       FROM generate_series(${start}, ${end - 1}) AS c, generate_series(0, ${perConversation - 1}) AS j`
    : `WITH RECURSIVE cs(c) AS (SELECT ${start} UNION ALL SELECT c + 1 FROM cs WHERE c < ${end - 1}),
            js(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM js WHERE j < ${perConversation - 1})
       INSERT INTO "Message" (id, shop, conversationId, shopperId, direction, author, body, businessKey, status, createdAt, mediaUrls, segments, encoding, kind, attempts, channel)
       SELECT 'm' || c || '_' || j, '${SHOP}', 'c' || c, 's' || c, CASE WHEN j % 2 = 0 THEN 'inbound' ELSE 'outbound' END, CASE WHEN j % 2 = 0 THEN 'shopper' ELSE 'expert' END,
              'Message ' || j || ' in conversation ' || c, 'k' || c || '_' || j, CASE WHEN j % 2 = 0 THEN 'received' ELSE 'delivered' END,
              (strftime('%s','now') - (c * 60 + j)) * 1000, '[]', 1, 'GSM-7', 'expert', 0, 'sms'
       FROM cs, js`;
  await db.$executeRawUnsafe(sql);
}
const seeded = { conversations: await db.conversation.count(), messages: await db.message.count(), seconds: (Date.now() - t0) / 1000 };

async function measure(fn: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn(); // warm
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { p50: +percentile(samples, 50).toFixed(1), p95: +percentile(samples, 95).toFixed(1) };
}

let cursor: string | null = null;
const list = await measure(async () => {
  const page = await listConversations(db, SHOP, { view: "all", expertId: experts[0]!.id, cursor });
  cursor = page.nextCursor && Math.random() < 0.8 ? page.nextCursor : null;
  await viewCounts(db, SHOP, experts[0]!.id);
});
const search = await measure(() => listConversations(db, SHOP, { view: "all", expertId: null, search: `Shopper${Math.floor(Math.random() * CONVERSATIONS)}` }));
const thread = await measure(() => getThread(db, SHOP, `c${Math.floor(Math.random() * CONVERSATIONS)}`));
const budget = 150;
report({
  bench: "inbox-loaders",
  database: isPg ? "postgresql" : "sqlite",
  seeded,
  listWithCountsMs: list,
  searchMs: search,
  threadMs: thread,
  budgetP95Ms: budget,
  ok: list.p95 <= budget && thread.p95 <= budget && search.p95 <= budget,
});
await db.$disconnect();
