// Who the shopper is: our record (phone, email, opt-out) and, from Shopify, lifetime value
// and recent orders. Shopify being unreachable is said quietly; the thread still works.
import { Badge, BlockStack, Card, Divider, InlineStack, Link, Text } from "@shopify/polaris";
import { formatDate, formatDateTime, formatMoney, humanize } from "~/components/format";

export type ShopperSummary = {
  name: string;
  phone: string;
  email: string | null;
  optedOut: boolean;
  optedOutAt: string | null;
  timezone: string | null;
};

export type ShopifyCustomer = {
  id: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  lifetimeValue: { amount: string; currencyCode: string };
  numberOfOrders: number;
  orders: Array<{ id: string; name: string; createdAt: string; financialStatus: string | null; fulfillmentStatus: string; total: { amount: string; currencyCode: string } }>;
};

const numericId = (gid: string) => gid.split("/").pop() ?? gid;

export function ShopperCard(props: { shopper: ShopperSummary; profile: ShopifyCustomer | null; profileStatus: "found" | "not_found" | "unavailable"; timeZone: string }) {
  const { shopper, profile } = props;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingSm">
            Shopper
          </Text>
          {shopper.optedOut ? <Badge tone="critical">Opted out</Badge> : <Badge tone="success">Subscribed</Badge>}
        </InlineStack>
        <BlockStack gap="100">
          <Text as="p" fontWeight="semibold">
            {shopper.name}
          </Text>
          <Text as="p">{shopper.phone}</Text>
          {shopper.email && <Text as="p">{shopper.email}</Text>}
          {shopper.timezone && (
            <Text as="p" tone="subdued" variant="bodySm">
              {`Time zone: ${shopper.timezone}`}
            </Text>
          )}
          {shopper.optedOut && shopper.optedOutAt && (
            <Text as="p" tone="critical" variant="bodySm">
              {`Opted out ${formatDateTime(shopper.optedOutAt, props.timeZone)}`}
            </Text>
          )}
        </BlockStack>
        <Divider />
        {props.profileStatus === "unavailable" ? (
          <Text as="p" tone="subdued" variant="bodySm">
            Shopify profile unavailable
          </Text>
        ) : !profile ? (
          <Text as="p" tone="subdued" variant="bodySm">
            No Shopify customer has this phone number or email yet.
          </Text>
        ) : (
          <BlockStack gap="200">
            <InlineStack align="space-between">
              <Link url={`shopify://admin/customers/${numericId(profile.id)}`} target="_top">
                {profile.displayName}
              </Link>
              <Text as="span" tone="subdued" variant="bodySm">
                {`${profile.numberOfOrders} ${profile.numberOfOrders === 1 ? "order" : "orders"}`}
              </Text>
            </InlineStack>
            <InlineStack align="space-between">
              <Text as="span" tone="subdued">
                Lifetime value
              </Text>
              <Text as="span" fontWeight="semibold">
                {formatMoney(profile.lifetimeValue.amount, profile.lifetimeValue.currencyCode)}
              </Text>
            </InlineStack>
            {profile.orders.length > 0 && (
              <BlockStack gap="150">
                <Text as="h3" variant="headingXs">
                  Recent orders
                </Text>
                {profile.orders.map((o) => (
                  <BlockStack gap="050" key={o.id}>
                    <InlineStack align="space-between">
                      <Link url={`shopify://admin/orders/${numericId(o.id)}`} target="_top">
                        {o.name}
                      </Link>
                      <Text as="span">{formatMoney(o.total.amount, o.total.currencyCode)}</Text>
                    </InlineStack>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {[formatDate(o.createdAt, props.timeZone), o.financialStatus && humanize(o.financialStatus), humanize(o.fulfillmentStatus)].filter(Boolean).join(" · ")}
                    </Text>
                  </BlockStack>
                ))}
              </BlockStack>
            )}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
