import { describe, expect, it } from "vitest";
import { UnrecoverableError } from "bullmq";
import { HttpResponseError } from "@shopify/shopify-api";
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { ShopifyUserErrors } from "~/integrations/shopify/user-errors.server";
import { isTerminal, runJob } from "./terminal-errors.server";

const httpError = (code: number) =>
  new HttpResponseError({ message: `HTTP ${code}`, code, statusText: "x", body: {}, headers: {} });

describe("terminal job errors", () => {
  it.each([401, 402, 403, 404])("Shopify %i stops retries", async (code) => {
    await expect(runJob(() => Promise.reject(httpError(code)))).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it("a shop without an offline session stops retries", async () => {
    await expect(runJob(() => Promise.reject(new SessionNotFoundError("no session")))).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it.each([429, 500, 503])("Shopify %i is retried", async (code) => {
    const error = httpError(code);
    expect(isTerminal(error)).toBe(false);
    await expect(runJob(() => Promise.reject(error))).rejects.toBe(error);
  });

  it("a mutation's userErrors stop retries, unless every one is transient", async () => {
    const invalid = new ShopifyUserErrors("metafieldsSet", [{ field: ["metafields", "0", "value"], message: "Value is invalid JSON", code: "INVALID_VALUE" }]);
    expect(invalid.message).toBe("metafieldsSet refused: metafields.0.value: Value is invalid JSON [INVALID_VALUE]");
    await expect(runJob(() => Promise.reject(invalid))).rejects.toBeInstanceOf(UnrecoverableError);

    const transient = new ShopifyUserErrors("metafieldsSet", [{ field: null, message: "Internal error", code: "INTERNAL_ERROR" }]);
    expect(isTerminal(transient)).toBe(false);
    await expect(runJob(() => Promise.reject(transient))).rejects.toBe(transient);
    const mixed = new ShopifyUserErrors("metafieldsSet", [{ message: "Internal error", code: "INTERNAL_ERROR" }, { message: "Key is too short", code: "TOO_SHORT" }]);
    expect(isTerminal(mixed)).toBe(true);
  });

  it("passes results through", async () => {
    await expect(runJob(async () => 42)).resolves.toBe(42);
  });
});
