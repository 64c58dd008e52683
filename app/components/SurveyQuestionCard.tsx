// One editable survey question: type, prompt, help text, required, options, and the move
// up/down and remove buttons. Field errors come keyed by field ("prompt", "options.1").
import { BlockStack, Box, Button, Card, Checkbox, InlineError, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { changeType, isChoice, QUESTION_TYPE_LABELS, type EditorQuestion, type QuestionType } from "./SurveyEditorModel";

export type SurveyQuestionLimits = { prompt: number; helpText: number; optionLabel: number; maxOptions: number; minOptions: number };

const typeOptions = Object.entries(QUESTION_TYPE_LABELS).map(([value, label]) => ({ value, label }));

export const moveButtonId = (key: string, direction: "up" | "down") => `survey-question-${key}-${direction}`;

export function SurveyQuestionCard({
  question,
  index,
  count,
  errors,
  limits,
  onChange,
  onMove,
  onRemove,
}: {
  question: EditorQuestion;
  index: number;
  count: number;
  errors: Record<string, string>;
  limits: SurveyQuestionLimits;
  onChange: (next: EditorQuestion) => void;
  onMove: (direction: -1 | 1) => void;
  onRemove: () => void;
}) {
  const number = index + 1;
  const set = <K extends keyof EditorQuestion>(key: K, value: EditorQuestion[K]) => onChange({ ...question, [key]: value });
  const setOption = (i: number, label: string) => set("options", question.options.map((o, j) => (j === i ? label : o)));
  const headingId = `survey-question-${question.key}-heading`;

  return (
    <Card>
      <section aria-labelledby={headingId}>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Text as="h3" variant="headingSm" id={headingId}>{`Question ${number} of ${count}`}</Text>
            <InlineStack gap="100">
              <Button id={moveButtonId(question.key, "up")} size="slim" disabled={index === 0} onClick={() => onMove(-1)} accessibilityLabel={`Move question ${number} up`}>
                Move up
              </Button>
              <Button id={moveButtonId(question.key, "down")} size="slim" disabled={index === count - 1} onClick={() => onMove(1)} accessibilityLabel={`Move question ${number} down`}>
                Move down
              </Button>
              <Button size="slim" tone="critical" variant="plain" onClick={onRemove} disabled={count <= 1} accessibilityLabel={`Remove question ${number}`}>
                Remove
              </Button>
            </InlineStack>
          </InlineStack>
          <Select
            label="Type"
            options={typeOptions}
            value={question.type}
            onChange={(type) => onChange(changeType(question, type as QuestionType))}
            error={errors.type}
          />
          <TextField
            label="Question"
            autoComplete="off"
            value={question.prompt}
            onChange={(v) => set("prompt", v)}
            maxLength={limits.prompt}
            showCharacterCount
            error={errors.prompt}
          />
          <TextField
            label="Help text"
            autoComplete="off"
            multiline={2}
            value={question.helpText}
            onChange={(v) => set("helpText", v)}
            maxLength={limits.helpText}
            showCharacterCount
            helpText="Shown under the question. Optional."
            error={errors.helpText}
          />
          {isChoice(question.type) && (
            <BlockStack gap="200">
              <Text as="p" variant="bodyMd">{`Options (${limits.minOptions}–${limits.maxOptions})`}</Text>
              {question.options.map((label, i) => (
                <InlineStack key={i} gap="200" blockAlign="start" wrap={false}>
                  <Box width="100%">
                    <TextField
                      label={`Option ${i + 1}`}
                      labelHidden
                      autoComplete="off"
                      placeholder={`Option ${i + 1}`}
                      value={label}
                      onChange={(v) => setOption(i, v)}
                      maxLength={limits.optionLabel}
                      error={errors[`options.${i}`]}
                    />
                  </Box>
                  <Button
                    variant="plain"
                    disabled={question.options.length <= limits.minOptions}
                    onClick={() => set("options", question.options.filter((_, j) => j !== i))}
                    accessibilityLabel={`Remove option ${i + 1} of question ${number}`}
                  >
                    Remove
                  </Button>
                </InlineStack>
              ))}
              {errors.options && <InlineError message={errors.options} fieldID={`survey-question-${question.key}-options`} />}
              <InlineStack>
                <Button size="slim" disabled={question.options.length >= limits.maxOptions} onClick={() => set("options", [...question.options, ""])}>
                  Add option
                </Button>
              </InlineStack>
            </BlockStack>
          )}
          {question.type === "true_false" && (
            <Text as="p" tone="subdued" variant="bodySm">
              Shoppers answer Yes or No.
            </Text>
          )}
          <Checkbox
            label="Required"
            helpText="Shoppers can't go on without answering."
            checked={question.required}
            onChange={(checked) => set("required", checked)}
            error={errors.required}
          />
        </BlockStack>
      </section>
    </Card>
  );
}
