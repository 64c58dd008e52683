#!/usr/bin/env node
// Storefront launcher weight (ARCHITECTURE §7): gzip bytes of the theme extension's JS and CSS,
// FAB and banner together. CSS counts the asset files plus the <style> the banner block inlines.
// A report, not a gate: it always exits 0 (the budget test in sandbox/storefront fails instead).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const EXTENSION_DIR = join(dirname(fileURLToPath(import.meta.url)), "../extensions/concierge-theme");
const JS_BUDGET = 3072;
const CSS_BUDGET = 2048;

const gzipBytes = (text) => gzipSync(Buffer.from(text, "utf8"), { level: 9 }).length;
const filesIn = (dir, ext) =>
  readdirSync(join(EXTENSION_DIR, dir))
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => ({ name: `${dir}/${f}`, text: readFileSync(join(EXTENSION_DIR, dir, f), "utf8") }));

export function measureLauncher() {
  const js = filesIn("assets", ".js");
  const inlineCss = [...filesIn("blocks", ".liquid"), ...filesIn("snippets", ".liquid")].flatMap(({ name, text }) =>
    [...text.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => ({ name: `${name} <style>`, text: m[1] })),
  );
  const css = [...filesIn("assets", ".css"), ...inlineCss];
  // Each file travels (and is compressed) on its own, so sizes add up per file.
  const sum = (files) => files.reduce((total, f) => total + gzipBytes(f.text), 0);
  const jsGzipBytes = sum(js);
  const cssGzipBytes = sum(css);
  return {
    bench: "launcher-size",
    jsGzipBytes,
    cssGzipBytes,
    jsBudget: JS_BUDGET,
    cssBudget: CSS_BUDGET,
    ok: jsGzipBytes <= JS_BUDGET && cssGzipBytes <= CSS_BUDGET,
    files: [...js, ...css].map((f) => ({ name: f.name, bytes: Buffer.byteLength(f.text), gzipBytes: gzipBytes(f.text) })),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = measureLauncher();
  const { files, ...summary } = result;
  console.log(JSON.stringify(summary));
  const pct = (n, budget) => `${((n / budget) * 100).toFixed(0)}%`;
  console.log(
    `launcher-size: JS ${result.jsGzipBytes} B gzip of ${result.jsBudget} (${pct(result.jsGzipBytes, result.jsBudget)}), ` +
      `CSS ${result.cssGzipBytes} B gzip of ${result.cssBudget} (${pct(result.cssGzipBytes, result.cssBudget)}) — ` +
      `${result.ok ? "within budget" : "OVER BUDGET"} [${files.map((f) => `${f.name} ${f.gzipBytes} B`).join(", ")}]`,
  );
}
