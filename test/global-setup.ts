// Once per run: a run id that names every worker's database and queue prefix, and the
// clean-up of all of them at the end.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

export const POSTGRES_TEST_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

declare module "vitest" {
  export interface ProvidedContext {
    runId: string;
    tmpDir: string;
  }
}

export default async function setup(project: TestProject) {
  const runId = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const tmpDir = mkdtempSync(join(tmpdir(), "concierge-test-"));
  project.provide("runId", runId);
  project.provide("tmpDir", tmpDir);

  return async () => {
    rmSync(tmpDir, { recursive: true, force: true });
    if (project.config.env?.TEST_DB === "postgres") {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
      await client.connect();
      const { rows } = await client.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", [`vitest_${runId}_%`]);
      for (const r of rows) await client.query(`DROP SCHEMA "${r.nspname}" CASCADE`);
      await client.end();
    }
    const { Redis } = await import("ioredis");
    const redis = new Redis(REDIS_TEST_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `test_${runId}_*`, "COUNT", 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== "0");
    } finally {
      redis.disconnect();
    }
  };
}
