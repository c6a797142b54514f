#!/usr/bin/env node
// Jobs per minute of the BullMQ worker fleet (examples/worker) against the emulators, with two
// and four worker processes: `pnpm --filter @postkit/bench bench:scale` (needs `pnpm build` and
// redis-server). Each run: a fresh queue and key prefix, 50 accounts (25 TikTok, 25 YouTube)
// whose tokens are in Redis, N workers started and ready, then J publish jobs of small videos;
// the figure is J over the time from the first job added to the last one completed.
// Options: --jobs <n> (default 200), --workers 2,4, --concurrency <n> (per worker, default 4),
// --size <KiB> (default 256), --json <file>.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { commaSeparatedScopes, spaceSeparatedScopes, tokenSetFromResponse } from "@postkit/core";
import { RedisTokenStore } from "@postkit/redis";
import { createEmulatorHub, createTikTokEmulator, createYouTubeEmulator } from "@postkit/testing";
import { Queue } from "bullmq";
import { build } from "esbuild";
import { Redis } from "ioredis";
import { startRedisServer } from "../../../.config/redis-server.mjs";
import { environment, repoDir } from "./lib.mjs";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "200" },
    workers: { type: "string", default: "2,4" },
    concurrency: { type: "string", default: "4" },
    size: { type: "string", default: "256" },
    json: { type: "string" },
  },
});
const JOBS = Number(values.jobs);
const FLEETS = values.workers.split(",").map(Number);
const CONCURRENCY = Number(values.concurrency);
const SIZE = Number(values.size) * 1024;
const ACCOUNTS = 25; // per platform

