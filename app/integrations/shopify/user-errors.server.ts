// A mutation's `userErrors`: Shopify understood the request and refused it. Sending the same
// input again gets the same answer, so the job runner treats it as terminal, except for the
// codes Shopify documents as transient.
export type ShopifyUserError = { field?: string[] | null; message: string; code?: string | null };

const TRANSIENT_CODES = new Set(["INTERNAL_ERROR", "STALE_OBJECT"]);

export class ShopifyUserErrors extends Error {
  /** True when every error is transient, so a retry may succeed. */
  readonly retryable: boolean;

  constructor(
    readonly mutation: string,
    readonly userErrors: ShopifyUserError[],
  ) {
    const detail = userErrors.map((e) => `${e.field?.join(".") ?? "(input)"}: ${e.message}${e.code ? ` [${e.code}]` : ""}`).join("; ");
    super(`${mutation} refused: ${detail}`);
    this.name = "ShopifyUserErrors";
    this.retryable = userErrors.length > 0 && userErrors.every((e) => e.code != null && TRANSIENT_CODES.has(e.code));
  }
}
