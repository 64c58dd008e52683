// Clickable variable chips that insert {{variable}} at the cursor of a text area.
import { BlockStack, InlineStack, Tag, Text } from "@shopify/polaris";

export function insertAtCursor(textareaId: string, current: string, token: string, onChange: (value: string) => void) {
  const el = typeof document !== "undefined" ? (document.getElementById(textareaId) as HTMLTextAreaElement | null) : null;
  const start = el?.selectionStart ?? current.length;
  const end = el?.selectionEnd ?? current.length;
  onChange(current.slice(0, start) + token + current.slice(end));
  // Put the caret after the inserted variable once React has re-rendered.
  requestAnimationFrame(() => {
    if (!el) return;
    el.focus();
    el.setSelectionRange(start + token.length, start + token.length);
  });
}

export function VariableChips(props: {
  variables: Array<{ name: string; description: string }>;
  hasProduct: boolean;
  onInsert: (token: string) => void;
}) {
  return (
    <BlockStack gap="100">
      <Text as="p" variant="bodySm" tone="subdued">
        Insert a variable
      </Text>
      <InlineStack gap="100">
        {props.variables.map((v) => {
          const needsProduct = v.name.startsWith("product.");
          return (
            <span key={v.name} title={needsProduct && !props.hasProduct ? `${v.description}. Pick a product first.` : v.description}>
              <Tag onClick={() => props.onInsert(`{{${v.name}}}`)} disabled={needsProduct && !props.hasProduct} accessibilityLabel={`Insert ${v.name}: ${v.description}`}>
                {`{{${v.name}}}`}
              </Tag>
            </span>
          );
        })}
      </InlineStack>
    </BlockStack>
  );
}
