import { createCredentialSource, type RenewalKind, StoreError, type TokenSet } from "@postkit/core";
import { describe, expect, it } from "vitest";
import { RedisTokenStore } from "../src/index.js";
import { unreachableClient, useRedis } from "./support/redis.js";

const redis = useRedis();
const store = () => new RedisTokenStore({ client: redis.client(), prefix: redis.prefix() });

const tokens = (accessToken: string, extra: Partial<TokenSet> = {}): TokenSet => ({
  accessToken,
  tokenType: "Bearer",
  refreshToken: `rt-${accessToken}`,
  scopes: ["a"],
  raw: { nested: { value: 1 } },
  ...extra,
});

// The cases of core's own token store tests (MemoryTokenStore, FileTokenStore), on Redis.
describe("RedisTokenStore keeps the TokenStore contract", () => {
  it("saves only over the expected revision, with a new revision every time", async () => {
    const s = store();
    expect(await s.load("k")).toBeUndefined();
    const first = await s.compareAndSet("k", undefined, tokens("one"));
    expect(first?.tokens.accessToken).toBe("one");
    expect(await s.compareAndSet("k", undefined, tokens("lost"))).toBeUndefined();
    expect(await s.compareAndSet("k", "not-a-revision", tokens("lost"))).toBeUndefined();
    const second = await s.compareAndSet("k", first!.revision, tokens("two"));
    expect(second?.revision).not.toBe(first!.revision);
    expect(await s.compareAndSet("k", first!.revision, tokens("lost"))).toBeUndefined();
    expect(await s.load("k")).toEqual(second);
    expect(await s.load("other")).toBeUndefined();
  });

  it("copies tokens in and out", async () => {
    const s = store();
    const original = tokens("one");
    const saved = await s.compareAndSet("k", undefined, original);
    original.scopes.push("changed");
    saved!.tokens.scopes.push("changed too");
    const loaded = await s.load("k");
    expect(loaded?.tokens.scopes).toEqual(["a"]);
    expect(loaded?.tokens.raw).toEqual({ nested: { value: 1 } });
  });

  it("deletes a grant, and deleting a missing one is fine", async () => {
    const s = store();
    await s.compareAndSet("k", undefined, tokens("one"));
    await s.delete("k");
    expect(await s.load("k")).toBeUndefined();
    await s.delete("k");
    expect(await s.compareAndSet("k", undefined, tokens("again"))).toBeDefined();
  });

  it("of many concurrent compare-and-sets on one revision from several clients, exactly one wins", async () => {
    const prefix = redis.prefix();
    const stores = Array.from({ length: 5 }, () => new RedisTokenStore({ client: redis.client(), prefix }));
    const base = await stores[0]!.compareAndSet("k", undefined, tokens("base"));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stores[i % 5]!.compareAndSet("k", base!.revision, tokens(`t${i}`)),
      ),
    );
    const winners = results.filter((result) => result !== undefined);
    expect(winners).toHaveLength(1);
    expect((await stores[3]!.load("k"))?.tokens.accessToken).toBe(winners[0]!.tokens.accessToken);
  });

  it("locks a key exclusively until released; other keys stay free; the holder can still save", async () => {
    const s = store();
    const held = await s.lock("k", { leaseMs: 10_000, waitMs: 100 });
    await (await s.lock("other", { leaseMs: 10_000, waitMs: 100 })).release();
    const error = await s.lock("k", { leaseMs: 10_000, waitMs: 60 }).catch((e: unknown) => e);
    expect(StoreError.isInstance(error)).toBe(true);
    expect((error as StoreError).store).toBe("tokens");
    expect(await s.compareAndSet("k", undefined, tokens("under-lock"))).toBeDefined();
    await held.release();
    await held.release();
    await (await s.lock("k", { leaseMs: 10_000, waitMs: 100 })).release();
  });

  it("hands a lock on when its holder releases it while another waits", async () => {
    const s = store();
    const held = await s.lock("k", { leaseMs: 10_000, waitMs: 100 });
    const waiting = s.lock("k", { leaseMs: 10_000, waitMs: 5000 });
    setTimeout(() => void held.release(), 30);
    await (await waiting).release();
  });

  it("a lock whose holder never releases it (a dead worker) frees itself after the lease, in Redis", async () => {
    const prefix = redis.prefix();
    const dead = new RedisTokenStore({ client: redis.client(), prefix });
    const alive = new RedisTokenStore({ client: redis.client(), prefix });
    const stale = await dead.lock("k", { leaseMs: 300, waitMs: 100 });
    // The lease is Redis's own expiry on the lock key: nothing in the dead process has to act.
    const keys = await redis.client().keys(`${prefix}*`);
    const ttl = await redis.client().pttl(keys.find((key) => key.endsWith(":lock"))!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    const fresh = await alive.lock("k", { leaseMs: 10_000, waitMs: 5000 });
    // The late release of the dead holder does not free the new holder's lock.
    await stale.release();
    await expect(alive.lock("k", { leaseMs: 10_000, waitMs: 60 })).rejects.toThrow(StoreError);
    await fresh.release();
  });

  it("lockLeaseMs overrides the lease the caller asks for", async () => {
    const prefix = redis.prefix();
    const s = new RedisTokenStore({ client: redis.client(), prefix, lockLeaseMs: 500 });
    const held = await s.lock("k", { leaseMs: 30_000, waitMs: 100 });
    const ttl = await redis.client().pttl(`${prefix}tokens:{k}:lock`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(500);
    await held.release();
  });

  it("stops waiting for a lock when the signal aborts", async () => {
    const s = store();
    const held = await s.lock("k", { leaseMs: 10_000, waitMs: 100 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 20);
    await expect(s.lock("k", { leaseMs: 1000, waitMs: 5000, signal: controller.signal })).rejects.toThrow(
      "stop",
    );
    await held.release();
  });
});

describe("RedisTokenStore in Redis", () => {
  it("namespaces keys under the prefix, and expires a grant a day after its refresh token", async () => {
    const prefix = redis.prefix();
    const s = new RedisTokenStore({ client: redis.client(), prefix, keepAfterExpiryMs: 1000 });
    await s.compareAndSet(
      "tiktok:user-1",
      undefined,
      tokens("one", { refreshTokenExpiresAt: Date.now() + 60_000 }),
    );
    const keys = await redis.client().keys("*");
    expect(keys.filter((key) => key.startsWith(prefix))).toEqual([`${prefix}tokens:{tiktok:user-1}`]);
    const ttl = await redis.client().pttl(`${prefix}tokens:{tiktok:user-1}`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(61_000);
    // A key with braces or odd characters is hashed, so it cannot change the hash tag.
    await s.compareAndSet("a{b}c d", undefined, tokens("two"));
    expect((await redis.client().keys(`${prefix}tokens:{sha256-*`)).length).toBe(1);
  });

  it("reports a record that is not a grant as a StoreError without quoting it", async () => {
    const prefix = redis.prefix();
    await redis.client().hset(`${prefix}tokens:{k}`, "revision", "r1", "tokens", '{"accessToken":"s3cr3t-x"');
    const error = await new RedisTokenStore({ client: redis.client(), prefix })
      .load("k")
      .catch((e: unknown) => e);
    expect(StoreError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).not.toContain("s3cr3t");
  });

  it("Redis unreachable: every operation fails within timeoutMs with a StoreError", async () => {
    const client = unreachableClient();
    try {
      const s = new RedisTokenStore({ client, timeoutMs: 100 });
      for (const operation of [
        () => s.load("k"),
        () => s.compareAndSet("k", undefined, tokens("one")),
        () => s.delete("k"),
        () => s.lock("k", { leaseMs: 1000, waitMs: 1000 }),
      ]) {
        const error = await operation().catch((e: unknown) => e);
        expect(StoreError.isInstance(error)).toBe(true);
        expect((error as StoreError).next).toBe("after-delay");
      }
    } finally {
      client.disconnect();
    }
  });
});

describe("credential sources of several workers on one RedisTokenStore", () => {
  it("renew a rotating grant once: the others use the saved tokens", async () => {
    const prefix = redis.prefix();
    const initial = await new RedisTokenStore({ client: redis.client(), prefix }).compareAndSet(
      "grant",
      undefined,
      tokens("expired", { expiresAt: Date.now() - 1000 }),
    );
    expect(initial).toBeDefined();
    let renewals = 0;
    const renew = async (current: TokenSet): Promise<TokenSet> => {
      renewals++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      // A rotating refresh token: the old one is spent.
      if (current.refreshToken !== "rt-expired") throw new Error("refresh token reused");
      return tokens("fresh", { expiresAt: Date.now() + 3_600_000 });
    };
    const renewal: RenewalKind = "refresh-token";
    const workers = Array.from({ length: 4 }, () =>
      createCredentialSource({
        key: "grant",
        store: new RedisTokenStore({ client: redis.client(), prefix }),
        renewal,
        renew,
      }),
    );
    const got = await Promise.all(workers.map((worker) => worker.get()));
    expect(got.map((set) => set.accessToken)).toEqual(["fresh", "fresh", "fresh", "fresh"]);
    expect(renewals).toBe(1);
  });
});
