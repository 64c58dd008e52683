// GET /apps/concierge/program (through the app proxy): is the program on, who's online.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { programStatus } from "~/domain/program/program.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.public.appProxy(request);
  const shop = new URL(request.url).searchParams.get("shop")!;
  return json(await programStatus(db, shop), { headers: { "Cache-Control": "private, max-age=30" } });
};
