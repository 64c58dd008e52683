// The inbox: conversations by view (Mine, Unassigned, Awaiting reply, All, Closed) with
// counts, search by name or phone, and cursor pagination. Updates live.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Pagination,
  Tabs,
  Text,
  TextField,
} from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { INBOX_VIEWS, listConversations, viewCounts, type InboxView } from "~/domain/conversations/inbox.server";
import { expertForStaffUser } from "~/domain/conversations/composer.server";
import { getShop } from "~/domain/shops/shops.server";
import { shopperName, stageLabel, timeAgo } from "~/components/format";
import { useLiveUpdates } from "~/components/useLiveUpdates";

const VIEW_LABELS: Record<InboxView, string> = {
  mine: "Mine",
  unassigned: "Unassigned",
  awaiting: "Awaiting reply",
  all: "All",
  closed: "Closed",
};

// Cursors are base64url, so "." can separate them. The stack is capped to keep URLs short;
// past the cap, Previous from the oldest kept page goes back to Newest.
const BACK_SEPARATOR = ".";
const MAX_BACK = 20;

// Built on demand: INBOX_VIEWS comes from a .server module, which is empty in the browser bundle.
const listQuery = () =>
  z.object({
    view: z.enum(INBOX_VIEWS, { error: `View must be one of: ${INBOX_VIEWS.join(", ")}` }).optional(),
    q: z.string().trim().max(100, "Search can be at most 100 characters").default(""),
    cursor: z.string().max(400, "Invalid page cursor").optional(),
    back: z.string().max(8_500, "Invalid page history").optional(),
  });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const shop = session.shop;
  const parsed = listQuery().safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response(parsed.error.issues[0]!.message, { status: 400 });
  const { q, cursor, back } = parsed.data;

  const me = await expertForStaffUser(db, shop, sessionToken?.sub);
  // A staff user who is an expert starts in their own conversations.
  const view: InboxView = parsed.data.view ?? (me ? "mine" : "all");
  const [counts, page, shopRow] = await Promise.all([
    viewCounts(db, shop, me?.id ?? null),
    listConversations(db, shop, { view, expertId: me?.id ?? null, search: q, cursor }),
    getShop(db, shop),
  ]);

  return json({
    views: INBOX_VIEWS,
    view,
    q,
    me,
    counts,
    cursor: cursor ?? null,
    back: back ? back.split(BACK_SEPARATOR).filter(Boolean).slice(-MAX_BACK) : [],
    nextCursor: page.nextCursor,
    now: new Date().toISOString(),
    timeZone: shopRow.timezone,
    conversations: page.items.map((c) => ({
      id: c.id,
      stage: c.stage,
      status: c.status,
      lastActivityAt: c.lastActivityAt,
      shopper: { name: shopperName(c.shopper), phone: c.shopper.phone, optedOut: c.shopper.optedOut },
      expert: c.expert,
      lastMessage: c.lastMessage ? { body: c.lastMessage.body, direction: c.lastMessage.direction } : null,
    })),
  });
};

