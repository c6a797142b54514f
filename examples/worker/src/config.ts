// The worker process's settings, from its environment (twelve-factor style: one image, many workers).
import { ValidationError } from "@postkit/core";
import type { TikTokBaseUrls } from "@postkit/tiktok";
import type { YouTubeBaseUrls } from "@postkit/youtube";
import * as z from "zod/mini";
import { DEFAULT_DELAYS, type RetryDelays } from "./classify.js";

export interface WorkerConfig {
  redisUrl: string;
  /** BullMQ's queue name. */
  queue: string;
  /** The key prefix of postkit's stores (BullMQ keeps its own, `bull:`). */
  prefix: string;
  /** Jobs one process runs at once. */
  concurrency: number;
  /** BullMQ's job lock: a dead worker's job is taken over this long after its last renewal. */
  lockDurationMs: number;
  /** How often BullMQ looks for jobs whose worker died. */
  stalledIntervalMs: number;
  /** The refresh lock's lease: how long a worker that died while refreshing blocks the grant. */
  refreshLeaseMs: number | undefined;
  delays: RetryDelays;
  tiktok:
    | { clientKey: string; clientSecret: string; redirectUri: string; baseUrls?: Partial<TikTokBaseUrls> }
    | undefined;
  youtube:
    | { clientId: string; clientSecret: string; redirectUri: string; baseUrls?: YouTubeBaseUrls }
    | undefined;
}

const positive = z.optional(z.coerce.number().check(z.int(), z.positive()));
const env = z.looseObject({
  REDIS_URL: z.string().check(z.minLength(1)),
  POSTKIT_QUEUE: z.optional(z.string()),
  POSTKIT_PREFIX: z.optional(z.string()),
  POSTKIT_CONCURRENCY: positive,
  POSTKIT_LOCK_DURATION_MS: positive,
  POSTKIT_STALLED_INTERVAL_MS: positive,
  POSTKIT_REFRESH_LEASE_MS: positive,
  POSTKIT_RETRY_BASE_MS: positive,
  POSTKIT_RECONNECT_DELAY_MS: positive,
  POSTKIT_BASE_URLS: z.optional(z.string()),
  TIKTOK_CLIENT_KEY: z.optional(z.string()),
  TIKTOK_CLIENT_SECRET: z.optional(z.string()),
  TIKTOK_REDIRECT_URI: z.optional(z.string()),
  YOUTUBE_CLIENT_ID: z.optional(z.string()),
  YOUTUBE_CLIENT_SECRET: z.optional(z.string()),
  YOUTUBE_REDIRECT_URI: z.optional(z.string()),
});

/** Reads the environment; a missing or malformed setting is a `ValidationError` naming it. */
export function readConfig(values: Record<string, string | undefined>): WorkerConfig {
  const parsed = z.safeParse(env, values);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new ValidationError(`The worker's environment is incomplete or malformed: ${names}.`);
  }
  const e = parsed.data;
  // Base URLs of the platforms' hosts, for the emulators (JSON: { tiktok: {…}, youtube: {…} }).
  let baseUrls: { tiktok?: Partial<TikTokBaseUrls>; youtube?: YouTubeBaseUrls } = {};
  if (e.POSTKIT_BASE_URLS) {
    try {
      baseUrls = JSON.parse(e.POSTKIT_BASE_URLS) as typeof baseUrls;
    } catch {
      throw new ValidationError("POSTKIT_BASE_URLS is not JSON.");
    }
  }
  const tiktok =
    e.TIKTOK_CLIENT_KEY && e.TIKTOK_CLIENT_SECRET && e.TIKTOK_REDIRECT_URI
      ? {
          clientKey: e.TIKTOK_CLIENT_KEY,
          clientSecret: e.TIKTOK_CLIENT_SECRET,
          redirectUri: e.TIKTOK_REDIRECT_URI,
          ...(baseUrls.tiktok ? { baseUrls: baseUrls.tiktok } : {}),
        }
      : undefined;
  const youtube =
    e.YOUTUBE_CLIENT_ID && e.YOUTUBE_CLIENT_SECRET && e.YOUTUBE_REDIRECT_URI
      ? {
          clientId: e.YOUTUBE_CLIENT_ID,
          clientSecret: e.YOUTUBE_CLIENT_SECRET,
          redirectUri: e.YOUTUBE_REDIRECT_URI,
          ...(baseUrls.youtube ? { baseUrls: baseUrls.youtube } : {}),
        }
      : undefined;
  if (!tiktok && !youtube) {
    throw new ValidationError(
      "The worker needs TIKTOK_CLIENT_KEY/SECRET/REDIRECT_URI or YOUTUBE_CLIENT_ID/SECRET/REDIRECT_URI.",
    );
  }
  return {
    redisUrl: e.REDIS_URL,
    queue: e.POSTKIT_QUEUE ?? "postkit-publish",
    prefix: e.POSTKIT_PREFIX ?? "postkit:",
    concurrency: e.POSTKIT_CONCURRENCY ?? 4,
    lockDurationMs: e.POSTKIT_LOCK_DURATION_MS ?? 30_000,
    stalledIntervalMs: e.POSTKIT_STALLED_INTERVAL_MS ?? 30_000,
    refreshLeaseMs: e.POSTKIT_REFRESH_LEASE_MS,
    delays: {
      ...DEFAULT_DELAYS,
      ...(e.POSTKIT_RETRY_BASE_MS ? { baseMs: e.POSTKIT_RETRY_BASE_MS } : {}),
      ...(e.POSTKIT_RECONNECT_DELAY_MS ? { reconnectMs: e.POSTKIT_RECONNECT_DELAY_MS } : {}),
    },
    tiktok,
    youtube,
  };
}
