#!/usr/bin/env node
// `npm test`: the whole suite (unit, data layer on SQLite and PostgreSQL, and browser
// journeys), closing with the line CI reads: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outDir = join(root, ".test-results");
const report = join(outDir, "vitest.json");
mkdirSync(outDir, { recursive: true });
rmSync(report, { force: true });

const run = spawnSync(
  join(root, "node_modules/.bin/vitest"),
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: process.env },
);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, "utf8"));
  passed = result.numPassedTests ?? 0;
  failed = (result.numFailedTests ?? 0) + (result.numRuntimeErrorTests ?? 0);
  // A file that fails to load counts as a failure even if it declared no test.
  for (const file of result.testResults ?? []) if (file.status === "failed" && (file.assertionResults ?? []).length === 0) failed += 1;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
