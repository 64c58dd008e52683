// Invite links for email campaigns: the landing page URL with UTM parameters, a copy button,
// and the history of links made so far.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { BlockStack, Box, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { formatDateTime } from "./format";

export type PromotionInviteLink = { url: string; utmSource: string; utmMedium: string; utmCampaign: string; utmContent: string | null; createdAt: string };
type InviteResult = { ok: boolean; errors: Record<string, string>; link?: PromotionInviteLink };

const blank = { utmSource: "", utmMedium: "email", utmCampaign: "", utmContent: "" };
const UTM_HELP = "Lowercase letters, digits, - and _ (up to 64).";

function useCopy() {
  const shopify = useAppBridge();
  return async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      shopify.toast.show("Link copied");
    } catch {
      // The clipboard can be blocked in the admin iframe; the link is selectable text.
      shopify.toast.show("Couldn't copy. Select the link and copy it.", { isError: true });
    }
  };
}

export function PromotionInviteLinks({ links, timeZone }: { links: PromotionInviteLink[]; timeZone: string }) {
  const fetcher = useFetcher<InviteResult>();
  const copy = useCopy();
  const [values, setValues] = useState(blank);
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};
  const latest = fetcher.data?.ok ? fetcher.data.link : undefined;
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) setValues((v) => ({ ...v, utmContent: "" }));
  }, [fetcher.state, fetcher.data]);
  const set = (key: keyof typeof blank) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">Invite links</Text>
          <Text as="p" tone="subdued" variant="bodySm">
            Links for email campaigns. They open the landing page, and the UTM parameters show up under “source” in the counts below.
          </Text>
        </BlockStack>
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="invite" />
          <FormLayout>
            <Select label="Opens" name="placement" options={[{ label: "Landing page", value: "landing" }]} value="landing" onChange={() => {}} error={errors.placement} />
            <FormLayout.Group>
              <TextField label="utm_source" name="utmSource" autoComplete="off" placeholder="klaviyo" value={values.utmSource} onChange={set("utmSource")} error={errors.utmSource} helpText={UTM_HELP} />
              <TextField label="utm_medium" name="utmMedium" autoComplete="off" value={values.utmMedium} onChange={set("utmMedium")} error={errors.utmMedium} />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField label="utm_campaign" name="utmCampaign" autoComplete="off" placeholder="spring-launch" value={values.utmCampaign} onChange={set("utmCampaign")} error={errors.utmCampaign} />
              <TextField label="utm_content" name="utmContent" autoComplete="off" placeholder="Optional" value={values.utmContent} onChange={set("utmContent")} error={errors.utmContent} />
            </FormLayout.Group>
            <InlineStack>
              <Button submit variant="primary" loading={fetcher.state !== "idle"}>
                Generate link
              </Button>
            </InlineStack>
          </FormLayout>
        </fetcher.Form>
        {latest && (
          <Box padding="300" background="bg-surface-success" borderRadius="200">
            <InlineStack gap="200" blockAlign="center" wrap={false} align="space-between">
              <Text as="p" breakWord>{latest.url}</Text>
              <Button onClick={() => copy(latest.url)} accessibilityLabel="Copy the new link">
                Copy
              </Button>
            </InlineStack>
          </Box>
        )}
        {links.length > 0 && (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">{`History (latest ${links.length})`}</Text>
            <BlockStack as="ul" gap="0">
              {links.map((link) => (
                <Box as="li" key={link.url} paddingBlock="200" borderBlockStartWidth="025" borderColor="border">
                  <InlineStack gap="200" blockAlign="center" wrap={false} align="space-between">
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">{[link.utmCampaign, link.utmContent].filter(Boolean).join(" · ")}</Text>
                      <Text as="span" tone="subdued" variant="bodySm" breakWord>{link.url}</Text>
                      <Text as="span" tone="subdued" variant="bodySm">{`${link.utmSource} / ${link.utmMedium} · ${formatDateTime(link.createdAt, timeZone)}`}</Text>
                    </BlockStack>
                    <Button size="slim" onClick={() => copy(link.url)} accessibilityLabel={`Copy the link ${link.url}`}>
                      Copy
                    </Button>
                  </InlineStack>
                </Box>
              ))}
            </BlockStack>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
