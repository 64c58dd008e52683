// Customer data requests (GDPR customers/data_request): exports ready to download.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, EmptyState, IndexTable, Link, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { listExports } from "~/domain/privacy/export.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({ exports: await listExports(db, session.shop) });
};

export default function DataRequests() {
  const { exports } = useLoaderData<typeof loader>();
  return (
    <Page title="Data requests" subtitle="When a customer asks Shopify for their data, Concierge prepares what it holds about them here. Send it to the customer within 30 days.">
      <Card padding="0">
        {exports.length === 0 ? (
          <EmptyState heading="No data requests yet" image="">
            <p>Requests arrive from Shopify automatically.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "export", plural: "exports" }}
            itemCount={exports.length}
            selectable={false}
            headings={[{ title: "Received" }, { title: "Customer" }, { title: "Request" }, { title: "" }]}
          >
            {exports.map((e, i) => (
              <IndexTable.Row id={e.id} key={e.id} position={i}>
                <IndexTable.Cell>{new Date(e.createdAt).toLocaleString()}</IndexTable.Cell>
                <IndexTable.Cell>{e.shopifyCustomerId ?? "—"}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" tone="subdued">{e.dataRequestId ?? "—"}</Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Link url={`/app/data-requests/${e.id}`} target="_blank">Download JSON</Link>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
