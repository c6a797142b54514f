import { type CallOptions, pollUntil, type TokenSet, ValidationError } from "@postkit/core";
import * as z from "zod/mini";
import type { TikTokContext } from "./context.js";
import { TIKTOK_PATHS } from "./endpoints.js";
import { requireAnyScope } from "./scopes.js";

/** Where a TikTok publish stands (https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status). @group Status */
export type TikTokPublishStatusValue =
  | "PROCESSING_UPLOAD"
  | "PROCESSING_DOWNLOAD"
  | "SEND_TO_USER_INBOX"
  | "PUBLISH_COMPLETE"
  | "FAILED";

/** The statuses after which nothing changes on its own. @group Status */
export const TIKTOK_TERMINAL_STATUSES: readonly TikTokPublishStatusValue[] = Object.freeze([
  "PUBLISH_COMPLETE",
  "SEND_TO_USER_INBOX",
  "FAILED",
]);

/** `fail_reason` values after which the same post may succeed if started again (https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status). @group Status */
export const TIKTOK_RETRYABLE_FAIL_REASONS: readonly string[] = Object.freeze([
  "internal",
  "video_pull_failed",
  "photo_pull_failed",
]);

/** A publish's status from `status/fetch`, with the post ids as exact strings. @group Status */
export interface TikTokPublishStatus {
  /** The `publish_id` that was queried. */
  publishId: string;
  /** TikTok's `status`: processing, sent to the inbox, complete or failed. */
  status: TikTokPublishStatusValue;
  /** Set when `status` is `FAILED`, e.g. `duration_check_failed`, `spam_risk_too_many_posts`. */
  failReason?: string | undefined;
  /** Whether starting the same post again may succeed (`internal`, `video_pull_failed`, `photo_pull_failed`). */
  retryableFailure: boolean;
  /**
   * TikTok's `publicaly_available_post_id` (their spelling), as exact decimal strings: the ids
   * are int64 beyond JS number precision. Empty until the post is public and moderated.
   */
  publicPostIds: string[];
  /** `uploaded_bytes`: bytes TikTok has received (`FILE_UPLOAD` only). */
  uploadedBytes?: number | undefined;
  /** `downloaded_bytes`: bytes TikTok has downloaded (`PULL_FROM_URL` only). */
  downloadedBytes?: number | undefined;
}

const STATUSES = [
  "PROCESSING_UPLOAD",
  "PROCESSING_DOWNLOAD",
  "SEND_TO_USER_INBOX",
  "PUBLISH_COMPLETE",
  "FAILED",
] as const;

// The raw text is rewritten by api.ts so these ids arrive as strings; numbers would already be rounded.
const postId = z.union([
  z.string().check(z.regex(/^\d+$/)),
  z.number().check(z.refine((value) => Number.isSafeInteger(value), "post id lost precision")),
]);

const statusData = z.looseObject({
  status: z.enum(STATUSES),
  fail_reason: z.optional(z.string()),
  publicaly_available_post_id: z.optional(z.array(postId)),
  uploaded_bytes: z.optional(z.number()),
  downloaded_bytes: z.optional(z.number()),
});

export async function fetchPublishStatus(
  context: TikTokContext,
  tokens: TokenSet,
  publishId: string,
  options: CallOptions = {},
): Promise<TikTokPublishStatus> {
  if (!publishId) throw new ValidationError("getPublishStatus needs a publish_id.");
  requireAnyScope(tokens.scopes, ["video.publish", "video.upload"], "read publish status");
  const data = await context.api.call({
    method: "POST",
    path: TIKTOK_PATHS.statusFetch,
    accessToken: tokens.accessToken,
    json: { publish_id: publishId },
    data: statusData,
    idempotent: true,
    bucket: "statusFetch",
    what: "TikTok publish status",
    signal: options.signal,
  });
  const failReason =
    data.status === "FAILED" ? (data.fail_reason ?? "unknown") : data.fail_reason || undefined;
  return {
    publishId,
    status: data.status,
    failReason,
    retryableFailure: data.status === "FAILED" && TIKTOK_RETRYABLE_FAIL_REASONS.includes(failReason ?? ""),
    publicPostIds: (data.publicaly_available_post_id ?? []).map(String),
    uploadedBytes: data.uploaded_bytes,
    downloadedBytes: data.downloaded_bytes,
  };
}

/** Options of `waitForPublish`: how long and how often to poll, and when to stop. @group Status */
export interface WaitForPublishOptions extends CallOptions {
  /**
   * Give up after this long (TikTok guarantees no processing time; moderation can take hours).
   * @default 600000 (10 minutes)
   */
  timeoutMs?: number | undefined;
  /** First wait between polls; doubled each poll. At least 2000 (30 polls a minute). @default 3000 */
  initialDelayMs?: number | undefined;
  /** Longest wait between polls. @default 30000 */
  maxDelayMs?: number | undefined;
  /**
   * With `true`, wait past `PUBLISH_COMPLETE` until `publicPostIds` is filled (public posts only,
   * after moderation). @default false
   */
  untilPublicPostId?: boolean | undefined;
  /** Called with every status fetched. */
  onStatus?: ((status: TikTokPublishStatus) => void) | undefined;
}

/** TikTok allows 30 status fetches per minute per token: never poll faster than every 2 s. */
const MIN_POLL_DELAY_MS = 2000;

/**
 * Polls at TikTok's pace (core's `pollUntil`) until a terminal status, or `timeoutMs` passes:
 * then the last status comes back as it is (still processing), never as an error.
 */
export async function waitForPublish(
  context: TikTokContext,
  tokens: TokenSet,
  publishId: string,
  options: WaitForPublishOptions = {},
): Promise<TikTokPublishStatus> {
  const maxDelay = Math.max(MIN_POLL_DELAY_MS, options.maxDelayMs ?? 30_000);
  return pollUntil(
    async () => {
      const status = await fetchPublishStatus(context, tokens, publishId, options);
      options.onStatus?.(status);
      return status;
    },
    (status) =>
      TIKTOK_TERMINAL_STATUSES.includes(status.status) &&
      !(options.untilPublicPostId && status.status === "PUBLISH_COMPLETE" && !status.publicPostIds.length),
    {
      intervalMs: Math.min(maxDelay, Math.max(MIN_POLL_DELAY_MS, options.initialDelayMs ?? 3000)),
      backoff: 2,
      maxIntervalMs: maxDelay,
      timeoutMs: options.timeoutMs ?? 600_000,
      signal: options.signal,
      clock: context.timers,
    },
  );
}
