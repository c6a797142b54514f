// Internal: TikTok's publish statuses as core publish job records.
import { createPublishJob, type PublishJob, type PublishOutcome, updatePublishJob } from "@postkit/core";
import type { TikTokPublishStatus } from "./status.js";

/** A job for a publish TikTok has accepted (it has a `publish_id`). */
export function startedJob(accountId: string, publishId: string, now: number): PublishJob {
  return createPublishJob({ platform: "tiktok", accountId, outcome: "processing", ids: { publishId } }, now);
}

/**
 * A job whose init response was lost: TikTok may have started the publish, and without its
 * `publish_id` nothing can look it up. It stays `unknown`; the app checks the creator's profile.
 */
export function lostInitJob(accountId: string, now: number): PublishJob {
  return createPublishJob(
    {
      platform: "tiktok",
      accountId,
      outcome: "unknown",
      ids: {},
      failure: {
        code: "INIT_RESPONSE_LOST",
        message: "The publish request's response was lost; TikTok may have accepted it.",
      },
    },
    now,
  );
}

/** TikTok's status (https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status) as a job outcome. */
export function outcomeOf(status: TikTokPublishStatus["status"]): PublishOutcome {
  switch (status) {
    case "PUBLISH_COMPLETE":
      return "published";
    case "SEND_TO_USER_INBOX":
      return "draft";
    case "FAILED":
      return "failed";
    default:
      return "processing";
  }
}

/** The job brought up to date with a status fetch. */
export function jobWithStatus(job: PublishJob, status: TikTokPublishStatus, now: number): PublishJob {
  const outcome = outcomeOf(status.status);
  return updatePublishJob(
    job,
    {
      outcome,
      postId: status.publicPostIds[0] ?? job.postId,
      failure:
        outcome === "failed"
          ? {
              code: status.failReason ?? "unknown",
              message: `TikTok failed the publish: ${status.failReason ?? "no reason given"}.`,
            }
          : undefined,
    },
    now,
  );
}
