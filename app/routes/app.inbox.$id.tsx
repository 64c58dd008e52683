// One conversation: the brief, the shopper (with Shopify orders), the stage, the messages
// with their delivery status, notes, assignment, and the composer. Updates live.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { Badge, BlockStack, Card, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { formToObject, validate } from "~/lib/validation";
import { outboxDeps } from "~/lib/outbox.server";
import { publishLive } from "~/lib/live.server";
import { addNote, getThread, reassign, setClosed, setStage, STAGES } from "~/domain/conversations/inbox.server";
import { assignableExperts, conversationForReply, expertForStaffUser, renderComposerTemplates, sendOutlook } from "~/domain/conversations/composer.server";
import { decide, OutboxInputError, queueMessage } from "~/domain/messaging/outbox.server";
import { listTemplates } from "~/domain/templates/templates.server";
import { getShop } from "~/domain/shops/shops.server";
import { fetchShopifyThreadContext } from "~/integrations/shopify/customers.server";
import { shopperName, stageLabel } from "~/components/format";
import { parseMedia } from "~/components/inbox/messageStatus";
import { useLiveUpdates } from "~/components/useLiveUpdates";
import { BriefCard } from "~/components/inbox/BriefCard";
import { ShopperCard } from "~/components/inbox/ShopperCard";
import { StageStepper } from "~/components/inbox/StageStepper";
import { MessageThread } from "~/components/inbox/MessageThread";
import { Composer } from "~/components/inbox/Composer";
import { NotesCard } from "~/components/inbox/NotesCard";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, sessionToken, admin } = await authenticate.admin(request);
  const shop = session.shop;
  const [thread, me, experts, templates, shopRow] = await Promise.all([
    getThread(db, shop, params.id!),
    expertForStaffUser(db, shop, sessionToken?.sub),
    assignableExperts(db, shop),
    listTemplates(db, shop),
    getShop(db, shop),
  ]);
  if (!thread) throw new Response("Conversation not found", { status: 404 });
  const { conversation, messages, brief } = thread;
  const { shopper } = conversation;

  const productIds = [...new Set(templates.flatMap((t) => (t.productId ? [t.productId] : [])))];
  const [decision, shopify] = await Promise.all([
    decide(db, shop, shopper.id, "expert", new Date()),
    fetchShopifyThreadContext((query, options) => admin.graphql(query, options), shop, shopper, productIds),
  ]);

  // Templates speak as the conversation's expert, or as the signed-in expert if unassigned.
  const voice = conversation.expert ?? me;
  const assignable = [...experts];
  if (conversation.expert && !assignable.some((e) => e.id === conversation.expert!.id))
    assignable.push({ id: conversation.expert.id, name: `${conversation.expert.name} (deactivated)` });

  return json({
    now: new Date().toISOString(),
    timeZone: shopRow.timezone,
    stages: STAGES,
    me,
    conversation: {
      id: conversation.id,
      stage: conversation.stage,
      status: conversation.status,
      expert: conversation.expert ? { id: conversation.expert.id, name: conversation.expert.name } : null,
    },
    shopper: {
      id: shopper.id,
      name: shopperName(shopper),
      phone: shopper.phone,
      email: shopper.email,
      optedOut: shopper.optedOut,
      optedOutAt: shopper.optedOutAt,
      timezone: shopper.timezone,
    },
    brief,
    surveyTitle: conversation.surveyResponse?.survey.title ?? null,
    messages: messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      author: m.author,
      kind: m.kind,
      body: m.body,
      media: parseMedia(m.mediaUrls),
      status: m.status,
      statusReason: m.statusReason,
      heldUntil: m.heldUntil,
      errorCode: m.errorCode,
      segments: m.segments,
      encoding: m.encoding,
      createdAt: m.createdAt,
      events: m.events,
    })),
    notes: conversation.notes.map((n) => ({ id: n.id, authorName: n.authorName, body: n.body, createdAt: n.createdAt })),
    experts: assignable,
    templates: renderComposerTemplates(templates, {
      shopper,
      expert: voice,
      shopName: shopRow.name ?? shop.replace(/\.myshopify\.com$/, ""),
      productUrls: shopify?.productUrls ?? {},
    }),
    decision,
    outlook: sendOutlook(decision),
    profile: shopify?.customer ?? null,
    profileStatus: !shopify ? ("unavailable" as const) : shopify.customer ? ("found" as const) : ("not_found" as const),
  });
};

const INTENTS = ["send", "note", "stage", "reassign", "close", "reopen"] as const;
type Intent = (typeof INTENTS)[number];

const sendSchema = z.object({
  body: z.string({ error: "Write a message" }).default(""),
  clientKey: z.uuid({ error: "Reload the page and try again (missing message key)" }),
});
// Built on demand: STAGES comes from a .server module, which is empty in the browser bundle.
const stageSchema = () => z.object({ stage: z.enum(STAGES, { error: `Choose a stage: ${STAGES.join(", ")}` }) });
const reassignSchema = z.object({
  expertId: z
    .string({ error: "Choose an expert" })
    .trim()
    .default("")
    .transform((v) => (v === "" ? null : v)),
});

