// The sandbox's pages: overview, admin shell, phone simulator, thank-you preview, events.
import type { SandboxConfig } from "../config";
import { esc, page } from "./html";

export function overviewPage(config: SandboxConfig, rows: Array<[string, string, string]>) {
  return page(
    "Overview",
    `<h1>Concierge, running on this machine</h1>
<p class="muted">A demo shop (<code>${esc(config.shop)}</code>) with its products, customers and past orders, three experts with their own numbers, a published survey and two competing offers. Shopify and Twilio are local stand-ins that speak their real protocols; the app doesn't know.</p>
<table><thead><tr><th>What</th><th>URL</th><th></th></tr></thead><tbody>
${rows.map(([what, url, note]) => `<tr><td>${esc(what)}</td><td><a href="${esc(url)}">${esc(url)}</a></td><td class="muted">${esc(note)}</td></tr>`).join("")}
</tbody></table>
<h2>Things to try</h2>
<ol>
<li>Open the <a href="/storefront">storefront</a>, click the concierge button and take the survey.</li>
<li>In the <a href="/admin">admin</a>, open the Inbox, answer a shopper, and watch the <a href="/phone">phone</a>.</li>
<li>On the phone, reply as the shopper — or text <code>STOP</code> and see the composer lock.</li>
<li>Fire an order from <a href="/events">Shopify events</a> and see it processed once.</li>
<li>Read the expert notifications in the <a href="/mail">mailbox</a>.</li>
</ol>`,
    { current: "/" },
  );
}

export function adminShellPage(config: SandboxConfig, initialSrc: string) {
  return page(
    "Admin",
    `<div class="shell">
  <aside><div class="store">${esc(config.shop)}</div><div class="appname">Concierge</div><nav id="appnav" aria-label="App navigation"></nav></aside>
  <section>
    <div class="bar"><span id="path" class="muted"></span><span id="loading" hidden>Loading…</span></div>
    <iframe id="app" title="Concierge app" src="${esc(initialSrc)}"></iframe>
  </section>
</div>
<div id="toasts" aria-live="polite"></div>
<dialog id="picker"><form method="dialog"><h2>Select product</h2><input id="picker-q" placeholder="Search products" autofocus><ul id="picker-list"></ul><menu><button value="cancel">Cancel</button></menu></form></dialog>
<script>
const frame = document.getElementById("app");
const appOrigin = new URL(frame.src).origin;
const nav = document.getElementById("appnav");
function go(href) { frame.contentWindow.postMessage({ type: "navigate", href }, appOrigin); }
window.addEventListener("message", async (event) => {
  if (event.origin !== appOrigin || !event.data || event.data.source !== "concierge-app-bridge") return;
  const d = event.data;
  if (d.type === "nav") {
    nav.innerHTML = "";
    for (const item of d.items) {
      const a = document.createElement("a");
      a.href = "#"; a.textContent = item.label; a.dataset.href = item.href;
      a.addEventListener("click", (e) => { e.preventDefault(); go(item.href); });
      nav.appendChild(a);
    }
  } else if (d.type === "location") {
    document.getElementById("path").textContent = d.path;
    for (const a of nav.querySelectorAll("a")) a.toggleAttribute("aria-current", d.path === a.dataset.href || (a.dataset.href !== "/app" && d.path.startsWith(a.dataset.href)));
  } else if (d.type === "toast") {
    const t = document.createElement("div");
    t.className = "toast" + (d.isError ? " error" : ""); t.setAttribute("role", "status"); t.textContent = d.message;
    document.getElementById("toasts").appendChild(t); setTimeout(() => t.remove(), 4000);
  } else if (d.type === "loading") {
    document.getElementById("loading").hidden = !d.on;
  } else if (d.type === "resourcePicker") {
    const dialog = document.getElementById("picker"), list = document.getElementById("picker-list"), q = document.getElementById("picker-q");
    const products = await (await fetch("/_sandbox/products")).json();
    const render = () => {
      list.innerHTML = "";
      for (const p of products.filter((p) => p.title.toLowerCase().includes(q.value.toLowerCase()))) {
        const li = document.createElement("li"), b = document.createElement("button");
        b.type = "button"; b.textContent = p.title;
        b.addEventListener("click", () => { dialog.close(); frame.contentWindow.postMessage({ type: "resourcePicker:result", id: d.id, selection: [p] }, appOrigin); });
        li.appendChild(b); list.appendChild(li);
      }
    };
    q.oninput = render; render();
    dialog.onclose = () => { if (dialog.returnValue === "cancel") frame.contentWindow.postMessage({ type: "resourcePicker:result", id: d.id, selection: undefined }, appOrigin); };
    dialog.showModal();
  }
});
</script>`,
    {
      current: "/admin",
      head: `<style>
  main.sbx { max-width:none; margin:0; padding:0; }
  .shell { display:grid; grid-template-columns:220px 1fr; height:calc(100vh - 44px); }
  aside { background:#ebebeb; border-right:1px solid var(--line); padding:14px 10px; }
  aside .store { font-size:12px; color:var(--muted); } aside .appname { font-weight:600; margin:6px 0 10px; }
  aside nav a { display:block; padding:6px 10px; border-radius:6px; color:var(--ink); text-decoration:none; }
  aside nav a[aria-current] { background:#fff; font-weight:600; }
  section { display:flex; flex-direction:column; } .bar { padding:6px 12px; border-bottom:1px solid var(--line); background:#fff; font-size:13px; }
  iframe { flex:1; border:0; width:100%; background:#f1f1f1; }
  #toasts { position:fixed; bottom:24px; left:50%; transform:translateX(-50%); display:grid; gap:8px; }
  .toast { background:#1f2328; color:#fff; padding:10px 16px; border-radius:8px; } .toast.error { background:#cf222e; }
  #picker ul { list-style:none; padding:0; max-height:50vh; overflow:auto; } #picker li button { width:100%; text-align:left; margin:2px 0; }
</style>`,
    },
  );
}

