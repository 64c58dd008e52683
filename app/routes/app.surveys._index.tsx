// Surveys: every version with its status, responses and completion rate.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { BlockStack, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { listSurveys } from "~/domain/surveys/builder.server";
import { SurveyStatusBadge } from "~/components/SurveyStatusBadge";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const includeArchived = new URL(request.url).searchParams.get("show") === "all";
  return json({ surveys: await listSurveys(db, session.shop, { includeArchived }), includeArchived });
};

export default function Surveys() {
  const { surveys, includeArchived } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [, setParams] = useSearchParams();

  return (
    <Page
      title="Surveys"
      subtitle="A few questions shoppers answer before an expert texts them. Each published change is a new version; responses keep the version they answered."
      primaryAction={{ content: "Create survey", onAction: () => navigate("/app/surveys/new") }}
      secondaryActions={[
        {
          content: includeArchived ? "Hide archived versions" : "Show archived versions",
          onAction: () => setParams(includeArchived ? {} : { show: "all" }),
        },
      ]}
    >
      <Card padding="0">
        {surveys.length === 0 ? (
          <EmptyState
            heading="Create your first survey"
            action={{ content: "Create survey", onAction: () => navigate("/app/surveys/new") }}
            image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png"
          >
            <p>Ask what shoppers are looking for, then collect their number so an expert can text personal picks.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "survey version", plural: "survey versions" }}
            itemCount={surveys.length}
            selectable={false}
            headings={[
              { title: "Survey" },
              { title: "Version" },
              { title: "Status" },
              { title: "Responses", alignment: "end" },
              { title: "Completion rate", alignment: "end" },
            ]}
          >
            {surveys.map((s, index) => (
              <IndexTable.Row id={s.id} key={s.id} position={index} onClick={() => navigate(`/app/surveys/${s.id}`)}>
                <IndexTable.Cell>
                  <BlockStack>
                    <Text as="span" fontWeight="semibold">{s.title}</Text>
                    <Text as="span" tone="subdued" variant="bodySm">{s.key}</Text>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{`v${s.version}`}</IndexTable.Cell>
                <IndexTable.Cell>
                  <SurveyStatusBadge status={s.status} />
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>{s.responses.toLocaleString("en-US")}</Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {s.completionRate === null ? "—" : `${Math.round(s.completionRate * 100)}% (${s.completed.toLocaleString("en-US")})`}
                  </Text>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
