// Test helpers for the large-upload tests of the platform packages: a child process running the
// built package (so its peak RSS is its own) and the deterministic file it uploads.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";

/** What a child printed, and how it ended. */
export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node script ...args` in `cwd` with the parent's environment plus `env` (the fixtures read
 * their JSON input from a variable); `done` settles when the child has closed its output.
 */
export function runChild(
  script: string,
  options: { cwd: string; env: Record<string, string>; args?: readonly string[] },
): { child: ChildProcess; done: Promise<ChildResult> } {
  const child = spawn(process.execPath, [script, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (data: Buffer) => (stdout += data.toString()));
  child.stderr!.on("data", (data: Buffer) => (stderr += data.toString()));
  const done = new Promise<ChildResult>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

/** Peak RSS growth in MB between two `process.resourceUsage().maxRSS` readings (kilobytes). */
export const rssGrowthMb = (beforeKb: number, afterKb: number): number => (afterKb - beforeKb) / 1024;

/** Streams `size` deterministic pseudo-random bytes to `path` (1 MiB at a time) and returns their SHA-256. */
export async function writePseudoRandomFile(path: string, size: number): Promise<string> {
  const hash = createHash("sha256");
  const out = createWriteStream(path);
  const block = new Uint32Array(256 * 1024);
  let x = 0x9e3779b9;
  for (let written = 0; written < size; written += block.byteLength) {
    for (let i = 0; i < block.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      block[i] = x >>> 0;
    }
    // The last block is cut to `size`.
    const bytes = new Uint8Array(block.buffer.slice(0, Math.min(block.byteLength, size - written)));
    hash.update(bytes);
    if (!out.write(bytes)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return hash.digest("hex");
}
