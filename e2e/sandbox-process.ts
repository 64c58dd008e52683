// Starts `npm run sandbox` as a real process tree (as a user would), and stops it with SIGINT.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

export const repoRoot = resolve(__dirname, "..");

export type SandboxProcess = {
  proc: ChildProcess;
  urls: Record<string, string>;
  output: () => string;
  startedInMs: number;
  stop: () => Promise<number | null>;
};

/** Every descendant pid of `pid`, read from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export function alive(pid: number) {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

export async function startSandboxProcess(basePort: number, dataDir: string, timeoutMs = 60_000): Promise<SandboxProcess> {
  const started = Date.now();
  // As `npm run sandbox` runs it (node --import tsx), so SIGINT reaches the sandbox itself.
  const proc = spawn(process.execPath, ["--import", "tsx", "sandbox/run.ts"], {
    cwd: repoRoot,
    env: { ...process.env, SANDBOX_BASE_PORT: String(basePort), SANDBOX_DATA_DIR: dataDir, FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  while (!output.includes("Ctrl-C stops everything")) {
    if (proc.exitCode !== null) throw new Error(`sandbox exited early:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      proc.kill("SIGINT");
      throw new Error(`sandbox not up within ${timeoutMs / 1000}s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const startedInMs = Date.now() - started;
  await new Promise((r) => setTimeout(r, 200)); // the rest of the table
  const urls: Record<string, string> = {};
  for (const line of output.split("\n")) {
    const m = /^\s{2}(.+?)\s{2,}(http:\/\/\S+)$/.exec(line);
    if (m) urls[m[1]!.trim()] = m[2]!;
  }
  return {
    proc,
    urls,
    startedInMs,
    output: () => output,
    stop: async () => {
      if (proc.exitCode === null) proc.kill("SIGINT");
      return exited;
    },
  };
}
