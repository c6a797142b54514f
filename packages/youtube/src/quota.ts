// Quota accounting: every response the Data API sends costs units from the project's daily
// budget (https://developers.google.com/youtube/v3/docs/errors). postkit reports the cost of each request so the app can track it.
//
// What a failed call costs: https://developers.google.com/youtube/v3/docs/errors only says "invalid requests cost ≥1 unit". postkit reports
// a failed call (any 4xx or 5xx) at `failedQuotaCost` (default 1, the documented floor; the exact
// figure is UNCONFIRMED), and a 403 quotaExceeded at 0: the call was refused because no units were
// left (UNCONFIRMED; it keeps the reported total from passing the limit).
import type { YouTubeOperation } from "./scopes.js";

/**
 * Units per call, from the quota calculator (https://developers.google.com/youtube/v3/docs/errors [QUOTA]). Lists cost 1; update, delete and
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

/** Units a failed Data API call is reported at: https://developers.google.com/youtube/v3/docs/errors says "≥1" (the exact figure is UNCONFIRMED). @group Quota */
export const DEFAULT_FAILED_QUOTA_COST = 1;

/** What `onQuota` receives after each Data API response (also for failed requests, which cost too). @group Quota */
export interface QuotaEvent {
  /** The Data API method the response belongs to, e.g. `videos.insert`. */
  operation: YouTubeOperation;
  /**
   * Units charged: the table cost for a success (2xx); `failedQuotaCost` (default 1: "invalid
   * requests cost ≥1 unit", https://developers.google.com/youtube/v3/docs/errors) for a failed call; 0 for a 403 `quotaExceeded`, which was
   * refused for lack of units.
   */
  cost: number;
  /** The HTTP status of the response that was charged. */
  status: number;
}

/** Receives a {@link QuotaEvent} after each Data API response. @group Quota */
export type QuotaListener = (event: QuotaEvent) => void;

/** @internal The units a response is reported at (see the top of this file). */
export function chargedUnits(
  operation: YouTubeOperation,
  status: number,
  reason: string | undefined,
  costs: Readonly<Record<YouTubeOperation, number>>,
  failedCost: number,
): number {
  if (status >= 200 && status < 300) return costs[operation];
  if (reason === "quotaExceeded") return 0;
  return failedCost;
}

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

/** @internal What the reporter reads from the client options. */
export interface QuotaReporterOptions {
  onQuota?: QuotaListener | undefined;
  quotaCosts?: Partial<Record<YouTubeOperation, number>> | undefined;
  failedQuotaCost?: number | undefined;
}

/** @internal The client's `afterResponse` step: one `onQuota` event per Data API response. */
export function quotaReporter(
  options: QuotaReporterOptions,
): (method: string, url: string, response: Response) => Promise<void> {
  const costs = { ...defaultQuotaCosts, ...options.quotaCosts };
  return async (method, url, response) => {
    if (!options.onQuota) return;
    const operation = operationOf(method, url);
    if (!operation) return;
    // Only a 403 can be quotaExceeded; its small JSON body is read from a copy.
    const reason = response.status === 403 ? await firstReason(response.clone()) : undefined;
    const cost = chargedUnits(
      operation,
      response.status,
      reason,
      costs,
      options.failedQuotaCost ?? DEFAULT_FAILED_QUOTA_COST,
    );
    options.onQuota({ operation, cost, status: response.status });
  };
}

async function firstReason(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error?: { errors?: { reason?: unknown }[] } } | null;
    const reason = body?.error?.errors?.[0]?.reason;
    return typeof reason === "string" ? reason : undefined;
  } catch {
    return undefined;
  }
}
