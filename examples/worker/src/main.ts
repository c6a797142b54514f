// A worker process: takes publish jobs from the BullMQ queue and runs them with postkit, its
// stores on Redis (one refresh per grant, shared rate limits, resume states, idempotency keys).
// Run as many as needed, on as many machines; they share nothing but Redis (and the media files).
import { RedisIdempotencyStore, RedisResumeStateStore, RedisTokenStore } from "@postkit/redis";
import { RedisTikTokRateLimiter } from "@postkit/redis/tiktok";
import { TikTok } from "@postkit/tiktok";
import { YouTube } from "@postkit/youtube";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { postkitBackoff } from "./classify.js";
import { readConfig } from "./config.js";
import { createProcessor, type WorkerProvider } from "./processor.js";

const config = readConfig(process.env);
const log = (event: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, pid: process.pid, ...fields })}\n`);

// postkit's stores get their own client: each of their calls is bounded in time, whatever ioredis
// does while Redis is away. BullMQ's blocking commands need maxRetriesPerRequest: null.
const storeClient = new Redis(config.redisUrl);
storeClient.on("error", (error) => log("redis-error", { name: error.name }));
const stores = { client: storeClient, prefix: config.prefix };
const tokenStore = new RedisTokenStore({ ...stores, lockLeaseMs: config.refreshLeaseMs });
const idempotency = new RedisIdempotencyStore(stores);

const providers = {} as Record<"tiktok" | "youtube", WorkerProvider>;
if (config.tiktok) {
  providers.tiktok = new TikTok({
    ...config.tiktok,
    tokenStore,
    idempotencyStore: idempotency,
    limiter: new RedisTikTokRateLimiter(stores),
  });
}
if (config.youtube) {
  providers.youtube = new YouTube({ ...config.youtube, tokenStore, idempotencyStore: idempotency });
}

const worker = new Worker(
  config.queue,
  createProcessor({
    providers,
    idempotency,
    resume: new RedisResumeStateStore(stores),
    delays: config.delays,
  }),
  {
    connection: new Redis(config.redisUrl, { maxRetriesPerRequest: null }),
    concurrency: config.concurrency,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.stalledIntervalMs,
    settings: { backoffStrategy: postkitBackoff(config.delays) },
  },
);
worker.on("active", (job) => log("active", { job: job.id }));
worker.on("completed", (job) => log("completed", { job: job.id }));
worker.on("failed", (job, error) => log("failed", { job: job?.id, reason: error.message }));
worker.on("error", (error) => log("worker-error", { name: error.name }));
worker.waitUntilReady().then(() => log("ready", { queue: config.queue, concurrency: config.concurrency }));

async function shutdown() {
  // Lets the running jobs finish (their locks stay renewed meanwhile), then leaves.
  await worker.close();
  await storeClient.quit();
  process.exit(0);
}
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
