// Runs a command to completion and returns its output; never throws on a non-zero exit, so a
// test can assert on failures as well as successes.
import { spawn } from "node:child_process";
import { delimiter } from "node:path";
import { repoRoot } from "./paths.js";

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * The environment a user's shell would have: without the npm_/pnpm_ variables and the workspace's
 * node_modules/.bin that `npm test` and `pnpm run` add (they would change how the consumer's
 * package manager behaves, or let it use the workspace's binaries), and without vitest's own.
 */
export function userEnv(
  extra: Record<string, string> = {},
  extraPath: string[] = [],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(npm_|pnpm_|PNPM_|VITEST|__VITEST)/i.test(name)) continue;
    // NODE_PATH: `pnpm exec` points it at the workspace's packages, which CommonJS would then find.
    if (["INIT_CWD", "NODE_OPTIONS", "NODE_PATH", "NODE_ENV", "TEST"].includes(name)) continue;
    env[name] = value;
  }
  const path = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir && !dir.startsWith(repoRoot));
  env.PATH = [...extraPath, ...path].join(delimiter);
  return { ...env, ...extra };
}

export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? userEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Our own timer rather than spawn's `timeout`, which is only cleared on 'exit' and so keeps
    // the process alive after a command that could not start (ENOENT).
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 300_000);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** A readable account of a finished command, for assertion messages. */
export function describeRun(what: string, result: RunResult): string {
  return `${what} exited with ${result.code}\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`;
}
