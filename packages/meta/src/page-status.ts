// The status of a Page video or Reel as a job outcome: `GET /{video-id}?fields=status` with its
// uploading, processing and publishing phases (`not_started | in_progress | complete | error`)
// (https://developers.facebook.com/docs/video-api/guides/reels-publishing/ , "Get status").
// `publishing_phase.publish_status` values are UNCONFIRMED in Meta's text: `draft` and `scheduled`
// are read as such, anything else once the phase is complete as published; the job's requested
// Reel state (`ids.videoState`) decides when Meta says nothing.
import {
  type CallOptions,
  type Connection,
  isSettled,
  type PublishJob,
  pollUntil,
  redactValue,
  updatePublishJob,
  type WaitOptions,
} from "@postkit/core";
import * as z from "zod/mini";
import type { MetaContext } from "./context.js";
import { withPageToken } from "./page-jobs.js";

const phase = z.optional(
  z.looseObject({
    status: z.optional(z.string()),
    bytes_transferred: z.optional(z.number()),
    publish_status: z.optional(z.string()),
    error: z.optional(z.looseObject({ message: z.optional(z.string()) })),
  }),
);
const statusSchema = z.looseObject({
  id: z.optional(z.string()),
  status: z.optional(
    z.looseObject({
      video_status: z.optional(z.string()),
      uploading_phase: phase,
      processing_phase: phase,
      publishing_phase: phase,
    }),
  ),
});
/** A video's `status` as Meta sends it. @internal */
export type VideoStatus = NonNullable<z.infer<typeof statusSchema>["status"]>;

/** Reads a video's `status` with the Page token. @internal */
export async function fetchVideoStatus(
  context: MetaContext,
  connection: Connection,
  videoId: string,
  signal: AbortSignal | undefined,
): Promise<VideoStatus> {
  const body = await withPageToken(context, connection, signal, (token) =>
    context.graph.call({
      method: "GET",
      path: `/${encodeURIComponent(videoId)}`,
      accessToken: token,
      query: { fields: "status" },
      schema: statusSchema,
      idempotent: true,
      what: "Facebook video status",
      signal,
    }),
  );
  return body.status ?? {};
}

/** The bytes Meta holds of a Reel: `uploading_phase.bytes_transferred`. @internal */
export async function reelBytesTransferred(
  context: MetaContext,
  connection: Connection,
  videoId: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  const status = await fetchVideoStatus(context, connection, videoId, signal);
  return status.uploading_phase?.bytes_transferred ?? 0;
}

/** The job as `status` says (an `unknown` job only moves once the status shows the write arrived). @internal */
export function jobFromStatus(context: MetaContext, job: PublishJob, status: VideoStatus): PublishJob {
  const now = context.clock.now();
  const failed = [status.uploading_phase, status.processing_phase, status.publishing_phase].find(
    (item) => item?.status === "error",
  );
  if (failed || status.video_status === "error") {
    const said = failed?.error?.message;
    const text = said
      ? String(redactValue(said, []))
          .split(/(?<=[.!?])\s+/)[0]!
          .slice(0, 200)
      : undefined;
    return updatePublishJob(
      job,
      {
        outcome: "failed",
        failure: {
          code: "VIDEO_PROCESSING_FAILED",
          message: text
            ? `Meta could not process the video: ${text.replace(/[.!?]+$/, "")}.`
            : "Meta could not process the video.",
        },
      },
      now,
    );
  }
  const publishing = status.publishing_phase;
  const requested = job.ids.videoState;
  if (publishing?.status === "complete" || status.video_status === "ready") {
    const said = publishing?.publish_status;
    const outcome =
      said === "draft" || (said === undefined && requested === "DRAFT")
        ? "draft"
        : said === "scheduled" || (said === undefined && requested === "SCHEDULED")
          ? "scheduled"
          : "published";
    return updatePublishJob(job, { outcome, failure: undefined }, now);
  }
  // A lost finish stays unknown until the status shows Meta working on it.
  const started =
    status.processing_phase?.status === "in_progress" || status.processing_phase?.status === "complete";
  if (job.outcome === "unknown" && !started) return job;
  return updatePublishJob(job, { outcome: "processing", failure: undefined }, now);
}

/** The job brought up to date; a job without a video id (its write was lost) stays as it is. @internal */
export async function pageVideoStatusJob(
  context: MetaContext,
  connection: Connection,
  job: PublishJob,
  options: CallOptions,
): Promise<PublishJob> {
  const videoId = job.ids.videoId;
  if (!videoId || isSettled(job)) return job;
  const status = await fetchVideoStatus(context, connection, videoId, options.signal);
  return jobFromStatus(context, job, status);
}

/**
 * Polls from 5 s, growing to 60 s, for up to 10 minutes by default (reels take minutes; Meta
 * gives no pace for Page videos).
 * @internal
 */
export function waitForPageVideo(
  context: MetaContext,
  connection: Connection,
  job: PublishJob,
  options: WaitOptions,
): Promise<PublishJob> {
  if (!job.ids.videoId) return Promise.resolve(job);
  return pollUntil(() => pageVideoStatusJob(context, connection, job, options), isSettled, {
    intervalMs: 5000,
    backoff: 1.5,
    maxIntervalMs: 60_000,
    timeoutMs: options.timeoutMs ?? 600_000,
    signal: options.signal,
    clock: options.clock ?? context.clock,
  });
}
