// Live inbox events as Server-Sent Events: every event published for this shop (new
// inbound messages, delivery status changes, conversation updates) is relayed as a
// `data:` line. The browser reads it with fetch (see components/useLiveUpdates.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { onLiveShutdown, subscribeLive } from "~/lib/live.server";

// Proxies and load balancers drop idle connections; a comment line keeps this one open.
const HEARTBEAT_MS = 25_000;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const encoder = new TextEncoder();
  let stop = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let stopped = false;
      const write = (text: string) => {
        if (stopped) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const unsubscribe = subscribeLive(shop, (event) => write(`data: ${JSON.stringify(event)}\n\n`));
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), HEARTBEAT_MS);
      const unregister = onLiveShutdown(() => stop());
      stop = () => {
        if (stopped) return;
        stopped = true;
        clearInterval(heartbeat);
        unsubscribe();
        unregister();
        request.signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // already closed by the reader
        }
      };
      request.signal.addEventListener("abort", stop);
      if (request.signal.aborted) stop();
      // Tells the client it is connected, and how soon to retry if it isn't.
      write("retry: 3000\n: connected\n\n");
    },
    cancel() {
      stop();
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      // nginx: don't buffer the stream
      "X-Accel-Buffering": "no",
    },
  });
};
