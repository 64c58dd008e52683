// Home: where the program stands and what is left to set up.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { getShop } from "~/domain/shops/shops.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const [row, experts, online, openConversations] = await Promise.all([
    getShop(db, shop),
    db.expert.count({ where: { shop, active: true } }),
    db.expert.count({ where: { shop, active: true, availability: "online" } }),
    db.conversation.count({ where: { shop, status: { not: "closed" } } }),
  ]);
  return json({ programEnabled: row.programEnabled, experts, online, openConversations });
};

export default function Home() {
  const d = useLoaderData<typeof loader>();
  return (
    <Page title="Concierge">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">Program</Text>
                {d.programEnabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
              </InlineStack>
              <Text as="p">{`${d.experts} active experts, ${d.online} online now. ${d.openConversations} open conversations.`}</Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Set up</Text>
              <List type="number">
                <List.Item>Add your experts under Experts.</List.Item>
                <List.Item>Set quiet hours and your SMS consent wording under Settings.</List.Item>
                <List.Item>Turn the program on.</List.Item>
              </List>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
