// One storefront placement: on/off, its copy (empty = the storefront default) and a preview.
// Each card saves on its own, so saving the banner doesn't touch the FAB's unsaved edits.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineGrid, InlineStack, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { PromotionPreview } from "./PromotionPreview";

export type PromotionPlacement = {
  kind: string;
  title: string;
  enabled: boolean;
  copy: Record<string, string>;
  defaults: Record<string, string>;
  fields: Array<{ name: string; label: string; max: number }>;
};
type SaveResult = { ok: boolean; errors: Record<string, string> };

export function PromotionPlacementCard({ placement, description }: { placement: PromotionPlacement; description: string }) {
  const { title, fields } = placement;
  const fetcher = useFetcher<SaveResult>();
  const shopify = useAppBridge();
  const [enabled, setEnabled] = useState(placement.enabled);
  const [copy, setCopy] = useState(placement.copy);
  useEffect(() => {
    setEnabled(placement.enabled);
    setCopy(placement.copy);
  }, [placement]);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(`${title} saved`);
  }, [fetcher.state, fetcher.data, shopify, title]);
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};

  return (
    <Card>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="placement" />
        <input type="hidden" name="kind" value={placement.kind} />
        <input type="hidden" name="enabled" value={enabled ? "on" : "off"} />
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <BlockStack gap="300">
            <BlockStack gap="100">
              <Text as="h3" variant="headingMd">{title}</Text>
              <Text as="p" tone="subdued" variant="bodySm">{description}</Text>
            </BlockStack>
            <Checkbox label={`Show the ${title.toLowerCase()}`} checked={enabled} onChange={setEnabled} error={errors.enabled} />
            {fields.map((f) => (
              <TextField
                key={f.name}
                label={f.label}
                name={f.name}
                autoComplete="off"
                value={copy[f.name] ?? ""}
                onChange={(v) => setCopy((c) => ({ ...c, [f.name]: v }))}
                placeholder={placement.defaults[f.name]}
                maxLength={f.max}
                showCharacterCount
                multiline={f.max > 200 ? 3 : undefined}
                error={errors[f.name]}
              />
            ))}
            {errors.form && <Text as="p" tone="critical">{errors.form}</Text>}
            <InlineStack>
              <Button submit loading={fetcher.state !== "idle"}>{`Save ${title.toLowerCase()}`}</Button>
            </InlineStack>
          </BlockStack>
          <BlockStack gap="200">
            <Text as="p" tone="subdued" variant="bodySm">Preview</Text>
            <PromotionPreview kind={placement.kind} copy={copy} defaults={placement.defaults} enabled={enabled} />
          </BlockStack>
        </InlineGrid>
      </fetcher.Form>
    </Card>
  );
}
