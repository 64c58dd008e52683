// How the web process stops (server.mjs calls these through the build's entry module): first
// it ends the long-lived live-update streams, so the HTTP server can close once the other open
// requests finish; then it closes every Redis connection it opened and the database client.
import { db } from "~/db.server";
import { closeQueues } from "~/jobs/queues.server";
import { closeStorefrontLimiter } from "~/domain/surveys/storefront-limiter.server";
import { closeLive, endLiveStreams } from "./live.server";

export const endStreams = endLiveStreams;

export async function closeConnections() {
  const results = await Promise.allSettled([closeQueues(), closeStorefrontLimiter(), closeLive(), db.$disconnect()]);
  for (const result of results) if (result.status === "rejected") console.warn(`[web] closing: ${(result.reason as Error).message}`);
}
