// App-data metafields: metafields on the app's own installation. Only this app can read them in
// the Admin API; its theme app extension reads them in Liquid as
// `app.metafields.<namespace>.<key>.value`. Every document here is validated against the Admin
// schema by documents.test.ts.
import { isDeepStrictEqual } from "node:util";
import type { AdminGraphql } from "./admin-client.server";
import { ShopifyUserErrors, type ShopifyUserError } from "./user-errors.server";

export const APP_INSTALLATION_METAFIELD_QUERY = `#graphql
  query AppInstallationMetafield($namespace: String!, $key: String!) {
    currentAppInstallation {
      id
      metafield(namespace: $namespace, key: $key) {
        value
      }
    }
  }
`;

export const METAFIELDS_SET_MUTATION = `#graphql
  mutation MetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

type AppInstallationMetafield = { currentAppInstallation: { id: string; metafield: { value: string } | null } };
type MetafieldsSetResult = { metafieldsSet: { metafields: Array<{ id: string }> | null; userErrors: ShopifyUserError[] } | null };

function parsesTo(json: string, value: unknown) {
  try {
    return isDeepStrictEqual(JSON.parse(json), value);
  } catch {
    return false;
  }
}

/**
 * Writes `value` as a json app-data metafield, unless it already holds that value (a read is
 * cheaper than a mutation against the shop's rate limit). Refusals throw ShopifyUserErrors.
 */
export async function setAppDataJsonMetafield(graphql: AdminGraphql, namespace: string, key: string, value: unknown): Promise<"set" | "unchanged"> {
  const json = JSON.stringify(value);
  const { currentAppInstallation } = await graphql<AppInstallationMetafield>(APP_INSTALLATION_METAFIELD_QUERY, { namespace, key });
  if (currentAppInstallation.metafield && parsesTo(currentAppInstallation.metafield.value, JSON.parse(json))) return "unchanged";

  const { metafieldsSet } = await graphql<MetafieldsSetResult>(METAFIELDS_SET_MUTATION, {
    metafields: [{ ownerId: currentAppInstallation.id, namespace, key, type: "json", value: json }],
  });
  if (!metafieldsSet) throw new Error("metafieldsSet returned no payload");
  if (metafieldsSet.userErrors.length > 0) throw new ShopifyUserErrors("metafieldsSet", metafieldsSet.userErrors);
  return "set";
}
