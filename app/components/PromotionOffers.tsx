// The offer hierarchy: the concierge offer(s), and any live discount that undercuts them.
import { Banner, BlockStack, Card, InlineStack, Text, Badge } from "@shopify/polaris";
import { formatDate } from "./format";

export type PromotionConciergeOffer = { id: string; title: string; code: string | null; value: string; scope: string; endsAt: string | null };
export type PromotionOfferConflict = { conciergeOfferId: string; competingOfferId: string; message: string };

export function PromotionOffers({ offers, conflicts, timeZone }: { offers: PromotionConciergeOffer[]; conflicts: PromotionOfferConflict[]; timeZone: string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">Offer hierarchy</Text>
          <Text as="p" tone="subdued" variant="bodySm">
            The expert offer only helps if no other live discount beats it on the same products.
          </Text>
        </BlockStack>
        {offers.length === 0 ? (
          <Text as="p">No live concierge offer. Experts can still recommend products, without an incentive.</Text>
        ) : (
          <BlockStack gap="200">
            {offers.map((o) => (
              <InlineStack key={o.id} gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">{o.title}</Text>
                <Badge tone="success">{`${o.value} off ${o.scope}`}</Badge>
                {o.code && <Badge>{o.code}</Badge>}
                {o.endsAt && <Text as="span" tone="subdued" variant="bodySm">{`until ${formatDate(o.endsAt, timeZone)}`}</Text>}
              </InlineStack>
            ))}
          </BlockStack>
        )}
        {conflicts.map((c) => (
          <Banner key={`${c.conciergeOfferId}:${c.competingOfferId}`} tone="critical">
            <p>{c.message}</p>
          </Banner>
        ))}
      </BlockStack>
    </Card>
  );
}
