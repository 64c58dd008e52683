// The template editor's live preview: variables filled with sample values in the browser.
// Sending renders with the real shopper on the server (renderTemplate); an unknown
// variable is left as typed here, and the server names it when saving.
const VARIABLE = /\{\{\s*([a-z_.]+)\s*\}\}/g;

export function previewTemplate(body: string, samples: Record<string, string>): string {
  return body.replace(VARIABLE, (whole, name: string) => samples[name] ?? whole);
}
