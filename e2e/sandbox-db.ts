// Read-only peeks into the e2e sandbox's SQLite database, to check effects behind the UI.
import { createClient } from "@libsql/client";
import { join } from "node:path";
import { inject } from "vitest";

export function sandboxDb() {
  return createClient({ url: `file:${join(inject("sandboxDataDir"), `sandbox-${inject("sandboxBasePort")}.sqlite`)}` });
}

export async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
