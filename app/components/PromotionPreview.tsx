// Small previews of the storefront placements, approximating the theme blocks' default look
// (Dawn-like type, #f3f3f3 banner, #121212 buttons). The real look is in the theme editor.
import type { CSSProperties } from "react";

const page: CSSProperties = {
  position: "relative",
  border: "1px solid #e1e3e5",
  borderRadius: 8,
  background: "#fff",
  color: "#121212",
  overflow: "hidden",
  fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
};
const button: CSSProperties = { display: "inline-block", background: "#121212", color: "#fff", borderRadius: 4, padding: "10px 18px", fontWeight: 600, fontSize: 14 };
const line = (width: string): CSSProperties => ({ height: 8, width, background: "#ebebeb", borderRadius: 4, margin: "0 0 8px" });

const pick = (value: string | undefined, fallback: string) => (value && value.trim() ? value.trim() : fallback);

export function PromotionPreview({ kind, copy, defaults, enabled }: { kind: string; copy: Record<string, string>; defaults: Record<string, string>; enabled: boolean }) {
  const text = (field: string) => pick(copy[field], defaults[field] ?? "");
  return (
    <div style={{ ...page, opacity: enabled ? 1 : 0.45 }} role="img" aria-label={`Preview of the ${kind === "fab" ? "floating button" : kind === "banner" ? "banner" : "landing page"}${enabled ? "" : " (off)"}`}>
      {kind === "fab" && (
        <div style={{ height: 150, padding: 16 }}>
          <div style={line("60%")} />
          <div style={line("80%")} />
          <div style={line("40%")} />
          <div style={{ position: "absolute", right: 14, bottom: 14, display: "flex", alignItems: "center", gap: 8, background: "#121212", color: "#fff", borderRadius: 999, padding: "6px 16px 6px 6px", boxShadow: "0 4px 12px rgba(0,0,0,.2)", fontSize: 14, fontWeight: 600 }}>
            <span style={{ width: 30, height: 30, borderRadius: "50%", background: "#fff", color: "#121212", display: "grid", placeItems: "center" }}>
              {/* The launcher's default avatar: a speech bubble. */}
              <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
              </svg>
            </span>
            {text("label")}
          </div>
        </div>
      )}
      {kind === "banner" && (
        <div style={{ background: "#f3f3f3", padding: "24px 16px", textAlign: "center" }}>
          <p style={{ margin: "0 0 6px", fontSize: 20, fontWeight: 700, lineHeight: 1.2 }}>{text("headline")}</p>
          <p style={{ margin: "0 0 14px", fontSize: 14, lineHeight: 1.45 }}>{text("incentive")}</p>
          <span style={button}>{text("cta")}</span>
        </div>
      )}
      {kind === "landing" && (
        <div style={{ padding: "24px 16px" }}>
          <p style={{ margin: "0 0 8px", fontSize: 22, fontWeight: 700, lineHeight: 1.2 }}>{text("headline")}</p>
          <p style={{ margin: "0 0 16px", fontSize: 14, lineHeight: 1.5, color: "#4a4a4a" }}>{text("intro")}</p>
          <span style={button}>Get started</span>
        </div>
      )}
    </div>
  );
}
