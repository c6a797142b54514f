/**
 * @postkit/redis/tiktok: TikTok's per-token rate limits counted in Redis, so every worker of the
 * app shares one window per access token and endpoint. Pass {@link RedisTikTokRateLimiter} as the
 * TikTok client's `limiter`.
 *
 * @packageDocumentation
 */
import { RateLimitError, sleep } from "@postkit/core";
import {
  TIKTOK_RATE_LIMIT_WINDOW_MS,
  TIKTOK_RATE_LIMITS,
  type TikTokLimiter,
  type TikTokRateLimitBucket,
} from "@postkit/tiktok";
import { bounded, evalScript, type RedisStoreOptions, type Resolved, resolve, sha256 } from "./client.js";

/** @group Rate limits */
export interface RedisTikTokRateLimiterOptions extends RedisStoreOptions {
  /**
   * `wait`: wait until the window has room (up to `maxWaitMs`), then send. `throw`: throw a
   * `RateLimitError` with `source: "client"` and `retryAfterMs`, sending nothing.
   * @default "wait"
   */
  mode?: "wait" | "throw" | undefined;
  /** The longest wait in `wait` mode; a longer one throws like `throw` mode. @default 61000 */
  maxWaitMs?: number | undefined;
  /**
   * How long a request still in flight holds its slot at most, in case its worker dies before
   * the request ends: then the slot counts until this passes, plus the window. Make it longer
   * than any attempt's time limit (the client's `timeoutMs`, 30 s by default).
   * @default 120000
   */
  inFlightMs?: number | undefined;
}

// Takes a slot unless the window is full. Times are Redis's own (TIME), so workers on machines
// whose clocks differ still share one window. KEYS: in-flight set, ended set (score = when the
// slot expires); ARGV: limit, slot id, in-flight hold, window. Answers {1} or {0, wait in ms, -1
// when every slot is still in flight}.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local hold, window = tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + hold, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], hold + window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if oldest[2] then return {0, tonumber(oldest[2]) - now} end
return {0, -1}`;

// The attempt ended: its slot counts from now (Redis's time), for the window.
const END = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2]) + tonumber(ARGV[3]))
return 1`;

/** While every slot of a full window is still in flight, look again this often. */
const IN_FLIGHT_POLL_MS = 1_000;

/**
 * TikTok's per-access-token, per-endpoint limits (`TIKTOK_RATE_LIMITS`, one-minute windows)
 * counted in Redis for every worker at once, with the in-process limiter's rules: each attempt
 * takes a slot (retries too); a slot counts from when its attempt ended (TikTok counts a request
 * when it arrives, which the client only knows once the answer is back) and for
 * `TIKTOK_RATE_LIMIT_WINDOW_MS` (the minute plus a margin). A slot whose worker died
 * mid-request counts for `inFlightMs` plus the window, then frees itself.
 *
 * Keys are `<prefix>tiktok:rl:{<endpoint>:<SHA-256 of the token>}:*` (never the token) and
 * expire with their window. Redis down or slow is a `StoreError` before anything is sent.
 *
 * @example
 * ```ts
 * import { RedisTikTokRateLimiter } from "@postkit/redis/tiktok";
 *
 * const tiktok = new TikTok({ clientKey, clientSecret, redirectUri, tokenStore,
 *   limiter: new RedisTikTokRateLimiter({ client: redis }) });
 * ```
 * @group Rate limits
 */
export class RedisTikTokRateLimiter implements TikTokLimiter {
  readonly #redis: Resolved;
  readonly #mode: "wait" | "throw";
  readonly #maxWaitMs: number;
  readonly #inFlightMs: number;

  constructor(options: RedisTikTokRateLimiterOptions) {
    this.#redis = resolve(options, "RedisTikTokRateLimiter");
    this.#mode = options.mode ?? "wait";
    this.#maxWaitMs = options.maxWaitMs ?? TIKTOK_RATE_LIMIT_WINDOW_MS;
    this.#inFlightMs = options.inFlightMs ?? 120_000;
  }

  async reserve(
    bucket: TikTokRateLimitBucket,
    accessToken: string,
    signal?: AbortSignal,
  ): Promise<() => void> {
    const limit = TIKTOK_RATE_LIMITS[bucket];
    const base = `${this.#redis.prefix}tiktok:rl:{${bucket}:${(await sha256(accessToken)).slice(0, 32)}}`;
    const keys = [`${base}:flight`, `${base}:ended`];
    const slot = crypto.randomUUID();
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const [taken, wait] = (await bounded(this.#redis, "rate-limit", `rate-limit slot of ${bucket}`, () =>
        evalScript(this.#redis.client, RESERVE, keys, [
          limit,
          slot,
          this.#inFlightMs,
          TIKTOK_RATE_LIMIT_WINDOW_MS,
        ]),
      )) as [number, number];
      if (taken === 1) return () => this.#end(keys, slot);
      const waitMs = wait < 0 ? IN_FLIGHT_POLL_MS : Math.max(1, wait);
      if (this.#mode === "throw" || waitMs > this.#maxWaitMs) {
        const retryAfterMs = wait < 0 ? TIKTOK_RATE_LIMIT_WINDOW_MS : waitMs;
        throw new RateLimitError(
          `tiktok: ${bucket} allows ${limit} calls per minute per access token across the fleet; postkit did not send this one (retry in ${retryAfterMs} ms).`,
          { source: "client", retryAfterMs },
        );
      }
      await sleep(waitMs, signal);
    }
  }

  /** Counts the slot from now; a failure leaves it in flight, which frees itself after `inFlightMs`. */
  #end(keys: string[], slot: string): void {
    bounded(this.#redis, "rate-limit", "rate-limit slot end", () =>
      evalScript(this.#redis.client, END, keys, [slot, TIKTOK_RATE_LIMIT_WINDOW_MS, this.#inFlightMs]),
    ).catch(() => undefined);
  }
}
