// Keeps an inbox page fresh: reads the shop's live events from /app/inbox/events and
// revalidates the page's loaders (debounced) when one matters to it.
// fetch, not EventSource: App Bridge's fetch adds the session token header, which
// EventSource can't send. The stream is re-opened with backoff whenever it ends.
import { useEffect, useRef } from "react";
import { useRevalidator } from "@remix-run/react";
import type { LiveEvent } from "~/lib/live.server";

export const LIVE_EVENTS_PATH = "/app/inbox/events";
const DEBOUNCE_MS = 300;
// A steady trickle of events must not postpone the reload forever.
const MAX_WAIT_MS = 2_000;
const MAX_BACKOFF_MS = 30_000;

/** Splits an SSE byte stream's text into the `data:` payloads of complete events. */
export function takeSseEvents(buffer: string): { events: string[]; rest: string } {
  const events: string[] = [];
  const blocks = buffer.replace(/\r\n/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    const data = block
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, ""))
      .join("\n");
    if (data) events.push(data);
  }
  return { events, rest };
}

export function useLiveUpdates(options: { matches?: (event: LiveEvent) => boolean } = {}) {
  const { revalidate } = useRevalidator();
  // Refs so the stream isn't torn down on every render.
  const revalidateRef = useRef(revalidate);
  const matchesRef = useRef(options.matches);
  revalidateRef.current = revalidate;
  matchesRef.current = options.matches;

  useEffect(() => {
    const controller = new AbortController();
    let debounce: ReturnType<typeof setTimeout> | undefined;
    let pendingSince: number | null = null;
    const fire = () => {
      pendingSince = null;
      revalidateRef.current();
    };
    const refresh = () => {
      clearTimeout(debounce);
      pendingSince ??= Date.now();
      if (Date.now() - pendingSince >= MAX_WAIT_MS) fire();
      else debounce = setTimeout(fire, DEBOUNCE_MS);
    };
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        controller.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });

    void (async () => {
      let failures = 0;
      let connectedBefore = false;
      while (!controller.signal.aborted) {
        try {
          const response = await fetch(LIVE_EVENTS_PATH, { headers: { Accept: "text/event-stream" }, signal: controller.signal, cache: "no-store" });
          if (!response.ok || !response.body) throw new Error(`live events: HTTP ${response.status}`);
          failures = 0;
          // Events may have been missed while disconnected.
          if (connectedBefore) refresh();
          connectedBefore = true;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const { events, rest } = takeSseEvents(buffer + value);
            buffer = rest;
            for (const data of events) {
              try {
                const event = JSON.parse(data) as LiveEvent;
                if (!matchesRef.current || matchesRef.current(event)) refresh();
              } catch {
                // not JSON: ignore
              }
            }
          }
        } catch {
          if (controller.signal.aborted) return;
          failures += 1;
        }
        // Stream ended or failed: back off (1 s, 2 s, 4 s … 30 s, with jitter) and reconnect.
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures, 5));
        await pause(backoff / 2 + Math.random() * (backoff / 2));
      }
    })();

    return () => {
      controller.abort();
      clearTimeout(debounce);
    };
  }, []);
}
