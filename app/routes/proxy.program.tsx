// GET /apps/concierge/program (through the app proxy): is the program on, who's online.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { verifyAppProxy } from "~/lib/app-proxy.server";
import { db } from "~/db.server";
import { programStatus } from "~/domain/program/program.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await verifyAppProxy(request);
  return json(await programStatus(db, shop), { headers: { "Cache-Control": "private, max-age=30" } });
};
