// `npm run sandbox` on this machine: up within 60 s, every printed URL answers, and Ctrl-C
// (SIGINT) leaves no process behind.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alive, descendants, startSandboxProcess } from "./sandbox-process";

describe("npm run sandbox", () => {
  it("serves every URL it prints within 60 s and stops cleanly on Ctrl-C", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "concierge-sandbox-life-"));
    const sandbox = await startSandboxProcess(Number(process.env.E2E_LIFECYCLE_PORT ?? 5100), dataDir, 60_000);
    try {
      expect(sandbox.startedInMs).toBeLessThan(60_000);
      expect(Object.keys(sandbox.urls).length).toBeGreaterThanOrEqual(7);
      for (const [what, url] of Object.entries(sandbox.urls)) {
        const res = await fetch(url, { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36" }, redirect: "manual" });
        expect(res.status, `${what} ${url}`).toBeLessThan(500);
      }
      const tree = descendants(sandbox.proc.pid!);
      expect(tree.length).toBeGreaterThanOrEqual(2); // web + worker (+ redis if started)
      const code = await sandbox.stop();
      expect(code).toBe(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(tree.filter(alive), sandbox.output()).toEqual([]);
    } finally {
      if (sandbox.proc.exitCode === null) sandbox.proc.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
