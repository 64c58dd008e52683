// Links into the embedded admin, for notification emails. Shopify redirects
// https://<shop>/admin/apps/<client id>/<path> to the app's page inside the admin.
import { env } from "~/env.server";

export function adminInboxLink(shop: string, conversationId: string): string {
  return `https://${shop}/admin/apps/${encodeURIComponent(env.SHOPIFY_API_KEY)}/app/inbox/${encodeURIComponent(conversationId)}`;
}
