// Internal: what the per-concern modules share with the client.
import type { Api } from "./api.js";
import type { HttpClient, Logger, RetryPolicy } from "@postkit/core";
import type { TikTokBaseUrls } from "./endpoints.js";
import type { TikTokRateLimiter } from "./rate-limit.js";
import type { TikTokTimers } from "./timers.js";

export interface TikTokContext {
  clientKey: string;
  clientSecret: string;
  redirectUri: string;
  baseUrls: TikTokBaseUrls;
  api: Api;
  /** For chunk PUTs: its own timeout. Sent once each; core's upload engine repeats a failed chunk. */
  upload: HttpClient;
  /** The client's retry overrides, for the upload engine's budget. */
  uploadRetry?: Partial<RetryPolicy> | undefined;
  /** The client's logger: the upload engine reports its retries at `info`. */
  logger?: Logger | undefined;
  limiter: TikTokRateLimiter;
  timers: TikTokTimers;
}
