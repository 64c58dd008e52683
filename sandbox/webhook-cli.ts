// `npm run sandbox:webhook -- <topic>`: fire a Shopify event at the running sandbox, exactly as
// the Shopify events page does (state change + signed webhook). Prints the delivery.
import { sandboxConfig } from "./config";
import { EVENT_TOPICS } from "./events";

const topic = process.argv[2];
const config = sandboxConfig();
if (!topic || !EVENT_TOPICS.some((t) => t.topic === topic)) {
  console.error(`usage: npm run sandbox:webhook -- <topic>\n  topics: ${EVENT_TOPICS.map((t) => t.topic).join(", ")}`);
  process.exit(2);
}
try {
  const res = await fetch(`${config.urls.ui}/events/fire`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ topic }),
  });
  const body = (await res.json()) as { webhookId?: string; status?: number; summary?: string; error?: string };
  if (!res.ok) throw new Error(body.error ?? `sandbox answered ${res.status}`);
  console.log(`${topic}: ${body.summary} → app answered ${body.status} (webhook id ${body.webhookId})`);
  process.exit(body.status === 200 ? 0 : 1);
} catch (error) {
  console.error(`Could not reach the sandbox at ${config.urls.ui}: ${(error as Error).message}\nIs \`npm run sandbox\` running?`);
  process.exit(1);
}
