// The shopper's survey answers, as the expert's brief for the conversation.
import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";

export function BriefCard({ brief, surveyTitle }: { brief: Array<{ question: string; answer: string }>; surveyTitle: string | null }) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="050">
          <Text as="h2" variant="headingMd">
            Brief
          </Text>
          {surveyTitle && (
            <Text as="p" tone="subdued" variant="bodySm">
              {`From the survey “${surveyTitle}”`}
            </Text>
          )}
        </BlockStack>
        {brief.length === 0 ? (
          <Text as="p" tone="subdued">
            No survey answers. This shopper reached you without taking the survey, so ask what they are looking for.
          </Text>
        ) : (
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            {brief.map((line, i) => (
              <BlockStack gap="050" key={i}>
                <Text as="p" tone="subdued" variant="bodySm">
                  {line.question}
                </Text>
                <Text as="p" fontWeight="medium">
                  {line.answer || "—"}
                </Text>
              </BlockStack>
            ))}
          </InlineGrid>
        )}
      </BlockStack>
    </Card>
  );
}
