// Download one customer data export as JSON.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { readExport } from "~/domain/privacy/export.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const data = await readExport(db, session.shop, params.id!, env.ENCRYPTION_KEY);
  if (!data) throw new Response("Export not found", { status: 404 });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="customer-data-${params.id}.json"`,
      "Cache-Control": "no-store",
    },
  });
};
