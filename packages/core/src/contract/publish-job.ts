import type { PlatformId } from "./account.js";

/**
 * Where a publish stands:
 * - `processing`: the platform has the media and is working on it; poll or wait.
 * - `published`: public (or as private as asked) on the account.
 * - `draft`: in the creator's drafts or inbox, to finish in the platform's app.
 * - `scheduled`: accepted, goes live at `scheduledAt`.
 * - `failed`: the platform refused or gave up; `failure` says why. Nothing was posted.
 * - `unknown`: a write's response was lost, so whether it happened is not known. Never failed,
 *   never repeated blindly: settle it with the provider's `getPublishStatus` (reconcile).
 * @group Contract
 */
export type PublishOutcome = "processing" | "published" | "draft" | "scheduled" | "failed" | "unknown";

/**
 * A publish, as a plain JSON record the app can store and hand to another process: what was
 * published where, the platform's ids to follow it with, and its outcome so far.
 * @group Contract
 */
export interface PublishJob {
  /** The format version. */
  v: 1;
  /** The platform published to. */
  platform: PlatformId;
  /** The account published to (`Account.id`). */
  accountId: string;
  /** Where it stands. */
  outcome: PublishOutcome;
  /**
   * The platform's ids to follow the publish with: TikTok `publishId`, YouTube `videoId`, Meta
   * `containerId`/`videoId`. Empty when the write that would have created them was lost.
   */
  ids: Record<string, string>;
  /** The public post's id, once known. */
  postId?: string | undefined;
  /** A link to the post, once known. */
  postUrl?: string | undefined;
  /** When a scheduled publish goes live, epoch milliseconds. */
  scheduledAt?: number | undefined;
  /** Why it failed (`outcome: "failed"`), or why its outcome is unknown. */
  failure?:
    | {
        /** A stable code: the platform's reason (TikTok `fail_reason`) or postkit's. */
        code: string;
        /** What happened, in one sentence. */
        message: string;
      }
    | undefined;
  /** The idempotency key it was published under, if any. */
  idempotencyKey?: string | undefined;
  /** The content fingerprint the key is bound to. */
  fingerprint?: string | undefined;
  /** When the publish began, epoch milliseconds. */
  createdAt: number;
  /** When this record last changed, epoch milliseconds. */
  updatedAt: number;
}

/** Outcomes that will not change by themselves. @group Contract */
export function isSettled(job: Pick<PublishJob, "outcome">): boolean {
  return job.outcome !== "processing" && job.outcome !== "unknown";
}

/** A new job record. @group Contract */
export function createPublishJob(
  fields: Omit<PublishJob, "v" | "createdAt" | "updatedAt"> & { createdAt?: number | undefined },
  now: number = Date.now(),
): PublishJob {
  const { createdAt, ...rest } = fields;
  return { v: 1, ...rest, createdAt: createdAt ?? now, updatedAt: now };
}

/** The job with an outcome and fields changed; `updatedAt` moves on. @group Contract */
export function updatePublishJob(
  job: PublishJob,
  changes: Partial<Omit<PublishJob, "v" | "platform" | "accountId" | "createdAt">>,
  now: number = Date.now(),
): PublishJob {
  return { ...job, ...changes, ids: { ...job.ids, ...changes.ids }, updatedAt: now };
}