const workerDir = join(repoDir, "examples", "worker");
const bundle = join(workerDir, "dist", `bench-worker-${randomUUID()}.js`);
await build({
  entryPoints: [join(workerDir, "src", "main.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile: bundle,
  logLevel: "silent",
});

const media = mkdtempSync(join(tmpdir(), "postkit-scale-"));
const redis = await startRedisServer();
const results = [];
try {
  for (const count of FLEETS) results.push(await run(count));
} finally {
  await redis.stop();
  rmSync(media, { recursive: true, force: true });
  rmSync(bundle, { force: true });
}

const env = environment();
const report = { environment: env, jobs: JOBS, concurrency: CONCURRENCY, sizeKiB: SIZE / 1024, results };
if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
console.log(
  `\n${env.cpu}, ${env.cores} cores, ${env.memoryGiB.toFixed(0)} GiB, Node ${env.node}, ${env.platform}, commit ${env.commit}`,
);
console.log(
  `${JOBS} jobs of ${SIZE / 1024} KiB (half TikTok, half YouTube), 50 accounts, concurrency ${CONCURRENCY} per worker\n`,
);
console.log("| workers | jobs | seconds | jobs per minute |");
console.log("|---:|---:|---:|---:|");
for (const r of results)
  console.log(`| ${r.workers} | ${r.jobs} | ${r.seconds.toFixed(1)} | ${Math.round(r.jobsPerMinute)} |`);

/** One fleet of `count` workers: fresh emulators, queue and prefix; resolves to its figures. */
async function run(count) {
  const tiktok = createTikTokEmulator({
    otherAccounts: Array.from({ length: ACCOUNTS - 1 }, () => ({})),
    processingPolls: 0,
    retainBytes: 0,
  });
  const youtube = createYouTubeEmulator({ quotaLimit: 10_000_000, retainBytes: 0 });
  const server = await createEmulatorHub(tiktok, youtube).listen();
  const client = new Redis(redis.port, "127.0.0.1", { maxRetriesPerRequest: null });
  const prefix = `scale-${count}:`;
  const queueName = `scale-${count}`;
  const store = new RedisTokenStore({ client, prefix });
  const accounts = [];
  for (const { user } of tiktok.accounts()) {
    const raw = tiktok.issueTokens(undefined, { openId: user.open_id });
    await store.compareAndSet(
      `tiktok:${user.open_id}`,
      undefined,
      tokenSetFromResponse(raw, { scopeStyle: commaSeparatedScopes }),
    );
    accounts.push({ platform: "tiktok", id: user.open_id });
  }
  for (let i = 0; i < ACCOUNTS; i++) {
    const raw = youtube.issueTokens();
    await store.compareAndSet(
      `youtube:g${i}`,
      undefined,
      tokenSetFromResponse(raw, { scopeStyle: spaceSeparatedScopes }),
    );
    accounts.push({ platform: "youtube", id: `g${i}` });
  }
  const jobs = [];
  for (let j = 0; j < JOBS; j++) {
    const account = accounts[j % accounts.length];
    const path = join(media, `${count}-${j}.mp4`);
    const bytes = Buffer.alloc(SIZE, j % 251);
    writeFileSync(path, bytes);
    jobs.push({
      platform: account.platform,
      account: { ...account, displayName: account.id, credentialKey: `${account.platform}:${account.id}` },
      media: { path, contentType: "video/mp4" },
      options:
        account.platform === "tiktok"
          ? { mode: "direct", privacyLevel: "SELF_ONLY", durationSec: 10 }
          : { title: `Video ${j}`, privacyStatus: "private" },
      idempotencyKey: `scale-${count}-${j}`,
    });
  }
  const workerEnv = {
    PATH: process.env.PATH ?? "",
    REDIS_URL: redis.url,
    POSTKIT_QUEUE: queueName,
    POSTKIT_PREFIX: prefix,
    POSTKIT_CONCURRENCY: String(CONCURRENCY),
    POSTKIT_BASE_URLS: JSON.stringify({ tiktok: server.baseUrls.tiktok, youtube: server.baseUrls.youtube }),
    TIKTOK_CLIENT_KEY: tiktok.clientKey,
    TIKTOK_CLIENT_SECRET: tiktok.clientSecret,
    TIKTOK_REDIRECT_URI: tiktok.redirectUri,
    YOUTUBE_CLIENT_ID: youtube.client.clientId,
    YOUTUBE_CLIENT_SECRET: youtube.client.clientSecret,
    YOUTUBE_REDIRECT_URI: youtube.redirectUri,
  };
  const workers = Array.from({ length: count }, () => startWorker(workerEnv));
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    const queue = new Queue(queueName, { connection: client });
    const started = performance.now();
    await queue.addBulk(
      jobs.map((data) => ({
        name: "publish",
        data,
        opts: { jobId: data.idempotencyKey, attempts: 8, backoff: { type: "postkit" } },
      })),
    );
    // Bounded by the count of jobs, and by ten minutes: a stuck run stops by itself.
    const deadline = Date.now() + 600_000;
    for (;;) {
      const counts = await queue.getJobCounts("completed", "failed");
      if (counts.completed + counts.failed >= JOBS) {
        if (counts.failed > 0) throw new Error(`${counts.failed} jobs failed`);
        break;
      }
      if (Date.now() > deadline) throw new Error("the fleet did not finish within ten minutes");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    await queue.close();
    return { workers: count, jobs: JOBS, seconds, jobsPerMinute: (JOBS / seconds) * 60 };
  } finally {
    for (const worker of workers) worker.child.kill("SIGTERM");
    await Promise.all(workers.map((worker) => worker.exited));
    await client.quit();
    await server.close();
  }
}

function startWorker(env) {
  const child = spawn(process.execPath, [bundle], {
    cwd: workerDir,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buffer = "";
  const ready = new Promise((resolve, reject) => {
    child.stdout.on("data", (data) => {
      buffer += data.toString();
      if (buffer.includes('"event":"ready"')) resolve();
      if (buffer.length > 65_536) buffer = buffer.slice(-1024);
    });
    child.once("exit", (code) => reject(new Error(`a worker exited (${code}) before it was ready`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return { child, ready, exited };
}
