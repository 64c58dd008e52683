// One sandbox for all browser journeys, started as `npm run sandbox` would start it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startSandboxProcess } from "./sandbox-process";

declare module "vitest" {
  export interface ProvidedContext {
    sandboxUrls: Record<string, string>;
    sandboxDataDir: string;
    sandboxBasePort: number;
  }
}

export default async function setup(project: TestProject) {
  const basePort = Number(process.env.E2E_BASE_PORT ?? 4900);
  const dataDir = mkdtempSync(join(tmpdir(), "concierge-sandbox-e2e-"));
  const sandbox = await startSandboxProcess(basePort, dataDir);
  project.provide("sandboxUrls", sandbox.urls);
  project.provide("sandboxDataDir", dataDir);
  project.provide("sandboxBasePort", basePort);
  return async () => {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