const fail = (intent: Intent, errors: Record<string, string | undefined>, status = 422) =>
  json({ ok: false as const, intent, errors: Object.fromEntries(Object.entries(errors).filter(([, v]) => v)) as Record<string, string> }, { status });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const shop = session.shop;
  const form = formToObject(await request.formData());
  const intent = form.intent as Intent;
  if (!(INTENTS as readonly string[]).includes(intent)) {
    return json({ ok: false as const, intent: String(form.intent ?? ""), errors: { intent: `Unknown action; use one of: ${INTENTS.join(", ")}` } }, { status: 400 });
  }
  const conversation = await conversationForReply(db, shop, params.id!);
  if (!conversation) throw new Response("Conversation not found", { status: 404 });
  const me = await expertForStaffUser(db, shop, sessionToken?.sub);

  switch (intent) {
    case "send": {
      const input = validate(sendSchema, form);
      if (!input.ok) return fail(intent, input.errors);
      try {
        const result = await queueMessage(outboxDeps(shop), {
          shop,
          shopperId: conversation.shopperId,
          conversationId: conversation.id,
          kind: "expert",
          author: "expert",
          expertId: conversation.expertId ?? me?.id ?? null,
          body: input.data.body,
          // The browser's key: a double submit is one message.
          businessKey: `expert:${input.data.clientKey}`,
        });
        const outcome = { intent, outcome: result.outcome, messageId: result.messageId, reason: result.reason ?? null, heldUntil: result.heldUntil?.toISOString() ?? null };
        // Blocked is recorded in the thread with its reason, but the send was refused.
        if (result.outcome === "blocked") return json({ ok: false as const, ...outcome, errors: { body: `Not sent: ${result.reason}` } }, { status: 409 });
        return json({ ok: true as const, ...outcome, errors: {} });
      } catch (error) {
        if (error instanceof OutboxInputError) return fail(intent, { body: error.message });
        throw error;
      }
    }
    case "note": {
      const result = await addNote(db, shop, conversation.id, me?.name ?? "Staff", typeof form.note === "string" ? form.note : "");
      if (!result.ok) return fail(intent, result.errors);
      break;
    }
    case "stage": {
      const input = validate(stageSchema(), form);
      if (!input.ok) return fail(intent, input.errors);
      if (!(await setStage(db, shop, conversation.id, input.data.stage))) throw new Response("Conversation not found", { status: 404 });
      break;
    }
    case "reassign": {
      const input = validate(reassignSchema, form);
      if (!input.ok) return fail(intent, input.errors);
      if (!(await reassign(db, shop, conversation.id, input.data.expertId))) return fail(intent, { expertId: "Choose an active expert, or Unassigned" });
      break;
    }
    case "close":
    case "reopen":
      if (!(await setClosed(db, shop, conversation.id, intent === "close"))) throw new Response("Conversation not found", { status: 404 });
      break;
  }
  // Other open inboxes (teammates, other tabs) refresh too.
  await publishLive(shop, { type: "conversation", conversationId: conversation.id });
  return json({ ok: true as const, intent, errors: {} as Record<string, string> });
};

export default function Thread() {
  const data = useLoaderData<typeof loader>();
  const { conversation, shopper } = data;
  const shopify = useAppBridge();
  const actions = useFetcher<typeof action>();
  useLiveUpdates({ matches: (event) => event.conversationId === conversation.id });

  // Toasts for the side actions (the composer and notes show their own outcome).
  const handled = useRef<unknown>(undefined);
  useEffect(() => {
    const result = actions.data;
    if (actions.state !== "idle" || !result || handled.current === result) return;
    handled.current = result;
    const messages: Record<string, string> = { stage: "Stage updated", reassign: "Conversation reassigned", close: "Conversation closed", reopen: "Conversation reopened" };
    if (result.ok) shopify.toast.show(messages[result.intent] ?? "Saved");
    else shopify.toast.show(Object.values(result.errors)[0] ?? "Something went wrong", { isError: true });
  }, [actions.state, actions.data, shopify]);

  const submit = (fields: Record<string, string>) => actions.submit(fields, { method: "post" });
  const closed = conversation.status === "closed";

  return (
    <Page
      title={shopper.name}
      subtitle={shopper.name !== shopper.phone ? shopper.phone : undefined}
      backAction={{ content: "Inbox", url: "/app/inbox" }}
      titleMetadata={
        <InlineStack gap="100">
          {closed ? <Badge>Closed</Badge> : conversation.status === "awaiting_expert" ? <Badge tone="attention">Needs reply</Badge> : <Badge tone="info">Waiting on shopper</Badge>}
          {shopper.optedOut && <Badge tone="critical">Opted out</Badge>}
        </InlineStack>
      }
      secondaryActions={[
        closed
          ? { content: "Reopen", onAction: () => submit({ intent: "reopen" }), loading: actions.state !== "idle" }
          : { content: "Close conversation", onAction: () => submit({ intent: "close" }), loading: actions.state !== "idle" },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <BriefCard brief={data.brief} surveyTitle={data.surveyTitle} />
            <StageStepper stages={data.stages} current={conversation.stage} busy={actions.state !== "idle"} onSelect={(stage) => submit({ intent: "stage", stage })} />
            <Card padding="0">
              <MessageThread messages={data.messages} now={data.now} timeZone={data.timeZone} />
            </Card>
            <Composer key={conversation.id} templates={data.templates} outlook={data.outlook} optedOut={shopper.optedOut} optedOutAt={shopper.optedOutAt} timeZone={data.timeZone} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ShopperCard shopper={shopper} profile={data.profile} profileStatus={data.profileStatus} timeZone={data.timeZone} />
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  Expert
                </Text>
                <Select
                  label="Assigned expert"
                  labelHidden
                  options={[{ label: "Unassigned", value: "" }, ...data.experts.map((e) => ({ label: e.name, value: e.id }))]}
                  value={conversation.expert?.id ?? ""}
                  disabled={actions.state !== "idle"}
                  onChange={(expertId) => submit({ intent: "reassign", expertId })}
                  helpText={`Stage: ${stageLabel(conversation.stage)}. The shopper keeps this expert next time they text.`}
                />
              </BlockStack>
            </Card>
            <NotesCard key={conversation.id} notes={data.notes} now={data.now} timeZone={data.timeZone} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
