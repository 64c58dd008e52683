// Impressions, opens and starts over the last 30 days, per placement and per source.
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";

type Row = { impressions: number; opens: number; starts: number; startRate: number | null };

const count = (n: number) => n.toLocaleString("en-US");
const rate = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);
const cells = (r: Row) => [count(r.impressions), count(r.opens), count(r.starts), rate(r.startRate)];
const HEADINGS = ["Impressions", "Opens", "Starts", "Start rate"];

export function PromotionStats({
  from,
  to,
  byPlacement,
  bySource,
  total,
  placementLabels,
}: {
  from: string;
  to: string;
  byPlacement: Array<Row & { placement: string }>;
  bySource: Array<Row & { source: string }>;
  total: Row;
  placementLabels: Record<string, string>;
}) {
  const types = ["text", "numeric", "numeric", "numeric", "numeric"] as const;
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">Last 30 days</Text>
          <Text as="p" tone="subdued" variant="bodySm">
            {`${from} to ${to}, in your store's time zone. Start rate is starts ÷ impressions.`}
          </Text>
        </BlockStack>
        <DataTable
          columnContentTypes={[...types]}
          headings={["Placement", ...HEADINGS]}
          rows={byPlacement.map((r) => [placementLabels[r.placement] ?? r.placement, ...cells(r)])}
          totals={["", ...cells(total)]}
          showTotalsInFooter
        />
        <DataTable
          columnContentTypes={[...types]}
          headings={["Source", ...HEADINGS]}
          rows={bySource.map((r) => [r.source, ...cells(r)])}
          footerContent={bySource.length === 0 ? "No visits counted yet." : undefined}
        />
      </BlockStack>
    </Card>
  );
}
