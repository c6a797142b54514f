import { RateLimitError } from "@postkit/core";
import type { TikTokTimers } from "./timers.js";

/**
 * TikTok's documented per-access-token limits (https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit), each a 1-minute sliding window.
 * The Display API limits (600/min) are documented without saying per token or per app
 * (UNCONFIRMED); postkit applies them per token.
 * @group Rate limits
 */
export const TIKTOK_RATE_LIMITS = Object.freeze({
  /** `creator_info/query`: 20 calls per minute per access token (https://developers.tiktok.com/doc/content-posting-api-reference-query-creator-info). */
  creatorInfo: 20,
  /** Direct Post `video/init`: 6 calls per minute per access token (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post). */
  videoInit: 6,
  /** Draft `inbox/video/init`: 6 calls per minute per access token (https://developers.tiktok.com/doc/content-posting-api-reference-upload-video). */
  inboxVideoInit: 6,
  /** Photo `content/init`: 6 calls per minute per access token (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post). */
  contentInit: 6,
  /** `status/fetch`: 30 calls per minute per access token (https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status). */
  statusFetch: 30,
  /** `/v2/user/info/`: 600 calls per minute (https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit; per token or per app is UNCONFIRMED). */
  userInfo: 600,
  /** `/v2/video/list/`: 600 calls per minute (https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit; per token or per app is UNCONFIRMED). */
  videoList: 600,
  /** `/v2/video/query/`: 600 calls per minute (https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit; per token or per app is UNCONFIRMED). */
  videoQuery: 600,
} as const);

/** The name of one rate-limited endpoint, a key of {@link TIKTOK_RATE_LIMITS}. @group Rate limits */
export type TikTokRateLimitBucket = keyof typeof TIKTOK_RATE_LIMITS;

/**
 * What the client-side limiter does when a call would exceed TikTok's limit.
 * @group Rate limits
 */
export interface TikTokRateLimitOptions {
  /**
   * `wait`: wait until the window has room (up to `maxWaitMs`), then send.
   * `throw`: throw a `RateLimitError` with `source: "client"` and `retryAfterMs`, sending nothing.
   * `off`: no client-side limiting (TikTok may answer 429).
   * @default "wait"
   */
  mode?: "wait" | "throw" | "off";
  /**
   * The longest wait in `wait` mode; a longer one throws like `throw` mode.
   * @default 61000 (a full window, {@link TIKTOK_RATE_LIMIT_WINDOW_MS})
   */
  maxWaitMs?: number;
}

/**
 * How long a request holds its slot: TikTok's one-minute window plus a margin, counted from when
 * the request reached TikTok (see {@link TikTokRateLimiter}).
 * @group Rate limits
 */
export const TIKTOK_RATE_LIMIT_WINDOW_MS = 61_000;

/**
 * What the client asks before each attempt of a rate-limited call: a slot of `bucket` for
 * `accessToken`, and the function to call when the attempt ended (the slot counts from then).
 * {@link TikTokRateLimiter} keeps the windows in this process; pass another implementation as
 * the client's `limiter` to share them between processes (`@postkit/redis/tiktok` keeps them in
 * Redis). It waits or throws a `RateLimitError` as its own mode says.
 * @group Rate limits
 */
export interface TikTokLimiter {
  /** Takes one slot of `bucket` for `accessToken`; resolves to the function that ends it. */
  reserve(bucket: TikTokRateLimitBucket, accessToken: string, signal?: AbortSignal): Promise<() => void>;
}

/** While every slot of a full window is still in flight, look again this often. */
const IN_FLIGHT_POLL_MS = 1_000;

/** One request in a window: `at` is when it counts from, `Infinity` while it is in flight. */
interface Slot {
  at: number;
}

