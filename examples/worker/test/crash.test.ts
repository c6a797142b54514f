// Done when: a worker killed (SIGKILL) halfway through a 1 GiB upload leaves the job to the other
// worker, which continues the same upload session from the resume state in Redis, and the video is
// published once; a worker killed while holding a grant's refresh lock blocks the grant no longer
// than the lease, and the grant (TikTok rotates refresh tokens) survives.
import { open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commaSeparatedScopes, spaceSeparatedScopes, tokenSetFromResponse } from "@postkit/core";
import { RedisResumeStateStore, RedisTokenStore } from "@postkit/redis";
import {
  createEmulatorHub,
  createTikTokEmulator,
  createYouTubeEmulator,
  type EmulatorServer,
} from "@postkit/testing";
import { type Job, Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PublishJobData } from "../src/job-data.js";
import { enqueuePublish } from "../src/queue.js";
import {
  buildWorker,
  type RedisServer,
  sha256File,
  startRedisServer,
  startWorker,
  stopWorkers,
  until,
  type WorkerProcess,
  workerEnv,
} from "./support/fleet.js";

const GIB = 1024 * 1024 * 1024;
const CHUNK = 64 * 1024 * 1024;

const tiktok = createTikTokEmulator({ accessTokenTtlSec: 600, processingPolls: 0 });
const youtube = createYouTubeEmulator();
const hub = createEmulatorHub(tiktok, youtube);
let redis: RedisServer;
let server: EmulatorServer;
let worker: Awaited<ReturnType<typeof buildWorker>>;
const clients: Redis[] = [];
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  [redis, server, worker] = await Promise.all([startRedisServer(), hub.listen(), buildWorker()]);
});
afterEach(async () => {
  await stopWorkers(workers);
  workers = [];
  hub.faults.clear();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit()));
  await Promise.all([redis?.stop(), server?.close(), worker?.remove()]);
});

const client = () => {
  const created = new Redis(redis.port, "127.0.0.1", { maxRetriesPerRequest: null });
  clients.push(created);
  return created;
};

function credentials(): Record<string, string> {
  return {
    TIKTOK_CLIENT_KEY: tiktok.clientKey,
    TIKTOK_CLIENT_SECRET: tiktok.clientSecret,
    TIKTOK_REDIRECT_URI: tiktok.redirectUri,
    YOUTUBE_CLIENT_ID: youtube.client.clientId,
    YOUTUBE_CLIENT_SECRET: youtube.client.clientSecret,
    YOUTUBE_REDIRECT_URI: youtube.redirectUri,
  };
}

/** Two workers on `queue`; resolves once both are ready. */
async function twoWorkers(queue: string, prefix: string, extra: Record<string, string> = {}) {
  const env = workerEnv(redis, server, credentials(), {
    POSTKIT_QUEUE: queue,
    POSTKIT_PREFIX: prefix,
    ...extra,
  });
  workers = [startWorker(worker.path, env), startWorker(worker.path, env)];
  await until("both workers ready", () => workers.every((w) => w.events.some((e) => e.event === "ready")), {
    workers,
  });
  return workers;
}

/** The worker running `jobId`, once one has taken it. */
async function runnerOf(jobId: string): Promise<WorkerProcess> {
  let runner: WorkerProcess | undefined;
  await until(
    `a worker taking ${jobId}`,
    () => {
      runner = workers.find((w) => w.events.some((e) => e.event === "active" && e.job === jobId));
      return runner !== undefined;
    },
    { workers },
  );
  return runner!;
}

async function settled(job: Job | undefined): Promise<string> {
  return (await job?.getState()) ?? "missing";
}

describe("a worker dies mid-upload", () => {
  it("SIGKILL halfway through a 1 GiB upload: the other worker continues the same session, published once", async () => {
    const path = join(tmpdir(), `postkit-1gib-${process.pid}.mp4`);
    // Sparse: 1 GiB on the file's length, a few marker bytes on disk.
    const handle = await open(path, "w");
    await handle.truncate(GIB);
    for (const at of [0, GIB / 2 + 7, GIB - 32])
      await handle.write(Buffer.from(`postkit@${at}`), 0, undefined, at);
    await handle.close();
    try {
      const prefix = "crash-upload:";
      const raw = youtube.issueTokens();
      await new RedisTokenStore({ client: client(), prefix }).compareAndSet(
        "youtube:big",
        undefined,
        tokenSetFromResponse(raw, { scopeStyle: spaceSeparatedScopes }),
      );
      // The 9th chunk PUT is held by the emulator (not answered, not stored): the test kills the
      // worker while it waits, after the 8 chunks before it were acknowledged and saved.
      hub.faults.add({
        platform: "youtube",
        method: "PUT",
        path: "/upload/youtube/v3/videos",
        after: 8,
        delayMs: 600_000,
      });
      await twoWorkers("crash-upload", prefix);
      const queue = new Queue<PublishJobData>("crash-upload", { connection: client() });
      const data: PublishJobData = {
        platform: "youtube",
        account: { platform: "youtube", id: "big", displayName: "big", credentialKey: "youtube:big" },
        media: { path, contentType: "video/mp4" },
        options: { title: "One GiB", privacyStatus: "private" },
        idempotencyKey: "big-1",
        chunkSize: CHUNK,
      };
      await enqueuePublish(queue, data);
      const first = await runnerOf("big-1");
      const resume = new RedisResumeStateStore({ client: client(), prefix });
      await until(
        "8 chunks acknowledged and saved",
        async () => (await resume.load("big-1"))?.offset === 8 * CHUNK,
        { workers },
      );
      const killedAt = Date.now();
      first.child.kill("SIGKILL");
      await first.exited;
      expect(first.child.signalCode).toBe("SIGKILL");
      // What the emulator holds: the 8 acknowledged chunks, not a byte of the held one.
      expect(youtube.sessions()[0]!.sink.size).toBe(8 * CHUNK);

      const job = await queue.getJob("big-1");
      await until(
        "the job to settle on the other worker",
        async () => ["completed", "failed"].includes(await settled(await queue.getJob("big-1"))),
        { workers, boundMs: 50_000 },
      );
      const done = await queue.getJob("big-1");
      expect(await settled(done)).toBe("completed");
      const other = workers.find((w) => w !== first)!;
      expect(other.events.some((e) => e.event === "completed" && e.job === "big-1")).toBe(true);
      expect(job?.id).toBe("big-1");

      // One session, resumed: 8 chunks before the crash, 8 after it, none sent twice.
      expect(youtube.stats.sessionsStarted).toBe(1);
      expect(youtube.sessions()).toHaveLength(1);
      // The other worker asked the session where it stood (one probe) and sent the 8 missing
      // chunks: 16 chunk PUTs reached the emulator in all, none twice.
      const answeredAfter = hub.log
        .entries()
        .filter((entry) => entry.platform === "youtube" && entry.method === "PUT" && entry.at > killedAt)
        .map((entry) => `${entry.status ?? entry.outcome}${entry.fault ? " (fault)" : ""}`);
      expect(youtube.stats.probes).toBe(1);
      expect(youtube.stats.chunkPuts, answeredAfter.join(", ")).toBe(16);
      // Published once, byte-exact.
      const videos = youtube.videos();
      expect(videos).toHaveLength(1);
      expect(done?.returnvalue?.ids?.videoId).toBe(videos[0]!.id);
      expect(videos[0]!.sink.size).toBe(GIB);
      expect(videos[0]!.sink.sha256()).toBe(await sha256File(path));
      // The resume state is gone once the upload finished.
      expect(await resume.load("big-1")).toBeUndefined();
      await queue.close();
    } finally {
      await rm(path, { force: true });
    }
  });
});

