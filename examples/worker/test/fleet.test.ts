// Done when: two worker processes publish 100 jobs for 50 accounts across TikTok and YouTube
// while the emulators expire access tokens and TikTok rotates refresh tokens: no reconnect error,
// one refresh per expiry per grant, no 429 from the emulators, no duplicate post, every upload
// byte-exact.
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commaSeparatedScopes, spaceSeparatedScopes, tokenSetFromResponse } from "@postkit/core";
import { RedisTokenStore } from "@postkit/redis";
import {
  createEmulatorHub,
  createTikTokEmulator,
  createYouTubeEmulator,
  type EmulatorServer,
  type PlatformEmulator,
} from "@postkit/testing";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublishJobData } from "../src/job-data.js";
import { enqueuePublish } from "../src/queue.js";
import {
  buildWorker,
  type RedisServer,
  startRedisServer,
  startWorker,
  stopWorkers,
  until,
  type WorkerProcess,
  workerEnv,
} from "./support/fleet.js";

const ACCOUNTS_PER_PLATFORM = 25;
const JOBS_PER_ACCOUNT = 2;

let redis: RedisServer;
let server: EmulatorServer;
let worker: Awaited<ReturnType<typeof buildWorker>>;
let media: string;
const clients: Redis[] = [];
const workers: WorkerProcess[] = [];

const tiktok = createTikTokEmulator({
  otherAccounts: Array.from({ length: ACCOUNTS_PER_PLATFORM - 1 }, () => ({})),
  accessTokenTtlSec: 600,
  processingPolls: 0,
});
const youtube = createYouTubeEmulator({ quotaLimit: 1_000_000 });

/** Which grant each refresh token belongs to, and every refresh: grant and expiry round. */
const grantOf = new Map<string, string>();
const refreshes: Array<{ grant: string; round: number; status: number }> = [];
let round = 0;
/** Refreshes the emulators are answering now, and when the last answer left. */
let refreshing = 0;
let lastAnswerAt = 0;

/** The emulator, with every token refresh it answered recorded per grant. */
function countingRefreshes(emulator: PlatformEmulator, tokenPath: string): PlatformEmulator {
  return {
    platform: emulator.platform,
    defaultBaseUrls: emulator.defaultBaseUrls,
    async handle(request, context) {
      if (context.path !== tokenPath) return emulator.handle(request, context);
      const form = new URLSearchParams(await request.clone().text());
      refreshing++;
      const response = await emulator.handle(request, context).finally(() => {
        refreshing--;
        lastAnswerAt = Date.now();
      });
      if (form.get("grant_type") === "refresh_token") {
        const grant = grantOf.get(form.get("refresh_token") ?? "") ?? "unknown";
        refreshes.push({ grant, round, status: response.status });
        const body = (await response.clone().json()) as { refresh_token?: string };
        if (body.refresh_token) grantOf.set(body.refresh_token, grant);
      }
      return response;
    },
  };
}

const hub = createEmulatorHub(
  countingRefreshes(tiktok, "/v2/oauth/token/"),
  countingRefreshes(youtube, "/token"),
);

beforeAll(async () => {
  [redis, server, worker] = await Promise.all([startRedisServer(), hub.listen(), buildWorker()]);
  media = await mkdtemp(join(tmpdir(), "postkit-fleet-"));
});

afterAll(async () => {
  await stopWorkers(workers);
  await Promise.all(clients.map((client) => client.quit()));
  await Promise.all([
    redis?.stop(),
    server?.close(),
    worker?.remove(),
    media && rm(media, { recursive: true, force: true }),
  ]);
});

const client = () => {
  const created = new Redis(redis.port, "127.0.0.1", { maxRetriesPerRequest: null });
  clients.push(created);
  return created;
};

