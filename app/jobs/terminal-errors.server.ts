// Errors that no retry can fix: the shop has no offline session (uninstalled), Shopify
// answered 401/402/403/404 (token revoked, shop frozen, scope missing, resource gone), or a
// mutation came back with userErrors that aren't transient (the same input is refused again).
import { UnrecoverableError } from "bullmq";
import { HttpResponseError } from "@shopify/shopify-api";
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { ShopifyUserErrors } from "~/integrations/shopify/user-errors.server";

const TERMINAL_HTTP = new Set([401, 402, 403, 404]);

export function isTerminal(error: unknown): boolean {
  if (error instanceof UnrecoverableError || error instanceof SessionNotFoundError) return true;
  if (error instanceof ShopifyUserErrors) return !error.retryable;
  if (error instanceof HttpResponseError) return TERMINAL_HTTP.has(error.response.code);
  if (error instanceof Response) return TERMINAL_HTTP.has(error.status);
  return false;
}

/** Runs a job body; a terminal failure becomes UnrecoverableError so BullMQ stops retrying. */
export async function runJob<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (isTerminal(error) && !(error instanceof UnrecoverableError)) {
      const message = error instanceof Error ? error.message : `HTTP ${(error as Response).status}`;
      throw new UnrecoverableError(`terminal: ${message}`);
    }
    throw error;
  }
}
