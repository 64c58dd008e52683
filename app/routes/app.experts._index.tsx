// Experts: who texts your shoppers, their load and availability.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Avatar, Badge, BlockStack, Card, EmptyState, IndexTable, InlineStack, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { listExperts } from "~/domain/experts/experts.server";
import { responseTimes } from "~/domain/conversations/inbox.server";

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

function formatDuration(seconds: number | null) {
  if (seconds === null) return "—";
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  return `${(seconds / 3600).toFixed(1)}h`;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const includeInactive = new URL(request.url).searchParams.get("show") === "all";
  const [experts, times] = await Promise.all([
    listExperts(db, session.shop, { includeInactive }),
    responseTimes(db, session.shop, new Date(Date.now() - THIRTY_DAYS_MS)),
  ]);
  const byExpert = new Map(times.map((t) => [t.expertId, t]));
  return json({
    experts: experts.map((e) => ({
      ...e,
      medianReply: formatDuration(byExpert.get(e.id)?.medianResponseSeconds ?? null),
      medianFirstReply: formatDuration(byExpert.get(e.id)?.medianFirstResponseSeconds ?? null),
    })),
    includeInactive,
  });
};

export default function Experts() {
  const { experts, includeInactive } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [, setParams] = useSearchParams();

  return (
    <Page
      title="Experts"
      subtitle="The people who text your shoppers. Each is assigned new conversations up to their capacity while online."
      primaryAction={{ content: "Add expert", onAction: () => navigate("/app/experts/new") }}
      secondaryActions={[
        {
          content: includeInactive ? "Hide deactivated" : "Show deactivated",
          onAction: () => setParams(includeInactive ? {} : { show: "all" }),
        },
      ]}
    >
      <Card padding="0">
        {experts.length === 0 ? (
          <EmptyState
            heading="Add your first expert"
            action={{ content: "Add expert", onAction: () => navigate("/app/experts/new") }}
            image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png"
          >
            <p>Experts answer shoppers by SMS, send personal recommendations and get credit for the sales.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "expert", plural: "experts" }}
            itemCount={experts.length}
            selectable={false}
            headings={[
              { title: "Expert" },
              { title: "Specialties" },
              { title: "Status" },
              { title: "First reply (30 days, median)", alignment: "end" },
              { title: "Reply time (median)", alignment: "end" },
              { title: "Load", alignment: "end" },
            ]}
          >
            {experts.map((e, index) => (
              <IndexTable.Row id={e.id} key={e.id} position={index} onClick={() => navigate(`/app/experts/${e.id}`)}>
                <IndexTable.Cell>
                  <InlineStack gap="300" blockAlign="center" wrap={false}>
                    <Avatar size="md" name={e.name} initials={initials(e.name)} source={e.photoUrl ?? undefined} />
                    <BlockStack>
                      <Text as="span" fontWeight="semibold">{e.name}</Text>
                      {e.email && <Text as="span" tone="subdued" variant="bodySm">{e.email}</Text>}
                    </BlockStack>
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{e.specialties.join(", ") || "—"}</IndexTable.Cell>
                <IndexTable.Cell>
                  {!e.active ? (
                    <Badge>Deactivated</Badge>
                  ) : e.availability === "online" ? (
                    <Badge tone="success">Online</Badge>
                  ) : (
                    <Badge tone="attention">Away</Badge>
                  )}
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>{e.medianFirstReply}</Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>{e.medianReply}</Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>{`${e.openConversations} / ${e.capacity}`}</Text>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}

function initials(name: string) {
  return name.split(/\s+/).map((p) => p[0]).join("").slice(0, 2).toUpperCase();
}