/**
 * A sliding-window limiter keyed by access token (hashed, never stored as is) and endpoint.
 * Every request that is sent counts, whatever its outcome, as it does at TikTok: automatic
 * retries of reads take a slot each. TikTok counts a request when it *arrives*, which the client
 * only knows for sure once the response is back; so a slot taken with {@link reserve} counts
 * from the moment the attempt ended (response or failure), and until then it never expires. A
 * slot is held for {@link TIKTOK_RATE_LIMIT_WINDOW_MS} (the minute plus a margin), so the next
 * request cannot reach TikTok inside the same minute. Windows with no call in the last minute
 * are dropped (swept at most once a minute), so memory follows the tokens in use.
 * @group Rate limits
 */
export class TikTokRateLimiter implements TikTokLimiter {
  readonly #windows = new Map<string, Slot[]>();
  readonly #timers: TikTokTimers;
  readonly #mode: "wait" | "throw" | "off";
  readonly #maxWaitMs: number;
  #lastSweep = Number.NEGATIVE_INFINITY;

  constructor(timers: TikTokTimers, options: TikTokRateLimitOptions = {}) {
    this.#timers = timers;
    this.#mode = options.mode ?? "wait";
    this.#maxWaitMs = options.maxWaitMs ?? TIKTOK_RATE_LIMIT_WINDOW_MS;
  }

  /**
   * How many (access token, endpoint) windows are held: those with a call in the last minute,
   * plus stale ones until the next sweep (at most a minute later). For monitoring and tests.
   */
  get trackedWindows(): number {
    return this.#windows.size;
  }

  /**
   * Takes one slot of `bucket` for `accessToken`, counted from now, waiting or throwing when the
   * window is full. Prefer {@link reserve} when the request's end can be reported.
   */
  async acquire(bucket: TikTokRateLimitBucket, accessToken: string, signal?: AbortSignal): Promise<void> {
    (await this.reserve(bucket, accessToken, signal))();
  }

  /**
   * Takes one slot of `bucket` for `accessToken`, waiting or throwing when the window is full, and
   * returns the function to call when the request ended (its response arrived, or it failed): the
   * slot counts from then.
   */
  async reserve(
    bucket: TikTokRateLimitBucket,
    accessToken: string,
    signal?: AbortSignal,
  ): Promise<() => void> {
    if (this.#mode === "off") return () => undefined;
    const limit = TIKTOK_RATE_LIMITS[bucket];
    const key = `${bucket}:${hashToken(accessToken)}`;
    this.#sweep(this.#timers.now());
    for (;;) {
      const now = this.#timers.now();
      const window = (this.#windows.get(key) ?? []).filter(
        (slot) => slot.at > now - TIKTOK_RATE_LIMIT_WINDOW_MS,
      );
      this.#windows.set(key, window);
      if (window.length < limit) {
        const slot: Slot = { at: Number.POSITIVE_INFINITY };
        window.push(slot);
        return () => {
          if (slot.at === Number.POSITIVE_INFINITY) slot.at = this.#timers.now();
        };
      }
      const oldest = Math.min(...window.map((slot) => slot.at));
      const waitMs =
        oldest === Number.POSITIVE_INFINITY ? IN_FLIGHT_POLL_MS : oldest + TIKTOK_RATE_LIMIT_WINDOW_MS - now;
      if (this.#mode === "throw" || waitMs > this.#maxWaitMs) {
        const retryAfterMs = oldest === Number.POSITIVE_INFINITY ? TIKTOK_RATE_LIMIT_WINDOW_MS : waitMs;
        throw new RateLimitError(
          `tiktok: ${bucket} allows ${limit} calls per minute per access token; ` +
            `postkit did not send this one (retry in ${retryAfterMs} ms).`,
          { source: "client", retryAfterMs },
        );
      }
      await this.#timers.sleep(waitMs, signal);
    }
  }

  /** Drops every window whose newest call left the window; a full pass at most once a minute. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [key, window] of this.#windows) {
      if (window.every((slot) => slot.at <= now - TIKTOK_RATE_LIMIT_WINDOW_MS)) this.#windows.delete(key);
    }
  }
}

/** FNV-1a over the token, so the limiter's keys are not the token itself. */
function hashToken(token: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16)}:${token.length}`;
}
