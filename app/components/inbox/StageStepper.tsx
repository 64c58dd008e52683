// Where the conversation is in the expert's playbook; click a stage to move it there.
import { Button, ButtonGroup, Card, BlockStack, Text } from "@shopify/polaris";
import { stageLabel } from "~/components/format";

export function StageStepper(props: { stages: readonly string[]; current: string; busy: boolean; onSelect: (stage: string) => void }) {
  const currentIndex = props.stages.indexOf(props.current);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          Stage
        </Text>
        <ButtonGroup variant="segmented" fullWidth>
          {props.stages.map((stage, i) => (
            <Button
              key={stage}
              pressed={stage === props.current}
              disabled={props.busy}
              accessibilityLabel={`Set stage to ${stageLabel(stage)}`}
              onClick={() => stage !== props.current && props.onSelect(stage)}
            >
              {`${i < currentIndex ? "✓" : `${i + 1}.`} ${stageLabel(stage)}`}
            </Button>
          ))}
        </ButtonGroup>
      </BlockStack>
    </Card>
  );
}
