// The app's public root: Shopify admin opens /?shop=…; send it into the embedded app.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return new Response(
    "<!doctype html><title>Concierge</title><h1>Concierge</h1><p>Expert-led conversational commerce for Shopify. Install it from the Shopify App Store.</p>",
    { headers: { "Content-Type": "text/html; charset=utf-8" } },
  );
};
