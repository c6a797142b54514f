// Internal: what the per-concern modules share with the client.
import type { Api } from "./api.js";
import type { HttpClient } from "@postkit/core";
import type { TikTokBaseUrls } from "./endpoints.js";
import type { TikTokRateLimiter } from "./rate-limit.js";
import type { TikTokTimers } from "./timers.js";

export interface TikTokContext {
  clientKey: string;
  clientSecret: string;
  redirectUri: string;
  baseUrls: TikTokBaseUrls;
  api: Api;
  /** For chunk PUTs: its own timeout; idempotent, so a failed chunk is re-sent. */
  upload: HttpClient;
  limiter: TikTokRateLimiter;
  timers: TikTokTimers;
}
