// Internal: what the per-concern modules share with the client.
import type { Api } from "./api.js";
import type { ChunkTransport } from "./chunk-put.js";
import type { TikTokBaseUrls } from "./endpoints.js";
import type { TikTokRateLimiter } from "./rate-limit.js";
import type { TikTokTimers } from "./timers.js";

export interface TikTokContext {
  clientKey: string;
  clientSecret: string;
  redirectUri: string;
  baseUrls: TikTokBaseUrls;
  api: Api;
  /** For chunk PUTs: its own timeout, retries of a chunk. */
  upload: ChunkTransport;
  limiter: TikTokRateLimiter;
  timers: TikTokTimers;
}