describe("a worker dies holding the refresh lock", () => {
  it("the grant is free again after the lease, and its rotated refresh token is not lost", async () => {
    const prefix = "crash-refresh:";
    const openId = tiktok.user.open_id;
    const key = `tiktok:${openId}`;
    const raw = tiktok.issueTokens();
    const store = new RedisTokenStore({ client: client(), prefix });
    await store.compareAndSet(
      key,
      undefined,
      tokenSetFromResponse(raw, { scopeStyle: commaSeparatedScopes }),
    );
    // The access token dies at TikTok; the stored copy still looks valid, so the first call is
    // refused and the worker refreshes, under the grant's lock. That refresh is held by the
    // emulator until the worker is killed (then TikTok never sees it: nothing rotated).
    tiktok.clock.advance(601_000);
    hub.faults.add({ platform: "tiktok", path: "/v2/oauth/token/", delayMs: 600_000 });
    await twoWorkers("crash-refresh", prefix, { POSTKIT_REFRESH_LEASE_MS: "2000" });
    const queue = new Queue<PublishJobData>("crash-refresh", { connection: client() });
    const job = (n: number): PublishJobData => ({
      platform: "tiktok",
      account: { platform: "tiktok", id: openId, displayName: "creator", credentialKey: key },
      media: { path: join(tmpdir(), `postkit-refresh-${process.pid}.mp4`), contentType: "video/mp4" },
      options: { mode: "direct", privacyLevel: "SELF_ONLY", durationSec: 10 },
      idempotencyKey: `refresh-${n}`,
    });
    const media = await open(job(1).media.path, "w");
    await media.write(Buffer.alloc(64 * 1024, 7));
    await media.close();
    try {
      await enqueuePublish(queue, job(1));
      const first = await runnerOf("refresh-1");
      const redisClient = client();
      let lockKey = "";
      await until(
        "the refresh lock taken and the refresh sent",
        async () => {
          lockKey = (await redisClient.keys(`${prefix}tokens:*:lock`))[0] ?? "";
          return lockKey !== "" && hub.faults.pending() === 0;
        },
        { workers },
      );
      first.child.kill("SIGKILL");
      await first.exited;
      // The dead worker's lock is a key with its lease as expiry: it cannot outlive the lease.
      const ttl = await redisClient.pttl(lockKey);
      expect(ttl).toBeLessThanOrEqual(2000);

      await until(
        "the job to settle on the other worker",
        async () => ["completed", "failed"].includes(await settled(await queue.getJob("refresh-1"))),
        { workers },
      );
      const refreshed = await queue.getJob("refresh-1");
      expect(await settled(refreshed), refreshed?.failedReason).toBe("completed");
      const stored = await store.load(key);
      expect(stored?.tokens.refreshToken).not.toBe(raw.refresh_token);

      // The rotated refresh token was saved: after the next expiry, the grant refreshes again.
      tiktok.clock.advance(601_000);
      await enqueuePublish(queue, job(2));
      await until(
        "the second job to settle",
        async () => ["completed", "failed"].includes(await settled(await queue.getJob("refresh-2"))),
        { workers },
      );
      const second = await queue.getJob("refresh-2");
      expect(await settled(second)).toBe("completed");
      expect((await store.load(key))?.tokens.refreshToken).not.toBe(stored?.tokens.refreshToken);
      expect(
        hub.log
          .entries()
          .filter(
            (entry) =>
              entry.path === "/v2/oauth/token/" && entry.status !== 200 && entry.outcome !== "dropped",
          ),
      ).toEqual([]);
      expect(tiktok.publishes()).toHaveLength(2);
      await queue.close();
    } finally {
      await rm(job(1).media.path, { force: true });
    }
  });
});