export default function Inbox() {
  const data = useLoaderData<typeof loader>();
  const { views, view, counts, me, conversations } = data;
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [, setParams] = useSearchParams();
  useLiveUpdates();

  const paramsFor = (patch: { view?: InboxView; q?: string; cursor?: string | null; back?: string[] }) => {
    const next = new URLSearchParams();
    const v = patch.view ?? view;
    const q = patch.q ?? data.q;
    next.set("view", v);
    if (q) next.set("q", q);
    if (patch.cursor) next.set("cursor", patch.cursor);
    if (patch.back?.length) next.set("back", patch.back.join(BACK_SEPARATOR));
    return next;
  };

  // Search as you type, debounced; a new search starts at the newest page.
  const [search, setSearch] = useState(data.q);
  const lastSent = useRef(data.q);
  // The URL changed some other way (nav link, back button): show its search.
  useEffect(() => {
    if (data.q.trim() === lastSent.current.trim()) return;
    lastSent.current = data.q;
    setSearch(data.q);
  }, [data.q]);
  useEffect(() => {
    if (search.trim() === lastSent.current.trim()) return;
    const timer = setTimeout(() => {
      lastSent.current = search;
      setParams(paramsFor({ q: search.trim() }), { replace: true, preventScrollReset: true });
    }, 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  const tabs = views.map((v) => ({ id: v, content: VIEW_LABELS[v], badge: String(counts[v]), accessibilityLabel: `${VIEW_LABELS[v]}, ${counts[v]} conversations` }));
  const selectTab = (index: number) => setParams(paramsFor({ view: views[index]! }), { preventScrollReset: true });

  const goNext = () => {
    if (!data.nextCursor) return;
    // The current page's cursor goes on the back stack (the newest page has none).
    const back = data.cursor ? [...data.back, data.cursor].slice(-MAX_BACK) : data.back;
    setParams(paramsFor({ cursor: data.nextCursor, back }));
  };
  const goPrevious = () => {
    const back = [...data.back];
    const previous = back.pop() ?? null;
    setParams(paramsFor({ cursor: previous, back }));
  };

  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app/inbox";

  return (
    <Page title="Inbox" subtitle="Text shoppers one to one. New messages appear here as they arrive." fullWidth>
      <Card padding="0">
        <Tabs tabs={tabs} selected={views.indexOf(view)} onSelect={selectTab} />
        <Box padding="300" borderBlockStartWidth="025" borderColor="border">
          <TextField
            label="Search conversations"
            labelHidden
            placeholder="Search by name or phone"
            autoComplete="off"
            value={search}
            onChange={setSearch}
            clearButton
            onClearButtonClick={() => setSearch("")}
          />
        </Box>
        {view === "mine" && !me ? (
          <Box padding="400">
            <Banner tone="info" title="Your account isn't linked to an expert">
              <p>
                Mine shows the conversations of the expert linked to your Shopify staff account. Open your expert on the{" "}
                <Link url="/app/experts">Experts</Link> page and choose “Link to me”.
              </p>
            </Banner>
          </Box>
        ) : conversations.length === 0 ? (
          <EmptyState heading={data.q ? "No conversations match your search" : emptyHeading(view)} image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png">
            <p>{data.q ? "Try a name, or the last digits of a phone number." : "When shoppers finish the survey or text in, their conversations show up here."}</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "conversation", plural: "conversations" }}
            itemCount={conversations.length}
            selectable={false}
            loading={loading}
            headings={[{ title: "Shopper" }, { title: "Last message" }, { title: "Expert" }, { title: "Stage" }, { title: "Updated", alignment: "end" }]}
          >
            {conversations.map((c, index) => (
              <IndexTable.Row id={c.id} key={c.id} position={index} onClick={() => navigate(`/app/inbox/${c.id}`)}>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <InlineStack gap="200" blockAlign="center" wrap={false}>
                      <Text as="span" fontWeight={c.status === "awaiting_expert" ? "bold" : "regular"}>
                        {c.shopper.name}
                      </Text>
                      {c.shopper.optedOut && <Badge tone="critical">Opted out</Badge>}
                    </InlineStack>
                    {c.shopper.name !== c.shopper.phone && (
                      <Text as="span" tone="subdued" variant="bodySm">
                        {c.shopper.phone}
                      </Text>
                    )}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Box maxWidth="28rem">
                    <Text as="span" truncate tone={c.lastMessage ? undefined : "subdued"}>
                      {c.lastMessage ? `${c.lastMessage.direction === "outbound" ? "You: " : ""}${c.lastMessage.body || "(picture)"}` : "No messages yet"}
                    </Text>
                  </Box>
                </IndexTable.Cell>
                <IndexTable.Cell>{c.expert?.name ?? <Text as="span" tone="subdued">Unassigned</Text>}</IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack gap="100" wrap={false}>
                    <Badge tone={c.status === "closed" ? undefined : "info"}>{stageLabel(c.status === "closed" ? "closed" : c.stage)}</Badge>
                    {c.status === "awaiting_expert" && <Badge tone="attention">Needs reply</Badge>}
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" tone="subdued" numeric>
                    {timeAgo(c.lastActivityAt, data.now, data.timeZone)}
                  </Text>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
        {(data.cursor || data.nextCursor) && (
          <Box padding="300" borderBlockStartWidth="025" borderColor="border">
            <InlineStack align="center">
              <Pagination
                hasPrevious={Boolean(data.cursor)}
                onPrevious={goPrevious}
                previousTooltip={data.back.length ? "Previous page" : "Newest"}
                hasNext={Boolean(data.nextCursor)}
                onNext={goNext}
                nextTooltip="Older conversations"
              />
            </InlineStack>
          </Box>
        )}
      </Card>
    </Page>
  );
}

function emptyHeading(view: InboxView) {
  switch (view) {
    case "mine":
      return "No open conversations assigned to you";
    case "unassigned":
      return "Every conversation has an expert";
    case "awaiting":
      return "You're all caught up";
    case "closed":
      return "No closed conversations yet";
    default:
      return "No open conversations";
  }
}
