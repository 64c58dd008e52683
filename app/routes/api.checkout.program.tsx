// GET /api/checkout/program: the thank-you extension's view of the program (session JWT + CORS).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { programStatus } from "~/domain/program/program.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { sessionToken, cors } = await authenticate.public.checkout(request);
  const shop = new URL(sessionToken.dest).hostname;
  return cors(json(await programStatus(db, shop)));
};
