// Quota accounting: every response the Data API sends costs units from the project's daily
// budget (spec §6). postkit reports the cost of each request so the app can track it.
import type { YouTubeOperation } from "./scopes.js";

/**
 * Units per call, from the quota calculator (spec §6 [QUOTA]). Lists cost 1; update, delete and
 * thumbnails.set cost 50.
 *
 * `videos.insert` is UNCONFIRMED: the quota page says uploads have their own bucket of 100 calls
 * a day at 1 per call, the revision history (Dec 4 2025) says "approximately 100 units", older
 * pages say 1600. The default here is 100; override it with the `quotaCosts` option. Only the
 * session start is charged (the chunk PUTs are part of the same call).
 * @group Quota
 */
export const defaultQuotaCosts: Readonly<Record<YouTubeOperation, number>> = Object.freeze({
  "channels.list": 1,
  "videos.list": 1,
  "playlistItems.list": 1,
  "videos.insert": 100,
  "videos.update": 50,
  "videos.delete": 50,
  "thumbnails.set": 50,
});

/** What `onQuota` receives after each Data API response (also for failed requests, which cost too). @group Quota */
export interface QuotaEvent {
  /** The Data API method the response belongs to, e.g. `videos.insert`. */
  operation: YouTubeOperation;
  /** Units from the cost table. */
  cost: number;
  /** The HTTP status of the response that was charged. */
  status: number;
}

/** @group Quota */
export type QuotaListener = (event: QuotaEvent) => void;

/** @internal Which operation a request to the API host is, from its method and path. */
export function operationOf(method: string, url: string): YouTubeOperation | undefined {
  const parsed = new URL(url);
  const path = parsed.pathname;
  const upper = method.toUpperCase();
  if (path.endsWith("/upload/youtube/v3/videos")) {
    // Chunk PUTs and status probes go to the session URI: same path, PUT, not a new call.
    return upper === "POST" ? "videos.insert" : undefined;
  }
  if (path.endsWith("/upload/youtube/v3/thumbnails/set"))
    return upper === "POST" ? "thumbnails.set" : undefined;
  if (path.endsWith("/youtube/v3/channels")) return upper === "GET" ? "channels.list" : undefined;
  if (path.endsWith("/youtube/v3/playlistItems")) return upper === "GET" ? "playlistItems.list" : undefined;
  if (path.endsWith("/youtube/v3/videos")) {
    if (upper === "GET") return "videos.list";
    if (upper === "PUT") return "videos.update";
    if (upper === "DELETE") return "videos.delete";
  }
  return undefined;
}