export function phonePage(phones: Array<{ phone: string; label: string }>, senders: Array<{ phone: string; label: string }>) {
  return page(
    "Phone",
    `<h1>Phone simulator</h1>
<p class="muted">You are the shopper. Pick a phone, read the texts it got, and reply: replies reach the app's <code>/twilio/inbound</code> signed exactly as Twilio signs them.</p>
<div class="phone-grid">
  <div class="card"><label for="phone">Shopper's phone</label>
    <select id="phone">${phones.map((p) => `<option value="${esc(p.phone)}">${esc(p.label)}</option>`).join("")}</select>
    <p><label for="custom">…or another number</label><br><input id="custom" placeholder="+13055550199" inputmode="tel"></p>
    <p><label for="to">Texting</label><br><select id="to">${senders.map((s) => `<option value="${esc(s.phone)}">${esc(s.label)}</option>`).join("")}</select></p>
  </div>
  <div class="device" aria-label="SMS thread">
    <div id="thread" role="log" aria-live="polite"></div>
    <form id="reply"><input id="body" name="body" autocomplete="off" placeholder="Text message" aria-label="Message"><button class="primary" type="submit">Send</button></form>
  </div>
</div>
<script>
const thread = document.getElementById("thread");
const phoneSel = document.getElementById("phone"), custom = document.getElementById("custom"), toSel = document.getElementById("to");
const current = () => custom.value.trim() || phoneSel.value;
let lastRender = "";
async function refresh() {
  const res = await fetch("/phone/thread.json?phone=" + encodeURIComponent(current()));
  const messages = await res.json();
  const html = messages.map((m) => '<div class="bubble ' + (m.direction === "inbound" ? "me" : "them") + '" data-status="' + m.status + '"><div class="body"></div><div class="meta">' + (m.direction === "inbound" ? "you" : m.from) + " · " + new Date(m.at).toLocaleTimeString() + " · " + m.status + "</div></div>").join("");
  if (html !== lastRender) {
    thread.innerHTML = html || '<p class="muted">No texts yet.</p>';
    [...thread.querySelectorAll(".bubble .body")].forEach((el, i) => { el.textContent = messages[i].body; for (const url of messages[i].media || []) { const img = document.createElement("img"); img.src = url; img.alt = "picture"; el.appendChild(img); } });
    lastRender = html; thread.scrollTop = thread.scrollHeight;
    const lastOut = [...messages].reverse().find((m) => m.direction !== "inbound");
    if (lastOut && [...toSel.options].some((o) => o.value === lastOut.from)) toSel.value = lastOut.from;
  }
}
document.getElementById("reply").addEventListener("submit", async (e) => {
  e.preventDefault();
  const body = document.getElementById("body");
  if (!body.value.trim()) return;
  await fetch("/phone/send", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ from: current(), to: toSel.value, body: body.value }) });
  body.value = ""; refresh();
});
phoneSel.onchange = custom.onchange = () => { lastRender = ""; refresh(); };
refresh(); setInterval(refresh, 1000);
</script>`,
    {
      current: "/phone",
      head: `<style>
  .phone-grid { display:grid; grid-template-columns:280px 380px; gap:24px; align-items:start; }
  .device { background:#fff; border:10px solid #1f2328; border-radius:36px; height:640px; display:flex; flex-direction:column; overflow:hidden; }
  #thread { flex:1; overflow:auto; padding:16px 12px; display:flex; flex-direction:column; gap:8px; background:#fff; }
  .bubble { max-width:80%; padding:8px 12px; border-radius:16px; white-space:pre-wrap; word-wrap:break-word; }
  .bubble.them { background:#e9e9eb; align-self:flex-start; } .bubble.me { background:#0b84ff; color:#fff; align-self:flex-end; }
  .bubble .meta { font-size:11px; opacity:.7; margin-top:3px; } .bubble img { display:block; max-width:100%; margin-top:6px; border-radius:10px; }
  #reply { display:flex; gap:6px; padding:10px; border-top:1px solid var(--line); } #reply input { flex:1; border-radius:18px; }
  select, #custom { width:100%; }
</style>`,
    },
  );
}

