// Small HTML helpers for the sandbox's own pages: plain, clear, no framework.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const esc = (value: unknown) => String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export const NAV = [
  ["/", "Overview"],
  ["/storefront", "Storefront"],
  ["/admin", "Admin"],
  ["/phone", "Phone"],
  ["/mail", "Mailbox"],
  ["/thank-you", "Thank-you page"],
  ["/events", "Shopify events"],
] as const;

export function page(title: string, body: string, opts: { current?: string; head?: string } = {}) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · Concierge sandbox</title>
<style>
  :root { --ink:#1f2328; --muted:#656d76; --line:#d8dee4; --bg:#f6f8fa; --accent:#5b3cc4; }
  * { box-sizing: border-box; }
  body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif; color:var(--ink); background:var(--bg); }
  header.sbx { display:flex; gap:18px; align-items:center; padding:10px 20px; background:#24292f; color:#fff; }
  header.sbx strong { font-weight:600; letter-spacing:.2px; }
  header.sbx nav a { color:#d0d7de; text-decoration:none; margin-right:14px; }
  header.sbx nav a[aria-current=page] { color:#fff; font-weight:600; }
  main.sbx { max-width:1100px; margin:24px auto; padding:0 20px; }
  h1 { font-size:22px; margin:0 0 12px; } h2 { font-size:17px; margin:24px 0 8px; }
  table { border-collapse:collapse; width:100%; background:#fff; border:1px solid var(--line); border-radius:6px; }
  th,td { text-align:left; padding:8px 12px; border-bottom:1px solid var(--line); vertical-align:top; }
  th { background:#fafbfc; font-weight:600; }
  .card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px; }
  .muted { color:var(--muted); } code { background:#eff1f3; padding:1px 5px; border-radius:4px; }
  button,.btn { font:inherit; padding:7px 14px; border-radius:6px; border:1px solid var(--line); background:#fff; cursor:pointer; }
  button.primary,.btn.primary { background:var(--accent); color:#fff; border-color:var(--accent); }
  input,select,textarea { font:inherit; padding:7px 9px; border:1px solid var(--line); border-radius:6px; }
  .ok { color:#1a7f37; } .bad { color:#cf222e; }
</style>
${opts.head ?? ""}
</head>
<body>
<header class="sbx"><strong>Concierge sandbox</strong><nav>${NAV.map(
    ([href, label]) => `<a href="${href}"${opts.current === href ? ' aria-current="page"' : ""}>${label}</a>`,
  ).join("")}</nav></header>
<main class="sbx">
${body}
</main>
</body>
</html>`;
}
