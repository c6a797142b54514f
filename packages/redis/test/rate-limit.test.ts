import { commaSeparatedScopes, RateLimitError, StoreError, tokenSetFromResponse } from "@postkit/core";
import { GraphUsageGate, Meta } from "@postkit/meta";
import { createEmulatorHub, createMetaEmulator, createTikTokEmulator } from "@postkit/testing";
import { TIKTOK_RATE_LIMIT_WINDOW_MS, TikTok } from "@postkit/tiktok";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { RedisGraphUsageGate } from "../src/meta.js";
import { RedisTikTokRateLimiter } from "../src/tiktok.js";
import { unreachableClient, useRedis } from "./support/redis.js";

const redis = useRedis();

describe("RedisTikTokRateLimiter: TikTok's windows shared by every worker", () => {
  const limiters = (mode: "wait" | "throw" = "throw") => {
    const prefix = redis.prefix();
    return [0, 1].map(() => new RedisTikTokRateLimiter({ client: redis.client(), prefix, mode }));
  };

  it("counts two workers' calls in one window per token and endpoint", async () => {
    const [a, b] = limiters();
    for (let i = 0; i < 3; i++) (await a!.reserve("videoInit", "token-1"))();
    for (let i = 0; i < 3; i++) (await b!.reserve("videoInit", "token-1"))();
    const error = await a!.reserve("videoInit", "token-1").catch((e: unknown) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).source).toBe("client");
    // Counted from when each call ended, for the minute plus the margin.
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(TIKTOK_RATE_LIMIT_WINDOW_MS - 5_000);
    expect((error as RateLimitError).retryAfterMs).toBeLessThanOrEqual(TIKTOK_RATE_LIMIT_WINDOW_MS);
    // Other tokens and other endpoints have their own windows.
    (await b!.reserve("videoInit", "token-2"))();
    (await b!.reserve("creatorInfo", "token-1"))();
  });

  it("a slot still in flight counts until its attempt ends; then for a window from that end", async () => {
    const [a, b] = limiters();
    const ends = [];
    for (let i = 0; i < 6; i++) ends.push(await a!.reserve("contentInit", "t"));
    const inFlight = await b!.reserve("contentInit", "t").catch((e: unknown) => e);
    // Nothing ended yet: when room comes is unknown, so a whole window is the honest answer.
    expect((inFlight as RateLimitError).retryAfterMs).toBe(TIKTOK_RATE_LIMIT_WINDOW_MS);
    for (const end of ends) end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ended = await b!.reserve("contentInit", "t").catch((e: unknown) => e);
    expect((ended as RateLimitError).retryAfterMs).toBeLessThan(TIKTOK_RATE_LIMIT_WINDOW_MS);
  });

  it("a slot whose worker died mid-request frees itself after inFlightMs (plus the window)", async () => {
    const prefix = redis.prefix();
    const dying = new RedisTikTokRateLimiter({ client: redis.client(), prefix, inFlightMs: 100 });
    for (let i = 0; i < 6; i++) await dying.reserve("videoInit", "t"); // never ended
    const keys = await redis.client().keys(`${prefix}tiktok:rl:*:flight`);
    expect(keys).toHaveLength(1);
    const scores = await redis.client().zrange(keys[0]!, "0", "-1", "WITHSCORES");
    const time = await redis.client().time();
    const now = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
    for (let i = 1; i < scores.length; i += 2) expect(Number(scores[i]) - now).toBeLessThanOrEqual(100);
    // And the token is never in a key.
    expect(keys[0]).not.toContain(":t}");
  });

  it("through the TikTok client's gate: two clients never send more than TikTok allows, and get no 429", async () => {
    const emulator = createTikTokEmulator();
    const hub = createEmulatorHub(emulator);
    const prefix = redis.prefix();
    const clients = [0, 1].map(
      () =>
        new TikTok({
          clientKey: emulator.clientKey,
          clientSecret: emulator.clientSecret,
          redirectUri: emulator.redirectUri,
          fetch: hub.fetch,
          limiter: new RedisTikTokRateLimiter({ client: redis.client(), prefix, mode: "throw" }),
        }),
    );
    const tokens = tokenSetFromResponse(emulator.issueTokens(), { scopeStyle: commaSeparatedScopes });
    const connection = {
      account: { platform: "tiktok", id: "u", displayName: "u", credentialKey: "tiktok:u" },
      credentials: tokens,
    };
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) => clients[i % 2]!.getCreatorInfo(connection)),
    );
    const refused = results.filter((result) => result.status === "rejected");
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(20);
    expect(refused).toHaveLength(4);
    for (const result of refused)
      expect(RateLimitError.isInstance((result as PromiseRejectedResult).reason)).toBe(true);
    expect(hub.log.count({ path: "/v2/post/publish/creator_info/query/" })).toBe(20);
    expect(hub.log.entries().filter((entry) => entry.status === 429)).toHaveLength(0);
  });

  it("Redis unreachable: a StoreError before anything is sent", async () => {
    const client = unreachableClient();
    try {
      const error = await new RedisTikTokRateLimiter({ client, timeoutMs: 100 })
        .reserve("videoInit", "t")
        .catch((e: unknown) => e);
      expect(StoreError.isInstance(error)).toBe(true);
      expect((error as StoreError).store).toBe("rate-limit");
    } finally {
      client.disconnect();
    }
  });
});

