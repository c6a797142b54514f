import { createCredentialSource, type RenewalKind, StoreError, type TokenSet } from "@postkit/core";
import { describeTokenStoreConformance } from "@postkit/testing/conformance";
import { describe, expect, it } from "vitest";
import { RedisTokenStore } from "../src/index.js";
import { unreachableClient, useRedis } from "./support/redis.js";

const redis = useRedis();

const tokens = (accessToken: string, extra: Partial<TokenSet> = {}): TokenSet => ({
  accessToken,
  tokenType: "Bearer",
  refreshToken: `rt-${accessToken}`,
  scopes: ["a"],
  raw: { nested: { value: 1 } },
  ...extra,
});

// The TokenStore contract's promises, from the suite in @postkit/testing/conformance. Each check
// gets a fresh prefix; its second instance is another client on that prefix (another worker).
let checkPrefix = "";
describeTokenStoreConformance("RedisTokenStore", {
  create: () => {
    checkPrefix = redis.prefix();
    return new RedisTokenStore({ client: redis.client(), prefix: checkPrefix });
  },
  reopen: () => new RedisTokenStore({ client: redis.client(), prefix: checkPrefix }),
});

describe("RedisTokenStore in Redis", () => {
  it("a lock's lease is Redis's own expiry on the lock key: a dead worker need not act", async () => {
    // The suite checks that an unreleased lock frees itself; this is how Redis does it.
    const prefix = redis.prefix();
    const dead = new RedisTokenStore({ client: redis.client(), prefix });
    await dead.lock("k", { leaseMs: 300, waitMs: 100 });
    const keys = await redis.client().keys(`${prefix}*`);
    const ttl = await redis.client().pttl(keys.find((key) => key.endsWith(":lock"))!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
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
