// The real components of the worker tests: a redis-server of its own, the emulators on a loopback
// server, and worker processes (the bundled src/main.ts, run by node) that share nothing but Redis.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { EmulatorHub, EmulatorServer } from "@postkit/testing";
import type { Queue } from "bullmq";
import { build } from "esbuild";
import { type RedisServer, startRedisServer } from "../../../../.config/redis-server.mjs";
import type { PublishJobData } from "../../src/job-data.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Bundles the worker (src/main.ts) next to the package, so its imports resolve from the
 * package's node_modules: the workspace packages as built (`npm test` builds them first).
 */
export async function buildWorker(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = `${root}dist/test-worker-${randomUUID()}.js`;
  await build({
    entryPoints: [`${root}src/main.ts`],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: path,
    logLevel: "silent",
  });
  return { path, remove: () => rm(path, { force: true }) };
}

/** One worker process and what it said (one JSON event per stdout line). */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly events: Array<{ event: string; job?: string; reason?: string }>;
  readonly exited: Promise<void>;
  /** Output on stderr, for failure messages. */
  stderr(): string;
}

export function startWorker(script: string, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: WorkerProcess["events"] = [];
  let buffer = "";
  let errors = "";
  child.stdout?.on("data", (data: Buffer) => {
    buffer += data.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      try {
        events.push(JSON.parse(line) as WorkerProcess["events"][number]);
      } catch {
        errors += `${line}\n`;
      }
    }
  });
  child.stderr?.on("data", (data: Buffer) => {
    errors += data.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, pid: child.pid ?? 0, events, exited, stderr: () => errors.slice(-4000) };
}

/** Stops workers that are still running (SIGTERM, then SIGKILL if one hangs) and waits for them. */
export async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(
    workers.map(async (worker) => {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
      worker.child.kill("SIGTERM");
      const timer = setTimeout(() => worker.child.kill("SIGKILL"), 10_000);
      await worker.exited;
      clearTimeout(timer);
    }),
  );
}

/**
 * Checks `condition` every 25 ms until it holds. The bound is a guard against a hang, not a
 * timing assertion: on failure the message says what was awaited and what the workers said.
 */
export async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  options: { boundMs?: number; workers?: readonly WorkerProcess[] } = {},
): Promise<void> {
  const deadline = Date.now() + (options.boundMs ?? 45_000);
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const said = (options.workers ?? []).map(
        (w) => `${w.pid}: ${w.stderr()} ${JSON.stringify(w.events.slice(-5))}`,
      );
      throw new Error(`Gave up waiting for ${what}. ${said.join(" | ")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The environment of a worker on this Redis and these emulators. */
export function workerEnv(
  redis: RedisServer,
  server: EmulatorServer,
  credentials: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    REDIS_URL: redis.url,
    POSTKIT_BASE_URLS: JSON.stringify({ tiktok: server.baseUrls.tiktok, youtube: server.baseUrls.youtube }),
    POSTKIT_CONCURRENCY: "8",
    POSTKIT_LOCK_DURATION_MS: "5000",
    POSTKIT_STALLED_INTERVAL_MS: "1000",
    POSTKIT_RETRY_BASE_MS: "200",
    ...credentials,
    ...extra,
  };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 8 * 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export type { EmulatorHub, PublishJobData, Queue, RedisServer };
export { startRedisServer };