/** Distinct bytes per job, so every upload can be matched to its job by hash. */
function videoBytes(index: number): Uint8Array {
  const bytes = new Uint8Array(48 * 1024 + index * 97);
  let state = index + 1;
  for (let i = 0; i < bytes.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe("a fleet of two worker processes", () => {
  it("publishes 100 jobs for 50 accounts through expiring and rotating tokens: no reconnect, one refresh per expiry per grant, no 429, no duplicate, byte-exact", async () => {
    const prefix = "fleet:";
    const store = new RedisTokenStore({ client: client(), prefix });
    const jobs: PublishJobData[] = [];
    const expected = new Map<string, { size: number; sha256: string }>();
    // 25 TikTok users and 25 YouTube grants, their tokens in the shared store (as connect saves them).
    const accounts: Array<{ platform: "tiktok" | "youtube"; id: string }> = [];
    for (const { user } of tiktok.accounts()) {
      const raw = tiktok.issueTokens(undefined, { openId: user.open_id });
      grantOf.set(String(raw.refresh_token), `tiktok:${user.open_id}`);
      await store.compareAndSet(
        `tiktok:${user.open_id}`,
        undefined,
        tokenSetFromResponse(raw, { scopeStyle: commaSeparatedScopes }),
      );
      accounts.push({ platform: "tiktok", id: user.open_id });
    }
    for (let i = 0; i < ACCOUNTS_PER_PLATFORM; i++) {
      const raw = youtube.issueTokens();
      const id = `grant-${i}`;
      grantOf.set(String(raw.refresh_token), `youtube:${id}`);
      await store.compareAndSet(
        `youtube:${id}`,
        undefined,
        tokenSetFromResponse(raw, { scopeStyle: spaceSeparatedScopes }),
      );
      accounts.push({ platform: "youtube", id });
    }
    for (const [a, account] of accounts.entries()) {
      for (let n = 0; n < JOBS_PER_ACCOUNT; n++) {
        const index = a * JOBS_PER_ACCOUNT + n;
        const bytes = videoBytes(index);
        const path = join(media, `video-${index}.mp4`);
        await writeFile(path, bytes);
        const sha256 = createHash("sha256").update(bytes).digest("hex");
        expected.set(sha256, { size: bytes.length, sha256 });
        jobs.push({
          platform: account.platform,
          account: {
            platform: account.platform,
            id: account.id,
            displayName: account.id,
            credentialKey: `${account.platform}:${account.id}`,
          },
          media: { path, contentType: "video/mp4" },
          options:
            account.platform === "tiktok"
              ? { mode: "direct", privacyLevel: "SELF_ONLY", durationSec: 10, title: `Post ${index}` }
              : { title: `Video ${index}`, privacyStatus: "private" },
          idempotencyKey: `post-${index}`,
        });
      }
    }

    const env = workerEnv(redis, server, {
      POSTKIT_PREFIX: prefix,
      // Should a job wait for a reconnect anyway, it fails this test quickly instead of hanging.
      POSTKIT_RECONNECT_DELAY_MS: "500",
      TIKTOK_CLIENT_KEY: tiktok.clientKey,
      TIKTOK_CLIENT_SECRET: tiktok.clientSecret,
      TIKTOK_REDIRECT_URI: tiktok.redirectUri,
      YOUTUBE_CLIENT_ID: youtube.client.clientId,
      YOUTUBE_CLIENT_SECRET: youtube.client.clientSecret,
      YOUTUBE_REDIRECT_URI: youtube.redirectUri,
    });
    workers.push(startWorker(worker.path, env), startWorker(worker.path, env));
    await until("both workers ready", () => workers.every((w) => w.events.some((e) => e.event === "ready")), {
      workers,
    });

    const queue = new Queue<PublishJobData>("postkit-publish", { connection: client() });
    for (const data of jobs) await enqueuePublish(queue, data);
    // The same publishes submitted again under other job ids: the idempotency keys stop them.
    for (const data of jobs.slice(0, 5))
      await enqueuePublish(queue, data, { jobId: `${data.idempotencyKey}-again` });
    const total = jobs.length + 5;
    const settled = async () => {
      const counts = await queue.getJobCounts("completed", "failed");
      return (counts.completed ?? 0) + (counts.failed ?? 0);
    };

    // Twice during the run, every access token dies at the emulators (the workers' copies still
    // look valid to them): each grant used afterwards must be refreshed exactly once. A round
    // starts between refreshes, not while a new token is on its way to a worker (one minted
    // just before a round would die before its first use: an artefact of expiring every token
    // at once, which no platform does).
    for (const at of [30, 70]) {
      await until(`${at} jobs settled`, async () => (await settled()) >= at, { workers });
      await until("no refresh on its way", () => refreshing === 0 && Date.now() - lastAnswerAt > 300, {
        workers,
      });
      round++;
      tiktok.clock.advance(601_000);
      youtube.expireAccessTokens();
    }
    await until("every job settled", async () => (await settled()) >= total, { workers }).catch(
      async (error) => {
        const counts = await queue.getJobCounts();
        const delayed = (await queue.getDelayed()).map((job) => `${job.id}: ${job.failedReason}`);
        throw new Error(
          `${(error as Error).message} counts ${JSON.stringify(counts)} delayed ${delayed.join("; ")}`,
        );
      },
    );

    const failed = await queue.getFailed();
    expect(failed.map((job) => `${job.id}: ${job.failedReason}`)).toEqual([]);
    // No attempt failed either (it would have been retried): no reconnect error. The only
    // failed attempts allowed are repeats that found their publish still running elsewhere.
    const attemptFailures = workers
      .flatMap((w) => w.events.filter((e) => e.event === "failed"))
      .filter((e) => !(e.job?.endsWith("-again") && e.reason?.startsWith("IDEMPOTENCY_IN_PROGRESS")));
    expect(attemptFailures).toEqual([]);
    // Both workers took part.
    for (const w of workers)
      expect(w.events.filter((e) => e.event === "completed").length).toBeGreaterThan(0);

    // No reconnect: every refresh was accepted. One refresh per expiry per grant.
    expect(refreshes.filter((refresh) => refresh.status !== 200)).toEqual([]);
    const perGrantAndRound = new Map<string, number>();
    for (const refresh of refreshes) {
      const key = `${refresh.grant}@${refresh.round}`;
      perGrantAndRound.set(key, (perGrantAndRound.get(key) ?? 0) + 1);
    }
    expect([...perGrantAndRound.values()].every((count) => count === 1)).toBe(true);
    expect(refreshes.every((refresh) => refresh.round > 0 && refresh.grant !== "unknown")).toBe(true);
    expect(refreshes.length).toBeGreaterThan(0);

    // No rate-limit answer from the emulators.
    expect(hub.log.entries().filter((entry) => entry.status === 429)).toEqual([]);

    // One post per publish, each with exactly its job's bytes.
    const tiktokUploads = tiktok.publishes().map((publish) => tiktok.upload(publish.publishId)!);
    const youtubeUploads = youtube
      .videos()
      .map((video) => ({ size: video.sink.size, sha256: video.sink.sha256() }));
    expect(tiktokUploads).toHaveLength(ACCOUNTS_PER_PLATFORM * JOBS_PER_ACCOUNT);
    expect(youtubeUploads).toHaveLength(ACCOUNTS_PER_PLATFORM * JOBS_PER_ACCOUNT);
    const uploaded = [...tiktokUploads, ...youtubeUploads].map(({ size, sha256 }) => ({ size, sha256 }));
    expect(new Set(uploaded.map((upload) => upload.sha256)).size).toBe(jobs.length);
    for (const upload of uploaded) expect(expected.get(upload.sha256)).toEqual(upload);

    // The repeats returned the first publish's job.
    for (const data of jobs.slice(0, 5)) {
      const [first, again] = await Promise.all([
        queue.getJob(data.idempotencyKey),
        queue.getJob(`${data.idempotencyKey}-again`),
      ]);
      expect(again?.returnvalue?.ids).toEqual(first?.returnvalue?.ids);
    }
    await queue.close();
  });
});
