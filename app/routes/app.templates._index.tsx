// Templates: reusable messages for experts, general or for one product.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { listTemplates } from "~/domain/templates/templates.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const templates = await listTemplates(db, session.shop);
  // General templates first, then per product by product title.
  const ordered = [...templates.filter((t) => !t.productId), ...templates.filter((t) => t.productId)];
  return json({
    templates: ordered.map((t) => ({ id: t.id, name: t.name, body: t.body, productId: t.productId, productTitle: t.productTitle, updatedAt: t.updatedAt })),
  });
};

export default function Templates() {
  const { templates } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <Page
      title="Templates"
      subtitle="Messages your experts can start from. Variables like {{shopper.first_name}} are filled in for each shopper."
      primaryAction={{ content: "New template", onAction: () => navigate("/app/templates/new") }}
    >
      <Card padding="0">
        {templates.length === 0 ? (
          <EmptyState
            heading="Write your first template"
            action={{ content: "New template", onAction: () => navigate("/app/templates/new") }}
            image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png"
          >
            <p>Greetings, follow-ups and product answers your experts send often. Tie one to a product to use its title and link.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "template", plural: "templates" }}
            itemCount={templates.length}
            selectable={false}
            headings={[{ title: "Template" }, { title: "For" }, { title: "Message" }]}
          >
            {templates.map((t, index) => (
              <IndexTable.Row id={t.id} key={t.id} position={index} onClick={() => navigate(`/app/templates/${t.id}`)}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {t.name}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{t.productId ? <Badge tone="info">{t.productTitle ?? "Product"}</Badge> : <Badge>General</Badge>}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Box maxWidth="32rem">
                    <BlockStack>
                      <Text as="span" truncate tone="subdued">
                        {t.body}
                      </Text>
                    </BlockStack>
                  </Box>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
