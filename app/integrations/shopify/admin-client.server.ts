// The worker's way to Shopify: an offline-session Admin client for a shop, with GraphQL
// errors surfaced as exceptions (terminal ones are classified by the job runner).
import { unauthenticated } from "~/shopify.server";

export type AdminGraphql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export async function adminGraphqlFor(shop: string): Promise<AdminGraphql> {
  const { admin } = await unauthenticated.admin(shop);
  return async <T,>(query: string, variables?: Record<string, unknown>) => {
    const response = await admin.graphql(query, variables ? { variables } : undefined);
    const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(`Shopify GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
    return body.data as T;
  };
}