describe("RedisGraphUsageGate: Meta's usage headers shared by every worker", () => {
  const usage = (headers: Record<string, string>) => ({ status: 200, headers: new Headers(headers) });

  it("is the Meta client's gate (a GraphUsageGate); what one worker hears paces the others", async () => {
    const prefix = redis.prefix();
    const heard: number[] = [];
    const a = new RedisGraphUsageGate({
      client: redis.client(),
      prefix,
      onUsage: (u) => heard.push(u.maxPercent),
    });
    const b = new RedisGraphUsageGate({ client: redis.client(), prefix, mode: "throw" });
    expect(a).toBeInstanceOf(GraphUsageGate);
    (await b.pass("token-1", undefined))(undefined);
    (await a.pass("token-1", undefined))(
      usage({ "x-app-usage": '{"call_count":95,"total_cputime":10,"total_time":10}' }),
    );
    expect(heard).toEqual([95]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await b.pass("token-2", undefined).catch((e: unknown) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
  });

  it("a stored value that is not a reading paces nothing; Redis unreachable is a StoreError before the call", async () => {
    const prefix = redis.prefix();
    await redis.client().set(`${prefix}meta:usage:app`, "{not json");
    const gate = new RedisGraphUsageGate({ client: redis.client(), prefix, mode: "throw" });
    (await gate.pass("token-1", undefined))(undefined);
    const down = unreachableClient();
    try {
      const error = await new RedisGraphUsageGate({ client: down, timeoutMs: 100 })
        .pass("token-1", undefined)
        .catch((e: unknown) => e);
      expect(StoreError.isInstance(error)).toBe(true);
      expect((error as StoreError).store).toBe("rate-limit");
    } finally {
      down.disconnect();
    }
  });

  it("a token Meta blocked waits until access is regained, in every worker", async () => {
    const prefix = redis.prefix();
    const a = new RedisGraphUsageGate({ client: redis.client(), prefix });
    const b = new RedisGraphUsageGate({ client: redis.client(), prefix, mode: "throw" });
    const blocked = JSON.stringify({
      "1234": [
        {
          type: "pages",
          call_count: 100,
          total_cputime: 5,
          total_time: 5,
          estimated_time_to_regain_access: 7,
        },
      ],
    });
    (await a.pass("token-1", undefined))(usage({ "x-business-use-case-usage": blocked }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await b.pass("token-1", undefined).catch((e: unknown) => e);
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(6 * 60_000);
    // Another token of the app is not blocked by it.
    (await b.pass("token-2", undefined))(undefined);
  });

  it("through the Meta client's gate: what one client heard stops another client's call before it is sent", async () => {
    const emulator = createMetaEmulator();
    const hub = createEmulatorHub(emulator);
    emulator.setUsage("x-app-usage", { call_count: 96, total_cputime: 5, total_time: 5 });
    const prefix = redis.prefix();
    const client = (mode: "wait" | "throw") =>
      new Meta({
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        redirectUri: emulator.redirectUri,
        fetch: hub.fetch,
        usage: new RedisGraphUsageGate({ client: redis.client(), prefix, mode }),
      });
    const call = {
      method: "GET",
      path: "/me",
      accessToken: "not-a-token",
      schema: z.unknown(),
      idempotent: true,
      what: "Graph /me",
    } as const;
    // The first client's call is answered (refused: the token is not one), with Meta's usage headers.
    await client("wait")
      .graph.call(call)
      .catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await client("throw")
      .graph.call(call)
      .catch((e: unknown) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).source).toBe("client");
    expect(hub.log.entries()).toHaveLength(1);
  });
});
