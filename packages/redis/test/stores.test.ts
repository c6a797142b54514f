import { fingerprint, type PublishJob, publishOnce, type ResumeState, StoreError } from "@postkit/core";
import { describe, expect, it } from "vitest";
import { RedisIdempotencyStore, RedisResumeStateStore } from "../src/index.js";
import { unreachableClient, useRedis } from "./support/redis.js";

const redis = useRedis();

const job = (id: string): PublishJob => ({
  v: 1,
  platform: "tiktok",
  accountId: "a",
  outcome: "processing",
  ids: { publishId: id },
  createdAt: 1,
  updatedAt: 1,
});

describe("RedisIdempotencyStore", () => {
  it("of many workers beginning one key at once, exactly one starts", async () => {
    const prefix = redis.prefix();
    const stores = Array.from(
      { length: 5 },
      () => new RedisIdempotencyStore({ client: redis.client(), prefix }),
    );
    const record = { fingerprint: "f", state: "started" as const, startedAt: 1 };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stores[i % 5]!.begin("key", record)),
    );
    expect(results.filter((result) => result === undefined)).toHaveLength(1);
    expect(results.filter((result) => result?.fingerprint === "f")).toHaveLength(19);
  });

  it("publishOnce across workers: one publish, the repeat gets its job, other content is a conflict", async () => {
    const prefix = redis.prefix();
    const a = new RedisIdempotencyStore({ client: redis.client(), prefix });
    const b = new RedisIdempotencyStore({ client: redis.client(), prefix });
    const print = await fingerprint({ video: 1 });
    let published = 0;
    const publish = async () => {
      published++;
      return job(`p${published}`);
    };
    const first = await publishOnce({ store: a, key: "post-1", fingerprint: print }, publish);
    const again = await publishOnce({ store: b, key: "post-1", fingerprint: print }, publish);
    expect(published).toBe(1);
    expect(again.ids).toEqual(first.ids);
    await expect(
      publishOnce({ store: b, key: "post-1", fingerprint: await fingerprint({ video: 2 }) }, publish),
    ).rejects.toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
    expect((await b.get("post-1"))?.state).toBe("finished");
  });

  it("a publish that failed releases its key; keys expire after ttlMs", async () => {
    const prefix = redis.prefix();
    const store = new RedisIdempotencyStore({ client: redis.client(), prefix, ttlMs: 60_000 });
    await expect(
      publishOnce({ store, key: "k", fingerprint: "f" }, async () => {
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await store.get("k")).toBeUndefined();
    await store.begin("k", { fingerprint: "f", state: "started", startedAt: 1 });
    const ttl = await redis.client().pttl(`${prefix}idem:k`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("Redis unreachable: publishOnce fails with a StoreError and publishes nothing", async () => {
    const client = unreachableClient();
    try {
      const store = new RedisIdempotencyStore({ client, timeoutMs: 100 });
      let published = 0;
      const error = await publishOnce({ store, key: "k", fingerprint: "f" }, async () => {
        published++;
        return job("p");
      }).catch((e: unknown) => e);
      expect(StoreError.isInstance(error)).toBe(true);
      expect(published).toBe(0);
    } finally {
      client.disconnect();
    }
  });
});

const state = (offset: number, expiresAt?: number): ResumeState => ({
  version: 1,
  platform: "youtube",
  sessionUrl: "https://www.googleapis.com/upload/youtube/v3/videos?upload_id=s3cr3t-session",
  ids: {},
  offset,
  totalBytes: 1000,
  expiresAt,
});

describe("RedisResumeStateStore", () => {
  it("saves, loads (from another worker) and deletes a state", async () => {
    const prefix = redis.prefix();
    const a = new RedisResumeStateStore({ client: redis.client(), prefix });
    const b = new RedisResumeStateStore({ client: redis.client(), prefix });
    expect(await b.load("job-1")).toBeUndefined();
    await a.save("job-1", state(0));
    await a.save("job-1", state(500));
    expect(await b.load("job-1")).toEqual(state(500));
    await b.delete("job-1");
    expect(await a.load("job-1")).toBeUndefined();
  });

  it("keeps a state until its session expires, else defaultTtlMs", async () => {
    const prefix = redis.prefix();
    const store = new RedisResumeStateStore({ client: redis.client(), prefix, defaultTtlMs: 120_000 });
    await store.save("a", state(0, Date.now() + 30_000));
    await store.save("b", state(0));
    const [a, b] = await Promise.all([
      redis.client().pttl(`${prefix}resume:a`),
      redis.client().pttl(`${prefix}resume:b`),
    ]);
    expect(a).toBeGreaterThan(20_000);
    expect(a).toBeLessThanOrEqual(30_000);
    expect(b).toBeGreaterThan(100_000);
    expect(b).toBeLessThanOrEqual(120_000);
  });

  it("a stored value that is not a state is a StoreError that does not quote it", async () => {
    const prefix = redis.prefix();
    await redis.client().set(`${prefix}resume:x`, JSON.stringify({ ...state(2000), sessionUrl: "s3cr3t" }));
    const error = await new RedisResumeStateStore({ client: redis.client(), prefix })
      .load("x")
      .catch((e: unknown) => e);
    expect(StoreError.isInstance(error)).toBe(true);
    expect((error as StoreError).store).toBe("resume");
    expect((error as Error).message).not.toContain("s3cr3t");
  });

  it("Redis unreachable: save fails within timeoutMs with a StoreError", async () => {
    const client = unreachableClient();
    try {
      const error = await new RedisResumeStateStore({ client, timeoutMs: 100 })
        .save("a", state(0))
        .catch((e: unknown) => e);
      expect(StoreError.isInstance(error)).toBe(true);
    } finally {
      client.disconnect();
    }
  });
});
