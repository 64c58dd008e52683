import { describe, expect, it } from "vitest";
import { UnrecoverableError } from "bullmq";
import { HttpResponseError } from "@shopify/shopify-api";
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
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

  it("passes results through", async () => {
    await expect(runJob(async () => 42)).resolves.toBe(42);
  });
});
