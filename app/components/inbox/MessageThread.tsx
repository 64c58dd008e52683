// The conversation as a chat: the shopper on the left, the brand on the right. Outbound
// messages carry their delivery status and, when held or blocked, the reason in words.
import { useEffect, useRef } from "react";
import { Badge, BlockStack, Box, InlineStack, Link, Text } from "@shopify/polaris";
import { formatDateTime, timeAgo } from "~/components/format";
import { describeMessageStatus, isImage, type StatusTone } from "./messageStatus";

export type ThreadMessage = {
  id: string;
  direction: string;
  author: string;
  kind: string;
  body: string;
  media: Array<{ url: string; contentType: string | null }>;
  status: string;
  statusReason: string | null;
  heldUntil: string | null;
  errorCode: number | null;
  segments: number;
  encoding: string;
  createdAt: string;
  events: Array<{ type: string; detail: string | null; createdAt: string }>;
};

const AUTHOR_LABELS: Record<string, string> = { expert: "Expert", automation: "Automated", shopper: "Shopper" };
const KIND_LABELS: Record<string, string> = {
  intro: "Intro",
  recommendation: "Recommendation",
  followup: "Follow-up",
  optout_confirmation: "Opt-out confirmation",
  optin_confirmation: "Opt-in confirmation",
  help_reply: "HELP reply",
};

export function MessageThread(props: { messages: ThreadMessage[]; now: string; timeZone: string }) {
  const bottom = useRef<HTMLDivElement>(null);
  const last = props.messages[props.messages.length - 1];
  // Keep the newest message in view when one arrives.
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [last?.id, last?.status]);

  if (props.messages.length === 0) {
    return (
      <Box padding="400">
        <Text as="p" tone="subdued" alignment="center">
          No messages yet. Say hello below.
        </Text>
      </Box>
    );
  }

  return (
    <div style={{ maxHeight: "60vh", overflowY: "auto" }} role="log" aria-label="Messages">
      <Box padding="300">
        <BlockStack gap="300">
          {props.messages.map((m) => (
            <Bubble key={m.id} message={m} now={props.now} timeZone={props.timeZone} />
          ))}
          <div ref={bottom} />
        </BlockStack>
      </Box>
    </div>
  );
}

function Bubble({ message: m, now, timeZone }: { message: ThreadMessage; now: string; timeZone: string }) {
  const outbound = m.direction === "outbound";
  const status = describeMessageStatus(m, timeZone);
  const problem = m.status === "blocked" || m.status === "failed" || m.status === "undelivered";
  return (
    <InlineStack align={outbound ? "end" : "start"}>
      <Box maxWidth="75%">
        <BlockStack gap="100" inlineAlign={outbound ? "end" : "start"}>
          <Box
            background={outbound ? (problem ? "bg-surface-critical" : m.status === "held" ? "bg-surface-warning" : "bg-surface-info") : "bg-surface-secondary"}
            padding="300"
            borderRadius="300"
          >
            <BlockStack gap="200">
              {m.body && (
                <Text as="p" breakWord>
                  <span style={{ whiteSpace: "pre-wrap" }}>{m.body}</span>
                </Text>
              )}
              {m.media.length > 0 && (
                <InlineStack gap="200">
                  {m.media.map((media, i) =>
                    isImage(media) ? (
                      <a key={i} href={media.url} target="_blank" rel="noreferrer">
                        <img src={media.url} alt={`Picture ${i + 1}`} style={{ maxWidth: 200, maxHeight: 200, borderRadius: 8, display: "block" }} loading="lazy" />
                      </a>
                    ) : (
                      <Link key={i} url={media.url} target="_blank">
                        {`Attachment ${i + 1}${media.contentType ? ` (${media.contentType})` : ""}`}
                      </Link>
                    ),
                  )}
                </InlineStack>
              )}
            </BlockStack>
          </Box>
          <InlineStack gap="150" blockAlign="center" align={outbound ? "end" : "start"}>
            <Text as="span" variant="bodySm" tone="subdued">
              {`${outbound ? `${AUTHOR_LABELS[m.author] ?? m.author}${KIND_LABELS[m.kind] ? ` · ${KIND_LABELS[m.kind]}` : ""} · ` : ""}${timeAgo(m.createdAt, now, timeZone)}`}
            </Text>
            {outbound && <Badge tone={status.tone as Exclude<StatusTone, undefined>}>{status.label}</Badge>}
            {outbound && m.segments > 1 && (
              <Text as="span" variant="bodySm" tone="subdued">
                {`${m.segments} segments`}
              </Text>
            )}
          </InlineStack>
          {outbound && status.detail && (
            <Text as="p" variant="bodySm" tone={problem ? "critical" : "subdued"} alignment="end">
              {status.detail}
            </Text>
          )}
          {outbound && m.events.length > 1 && (
            <Text as="p" variant="bodySm" tone="subdued" alignment="end">
              {m.events.map((e) => `${e.type} ${formatDateTime(e.createdAt, timeZone)}`).join(" → ")}
            </Text>
          )}
        </BlockStack>
      </Box>
    </InlineStack>
  );
}
