// The webhook routes by topic, for tests that deliver through the real route.
import * as appUninstalled from "~/routes/webhooks.app.uninstalled";
import * as appScopesUpdate from "~/routes/webhooks.app.scopes_update";
import * as customersDataRequest from "~/routes/webhooks.customers.data_request";
import * as customersRedact from "~/routes/webhooks.customers.redact";
import * as shopRedact from "~/routes/webhooks.shop.redact";
import * as ordersCreate from "~/routes/webhooks.orders.create";

export const byTopic: Record<string, { action: typeof shopRedact.action }> = {
  "app/uninstalled": appUninstalled,
  "app/scopes_update": appScopesUpdate,
  "customers/data_request": customersDataRequest,
  "customers/redact": customersRedact,
  "shop/redact": shopRedact,
  "orders/create": ordersCreate,
};
