// The reply box: pick a template (already filled in for this shopper), edit, see what it
// costs in segments, and send. Quiet hours and opt-out are shown before sending.
import { useEffect, useMemo, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { formatDateTime } from "~/components/format";
import { newClientKey } from "~/components/clientKey";
import { SegmentCounter } from "./SegmentCounter";

export type ComposerTemplateOption = { id: string; name: string; productId: string | null; productTitle: string | null; body: string };

export type ComposerOutlook =
  | { decision: "send" }
  | { decision: "hold"; until: string; localTime: string | null; timezone: string | null; reason: string }
  | { decision: "block"; code: string; reason: string };

type SendResult = {
  ok: boolean;
  intent: string;
  outcome?: "queued" | "held" | "blocked" | "duplicate";
  reason?: string | null;
  heldUntil?: string | null;
  errors?: Record<string, string>;
};

export function Composer(props: {
  templates: ComposerTemplateOption[];
  outlook: ComposerOutlook;
  optedOut: boolean;
  optedOutAt: string | null;
  timeZone: string;
}) {
  const fetcher = useFetcher<SendResult>();
  const shopify = useAppBridge();
  const [body, setBody] = useState("");
  const [templateId, setTemplateId] = useState("");
  // Made after hydration (the server can't know it), renewed after each send.
  const [clientKey, setClientKey] = useState("");
  useEffect(() => setClientKey(newClientKey()), []);

  const handled = useRef<SendResult | undefined>(undefined);
  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== "idle" || !result || result.intent !== "send" || handled.current === result) return;
    handled.current = result;
    if (result.outcome === "queued") shopify.toast.show("Message queued");
    else if (result.outcome === "duplicate") shopify.toast.show("Already sent");
    else if (result.outcome === "held") shopify.toast.show(`Held for quiet hours${result.heldUntil ? `: goes out ${formatDateTime(result.heldUntil, props.timeZone)}` : ""}`);
    else if (result.outcome === "blocked") shopify.toast.show(`Not sent: ${result.reason ?? "blocked by the send policy"}`, { isError: true });
    if (result.outcome) {
      setBody("");
      setTemplateId("");
      setClientKey(newClientKey());
    }
  }, [fetcher.state, fetcher.data, shopify, props.timeZone]);

  const templateOptions = useMemo(() => {
    const general = props.templates.filter((t) => !t.productId);
    const perProduct = props.templates.filter((t) => t.productId);
    return [
      { label: props.templates.length ? "Insert a template…" : "No templates yet", value: "" },
      ...(general.length ? [{ title: "General", options: general.map((t) => ({ label: t.name, value: t.id })) }] : []),
      ...(perProduct.length
        ? [{ title: "Products", options: perProduct.map((t) => ({ label: `${t.productTitle ?? "Product"}: ${t.name}`, value: t.id })) }]
        : []),
    ];
  }, [props.templates]);

  const blocked = props.optedOut || props.outlook.decision === "block";
  const sending = fetcher.state !== "idle";
  const bodyError = fetcher.data?.intent === "send" && fetcher.state === "idle" ? fetcher.data.errors?.body : undefined;

  return (
    <Card>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="send" />
        <input type="hidden" name="clientKey" value={clientKey} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingSm">
            Reply
          </Text>
          {props.optedOut ? (
            <Banner tone="critical" title="This shopper has opted out of texts">
              <p>
                {`They unsubscribed${props.optedOutAt ? ` on ${formatDateTime(props.optedOutAt, props.timeZone)}` : ""}. You can't text them until they text START to opt back in.`}
              </p>
            </Banner>
          ) : props.outlook.decision === "block" ? (
            <Banner tone="critical" title="You can't text this shopper">
              <p>{`Messages would be blocked: ${props.outlook.reason}.`}</p>
            </Banner>
          ) : props.outlook.decision === "hold" ? (
            <Banner tone="warning">
              <p>
                {props.outlook.localTime && props.outlook.timezone
                  ? `Quiet hours for this shopper — your message will go at ${props.outlook.localTime} (${props.outlook.timezone}).`
                  : `Quiet hours for this shopper — your message will go ${formatDateTime(props.outlook.until, props.timeZone)}.`}
              </p>
            </Banner>
          ) : null}
          <Select
            label="Template"
            labelHidden
            options={templateOptions}
            value={templateId}
            disabled={blocked || props.templates.length === 0}
            onChange={(id) => {
              setTemplateId(id);
              const template = props.templates.find((t) => t.id === id);
              if (template) setBody(template.body);
            }}
          />
          <TextField
            label="Message"
            labelHidden
            name="body"
            placeholder={blocked ? "Texting is off for this shopper" : "Write a message…"}
            multiline={4}
            autoComplete="off"
            value={body}
            onChange={setBody}
            disabled={blocked}
            error={bodyError}
            maxLength={1600}
          />
          <InlineStack align="space-between" blockAlign="start" gap="200">
            <SegmentCounter body={body} />
            <Button submit variant="primary" loading={sending} disabled={blocked || !clientKey || body.trim() === ""}>
              {props.outlook.decision === "hold" ? "Schedule" : "Send"}
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
