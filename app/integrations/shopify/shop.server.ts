// Admin GraphQL documents about the shop itself. Every document in app/integrations/shopify
// is validated against the Admin schema by documents.test.ts.
export const SHOP_PROFILE_QUERY = `#graphql
  query ShopProfile {
    shop {
      name
      email
      myshopifyDomain
      ianaTimezone
      currencyCode
      plan {
        displayName
      }
    }
  }
`;

export type ShopProfile = {
  shop: {
    name: string;
    email: string;
    myshopifyDomain: string;
    ianaTimezone: string;
    currencyCode: string;
    plan: { displayName: string };
  };
};
