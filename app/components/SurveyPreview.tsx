// The survey as a shopper steps through it: one question per step, "1 of N" progress, and the
// phone-and-consent step last. Plain markup approximating the storefront; nothing here submits.
import { useEffect, useState } from "react";
import { BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { isChoice, type EditorState } from "./SurveyEditorModel";

const frame: React.CSSProperties = {
  border: "1px solid #e1e3e5",
  borderRadius: 12,
  background: "#fff",
  color: "#121212",
  padding: 20,
  fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
  fontSize: 15,
  lineHeight: 1.45,
};
const option: React.CSSProperties = { display: "flex", gap: 10, alignItems: "center", padding: "10px 12px", border: "1px solid #c9cccf", borderRadius: 8 };
const input: React.CSSProperties = { width: "100%", boxSizing: "border-box", padding: "10px 12px", border: "1px solid #8c9196", borderRadius: 8, font: "inherit" };
const primary: React.CSSProperties = { background: "#121212", color: "#fff", border: 0, borderRadius: 6, padding: "12px 20px", font: "inherit", fontWeight: 600, cursor: "pointer" };
const secondary: React.CSSProperties = { ...primary, background: "transparent", color: "#121212", textDecoration: "underline" };

export function SurveyPreview({ state, consentText, shopName }: { state: EditorState; consentText: string; shopName: string }) {
  const total = state.questions.length + 1;
  const [step, setStep] = useState(0);
  // Deleting questions can leave the preview past the end.
  useEffect(() => setStep((s) => Math.min(s, total - 1)), [total]);
  const question = step < state.questions.length ? state.questions[step] : null;
  const name = `preview-step-${step}`;

  return (
    <BlockStack gap="300">
      <InlineStack align="space-between" blockAlign="center">
        <Text as="h2" variant="headingMd">Preview</Text>
        <Button size="slim" variant="plain" onClick={() => setStep(0)} disabled={step === 0}>
          Start over
        </Button>
      </InlineStack>
      <div style={frame} aria-label="Shopper preview" role="group">
        <p style={{ margin: "0 0 6px", fontSize: 13, color: "#616161" }} aria-live="polite">{`${step + 1} of ${total}`}</p>
        <div style={{ height: 4, background: "#ebebeb", borderRadius: 2, marginBottom: 16 }} aria-hidden="true">
          <div style={{ height: 4, width: `${((step + 1) / total) * 100}%`, background: "#121212", borderRadius: 2 }} />
        </div>
        {step === 0 && (
          <div style={{ marginBottom: 16 }}>
            <p style={{ margin: 0, fontSize: 20, fontWeight: 700 }}>{state.title || "Untitled survey"}</p>
            {state.intro && <p style={{ margin: "4px 0 0", color: "#4a4a4a" }}>{state.intro}</p>}
          </div>
        )}
        {question ? (
          <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
            <legend style={{ fontWeight: 600, fontSize: 17, marginBottom: 4, padding: 0 }}>
              {question.prompt || "Your question"}
              {!question.required && <span style={{ fontWeight: 400, color: "#616161" }}> (optional)</span>}
            </legend>
            {question.helpText && <p style={{ margin: "0 0 12px", color: "#616161", fontSize: 14 }}>{question.helpText}</p>}
            <div style={{ display: "grid", gap: 8, marginTop: 8 }}>
              {isChoice(question.type) &&
                question.options.map((label, i) => (
                  <label key={i} style={option}>
                    <input type={question.type === "multi_choice" ? "checkbox" : "radio"} name={name} />
                    {label || `Option ${i + 1}`}
                  </label>
                ))}
              {question.type === "true_false" &&
                ["Yes", "No"].map((label) => (
                  <label key={label} style={option}>
                    <input type="radio" name={name} />
                    {label}
                  </label>
                ))}
              {question.type === "short_text" && <input style={input} type="text" aria-label={question.prompt || "Your answer"} />}
            </div>
          </fieldset>
        ) : (
          <div>
            <p style={{ fontWeight: 600, fontSize: 17, margin: "0 0 12px" }}>{state.phonePrompt}</p>
            <input style={input} type="tel" placeholder="(555) 555-0123" aria-label="Mobile number" />
            <label style={{ display: "flex", gap: 10, alignItems: "flex-start", marginTop: 12, fontSize: 12, color: "#4a4a4a" }}>
              <input type="checkbox" defaultChecked={false} style={{ marginTop: 2 }} />
              <span>{consentText.replaceAll("{shop_name}", shopName)}</span>
            </label>
          </div>
        )}
        <div style={{ display: "flex", justifyContent: "space-between", marginTop: 20 }}>
          <button type="button" style={{ ...secondary, visibility: step === 0 ? "hidden" : "visible" }} onClick={() => setStep((s) => Math.max(0, s - 1))}>
            Back
          </button>
          <button type="button" style={primary} onClick={() => setStep((s) => (s >= total - 1 ? 0 : s + 1))}>
            {question ? "Next" : "Text me"}
          </button>
        </div>
      </div>
    </BlockStack>
  );
}
