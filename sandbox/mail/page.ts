// The mailbox page: a message list and a reading pane. All text goes in through
// textContent; HTML mail renders in a sandboxed iframe (srcdoc, no scripts).

export const mailboxPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mailbox · Concierge sandbox</title>
<style>
  :root { color-scheme: light; --line: #e3e3e3; --muted: #616161; --accent: #005bd3; --bg: #f6f6f7; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: var(--bg); height: 100vh; display: flex; flex-direction: column; }
  header { display: flex; align-items: center; gap: 12px; padding: 10px 16px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 15px; margin: 0; font-weight: 600; }
  header .count { color: var(--muted); }
  header button { margin-left: auto; border: 1px solid var(--line); background: #fff; border-radius: 8px; padding: 5px 12px; cursor: pointer; font: inherit; }
  header button:hover { background: var(--bg); }
  main { flex: 1; display: grid; grid-template-columns: minmax(260px, 340px) 1fr; min-height: 0; }
  #list { margin: 0; padding: 0; list-style: none; overflow-y: auto; background: #fff; border-right: 1px solid var(--line); }
  #list li { padding: 10px 14px; border-bottom: 1px solid var(--line); cursor: pointer; }
  #list li:hover { background: var(--bg); }
  #list li[aria-selected="true"] { background: #eaf1fd; box-shadow: inset 3px 0 0 var(--accent); }
  #list .from { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  #list .subject { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  #list .time { color: var(--muted); font-size: 12px; }
  #empty { padding: 24px 16px; color: var(--muted); }
  #pane { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
  #meta { padding: 14px 20px; background: #fff; border-bottom: 1px solid var(--line); }
  #meta h2 { margin: 0 0 6px; font-size: 18px; font-weight: 600; }
  #meta dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; color: var(--muted); }
  #meta dd { margin: 0; color: #1a1a1a; overflow-wrap: anywhere; }
  #tabs { display: flex; gap: 4px; margin-top: 10px; }
  #tabs button { border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: 3px 10px; cursor: pointer; font: inherit; }
  #tabs button[aria-pressed="true"] { background: #1a1a1a; color: #fff; border-color: #1a1a1a; }
  #body { flex: 1; min-height: 0; display: flex; }
  #body iframe { flex: 1; border: 0; background: #fff; }
  #body pre { flex: 1; margin: 0; padding: 16px 20px; overflow: auto; white-space: pre-wrap; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
  #placeholder { margin: auto; color: var(--muted); }
</style>
</head>
<body>
<header>
  <h1>Mailbox</h1><span class="count" id="count"></span>
  <button type="button" id="clear">Clear all</button>
</header>
<main>
  <ul id="list" role="listbox" aria-label="Messages"></ul>
  <section id="pane" aria-live="polite"><p id="placeholder">Select a message</p></section>
</main>
<script src="/mailbox.js"></script>
</body>
</html>
`;

export const mailboxScript = `"use strict";
const list = document.getElementById("list");
const pane = document.getElementById("pane");
const count = document.getElementById("count");
let messages = [];
let selectedId = null;
let view = "html";

function el(tag, props, children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children || []) node.append(child);
  return node;
}

function who(addresses) {
  return addresses.map((a) => (a.name ? a.name + " <" + a.address + ">" : a.address)).join(", ");
}

function renderList() {
  count.textContent = messages.length === 1 ? "1 message" : messages.length + " messages";
  list.replaceChildren();
  if (messages.length === 0) list.append(el("li", { id: "empty", textContent: "No mail yet. Messages sent to the SMTP port appear here." }));
  for (const m of messages) {
    const item = el("li", { role: "option" }, [
      el("div", { className: "from", textContent: who(m.from) || m.envelope.from || "(no sender)" }),
      el("div", { className: "subject", textContent: m.subject || "(no subject)" }),
      el("div", { className: "time", textContent: new Date(m.receivedAt).toLocaleString() }),
    ]);
    item.setAttribute("aria-selected", String(m.id === selectedId));
    item.addEventListener("click", () => { selectedId = m.id; view = m.html ? "html" : "text"; renderList(); renderPane(); });
    list.append(item);
  }
}

function renderPane() {
  const m = messages.find((x) => x.id === selectedId);
  if (!m) { pane.replaceChildren(el("p", { id: "placeholder", textContent: "Select a message" })); return; }
  const rows = [["From", who(m.from)], ["To", who(m.to)], ["Cc", who(m.cc)], ["Date", m.date ? new Date(m.date).toLocaleString() : ""],
    ["Attachments", m.attachments.map((a) => (a.filename || "unnamed") + " (" + a.contentType + ", " + a.size + " B)").join(", ")]]
    .filter(([, value]) => value);
  const tabs = el("div", { id: "tabs" });
  for (const [name, label] of [["html", "HTML"], ["text", "Text"], ["raw", "Source"]]) {
    if (name === "html" && !m.html) continue;
    const button = el("button", { type: "button", textContent: label });
    button.setAttribute("aria-pressed", String(view === name));
    button.addEventListener("click", () => { view = name; renderPane(); });
    tabs.append(button);
  }
  const meta = el("div", { id: "meta" }, [
    el("h2", { textContent: m.subject || "(no subject)" }),
    el("dl", {}, rows.flatMap(([k, v]) => [el("dt", { textContent: k }), el("dd", { textContent: v })])),
    tabs,
  ]);
  const body = el("div", { id: "body" });
  if (view === "html" && m.html) {
    const frame = el("iframe", { title: "Message body" });
    frame.setAttribute("sandbox", "allow-popups allow-popups-to-escape-sandbox");
    frame.srcdoc = '<base target="_blank">' + m.html;
    body.append(frame);
  } else if (view === "raw") {
    const pre = el("pre", { textContent: "Loading…" });
    body.append(pre);
    fetch("/api/messages/" + encodeURIComponent(m.id) + "/raw").then((r) => r.text()).then((t) => { pre.textContent = t; });
  } else {
    body.append(el("pre", { textContent: m.text || "(no text part)" }));
  }
  pane.replaceChildren(meta, body);
}

async function refresh() {
  try {
    const next = await (await fetch("/api/messages")).json();
    const changed = next.length !== messages.length || next.some((m, i) => m.id !== messages[i].id);
    messages = next;
    if (changed) {
      if (!messages.some((m) => m.id === selectedId)) { selectedId = messages[0] ? messages[0].id : null; view = messages[0] && messages[0].html ? "html" : "text"; renderPane(); }
      renderList();
    }
  } catch (error) {
    count.textContent = "mail capture unreachable";
  }
}

document.getElementById("clear").addEventListener("click", async () => {
  await fetch("/api/messages", { method: "DELETE" });
  messages = [];
  selectedId = null;
  renderList();
  renderPane();
});

renderList();
refresh();
setInterval(refresh, 2000);
`;
