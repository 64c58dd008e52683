// Lighthouse performance (mobile preset) of the storefront preview with and without the
// Concierge launcher and banner; median of 5 runs each. Budget: a drop of at most 1 point.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { report } from "./env";
import { sandboxConfig } from "../sandbox/config";
import { startSandbox } from "../sandbox/run";

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5);
const config = sandboxConfig(Number(process.env.BENCH_LIGHTHOUSE_PORT ?? 5300));
const sandbox = await startSandbox({ ...config, dataDir: mkdtempSync(join(tmpdir(), "concierge-lh-")) }, { quiet: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function score(url: string) {
  const result = await lighthouse(url, { port: chrome.port, onlyCategories: ["performance"], logLevel: "error" });
  return Math.round((result?.lhr.categories.performance?.score ?? 0) * 100);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const base = `${config.urls.ui}/storefront`;
  await score(base); // warm caches and the app
  const without: number[] = [];
  const withLauncher: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    without.push(await score(`${base}?concierge=off`));
    withLauncher.push(await score(base));
  }
  const drop = median(without) - median(withLauncher);
  report({ bench: "lighthouse-storefront", preset: "mobile", runs: RUNS, without, with: withLauncher, medianWithout: median(without), medianWith: median(withLauncher), drop, budgetDrop: 1, ok: drop <= 1 });
} finally {
  chrome.kill();
  await sandbox.stop();
}
process.exit(0);