export function thankYouPage(built: boolean) {
  return page(
    "Thank-you page",
    built
      ? `<h1>Thank-you page preview</h1><div id="checkout" class="card">Loading the extension…</div><script type="module" src="/thank-you/extension.js"></script>`
      : `<h1>Thank-you page preview</h1><div class="card"><p>The thank-you page extension (<code>extensions/thank-you</code>) is not built yet.</p><p class="muted">Once it exists, this page renders its real blocks — refer-a-friend, sharing, shipment tracking and the expert's next pick — against a sample order.</p></div>`,
    { current: "/thank-you" },
  );
}

export type FiredEvent = { at: Date; topic: string; webhookId: string; status: number; summary: string; processedAt?: Date | null };

export function eventsPage(topics: Array<{ topic: string; label: string }>, fired: FiredEvent[]) {
  return page(
    "Shopify events",
    `<h1>Shopify events</h1>
<p class="muted">Each button changes the Shopify stand-in's state and sends the webhook exactly as Shopify does: signed body, topic, shop, API version and a fresh webhook id. The same from a terminal: <code>npm run sandbox:webhook -- orders/create</code>.</p>
<form method="post" action="/events/fire" class="card" style="display:flex;flex-wrap:wrap;gap:8px">
${topics.map((t) => `<button name="topic" value="${esc(t.topic)}">${esc(t.label)}</button>`).join("")}
</form>
<h2>Sent</h2>
<table id="fired"><thead><tr><th>When</th><th>Topic</th><th>What</th><th>App answered</th><th>Processed</th></tr></thead><tbody>
${fired
  .map(
    (f) =>
      `<tr data-webhook-id="${esc(f.webhookId)}"><td>${esc(f.at.toLocaleTimeString())}</td><td><code>${esc(f.topic)}</code></td><td>${esc(f.summary)}</td><td class="${f.status === 200 ? "ok" : "bad"}">${f.status}</td><td class="processed">${f.processedAt ? `<span class="ok">✓ ${esc(f.processedAt.toLocaleTimeString())}</span>` : '<span class="muted">pending</span>'}</td></tr>`,
  )
  .join("")}
</tbody></table>
<script>setTimeout(() => { if (document.querySelector("td.processed .muted")) location.reload(); }, 1500);</script>`,
    { current: "/events" },
  );
}
