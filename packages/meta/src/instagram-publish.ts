// The decisive write, `POST /{ig-user-id}/media_publish?creation_id=`, guarded so a container is
// published at most once: its status_code is read first (a PUBLISHED container is never published
// again), the call is never repeated, and a lost answer is an `unknown` job settled from the
// container's status_code.
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media_publish ,
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container .
import { HttpError, isPostkitError, type PublishJob, PlatformError, updatePublishJob } from "@postkit/core";
import * as z from "zod/mini";
import { graphErrorOf } from "./errors.js";
import { igCall, type InstagramTarget, type InstagramContext } from "./instagram-account.js";
import { type InstagramContainer, InstagramContainerError, readContainer } from "./instagram-containers.js";

/**
 * How long after a lost `media_publish` a container still `FINISHED` is taken as not published
 * (and published on the next status check): postkit's margin for a publish Meta may still be
 * working on, a minute as Meta's recommended status pace. Not a Meta rule.
 */
export const LOST_PUBLISH_SETTLE_MS = 60_000;

/** How many of the account's latest media are looked through to find a reconciled post. */
const RECENT_MEDIA = 10;

const published = z.looseObject({ id: z.string().check(z.minLength(1)) });
const permalink = z.looseObject({ id: z.optional(z.string()), permalink: z.optional(z.string()) });
const recent = z.looseObject({
  data: z.array(
    z.looseObject({ id: z.string(), permalink: z.optional(z.string()), timestamp: z.optional(z.string()) }),
  ),
});

/**
 * Publishes the job's container once its status_code is `FINISHED`, and returns the job as it
 * then stands: `published` (with the permalink), `processing` (not ready yet), `unknown` (the
 * answer was lost) or `failed` (the container ended in `ERROR` or `EXPIRED`).
 * @internal
 */
export async function publishContainer(
  context: InstagramContext,
  target: InstagramTarget,
  job: PublishJob,
  signal: AbortSignal | undefined,
): Promise<PublishJob> {
  const containerId = job.ids.containerId as string;
  const current = await readContainer(context, target, containerId, signal);
  if (current.statusCode !== "FINISHED") return withContainer(context, target, job, current, signal);
  let mediaId: string;
  try {
    mediaId = (
      await igCall(context, target, {
        method: "POST",
        path: `/${target.igUserId}/media_publish`,
        form: { creation_id: containerId },
        schema: published,
        // Never repeated: a second publish could be a second post.
        idempotent: false,
        what: "Instagram media_publish",
        signal,
      })
    ).id;
  } catch (error) {
    const graph = graphErrorOf(error);
    // 9007/2207027: not ready after all. Nothing was published; the next check publishes.
    if (graph && (graph.subcode === 2207027 || graph.code === 9007)) {
      return updatePublishJob(job, { outcome: "processing", failure: undefined }, context.clock.now());
    }
    if (maybeHappened(error, signal)) {
      return updatePublishJob(
        job,
        {
          outcome: "unknown",
          ids: { publishAttemptAt: String(context.clock.now()) },
          failure: {
            code: "PUBLISH_RESPONSE_LOST",
            message: "The media_publish response was lost; Instagram may have published the post.",
          },
        },
        context.clock.now(),
      );
    }
    throw error;
  }
  return withMedia(context, target, job, mediaId, signal);
}

/**
 * Whether a failed `media_publish` may still have published: no answer (dropped, timed out,
 * aborted while in flight) or a server error. A Graph refusal (4xx) published nothing.
 */
function maybeHappened(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return true;
  if (isPostkitError(error, "NETWORK_ERROR", "TIMEOUT")) return true;
  const status =
    PlatformError.isInstance(error) || HttpError.isInstance(error)
      ? (error as { status?: number }).status
      : undefined;
  return status !== undefined && status >= 500;
}

/** The job after a status read of its container (not `FINISHED`). @internal */
export async function withContainer(
  context: InstagramContext,
  target: InstagramTarget,
  job: PublishJob,
  current: InstagramContainer,
  signal: AbortSignal | undefined,
): Promise<PublishJob> {
  const now = context.clock.now();
  switch (current.statusCode) {
    case "PUBLISHED":
      return findPublished(context, target, job, signal);
    case "ERROR":
    case "EXPIRED": {
      const error = new InstagramContainerError({ ...current, statusCode: current.statusCode });
      return updatePublishJob(
        job,
        { outcome: "failed", failure: { code: current.statusCode, message: error.message } },
        now,
      );
    }
    case "FINISHED": {
      // Reached only by reconciling: ready and not published. Publish on the next check, once a
      // lost publish has had time to show up as PUBLISHED.
      const attempt = Number(job.ids.publishAttemptAt ?? 0);
      if (job.outcome === "unknown" && now - attempt < LOST_PUBLISH_SETTLE_MS) return job;
      return updatePublishJob(job, { outcome: "processing", failure: undefined }, now);
    }
    default:
      return job.outcome === "unknown" ? job : updatePublishJob(job, { outcome: "processing" }, now);
  }
}

/** The published post's permalink (`GET /{media-id}?fields=permalink`); best effort. */
export async function withMedia(
  context: InstagramContext,
  target: InstagramTarget,
  job: PublishJob,
  mediaId: string,
  signal: AbortSignal | undefined,
): Promise<PublishJob> {
  const base = { outcome: "published" as const, postId: mediaId, ids: { mediaId }, failure: undefined };
  const url = await igCall(context, target, {
    method: "GET",
    path: `/${encodeURIComponent(mediaId)}`,
    query: { fields: "id,permalink" },
    schema: permalink,
    idempotent: true,
    what: "Instagram media permalink",
    signal,
  }).then(
    (body) => body.permalink,
    // The post exists: a failed read only leaves the link for the next status check.
    () => undefined,
  );
  return updatePublishJob(job, { ...base, ...(url ? { postUrl: url } : {}) }, context.clock.now());
}

/**
 * The container is PUBLISHED but its media id is not known (the answer was lost). Meta documents
 * no container field naming the media, so postkit looks through the account's latest media
 * (`GET /{ig-user-id}/media?fields=id,permalink,timestamp`) for exactly one published since the
 * attempt: that matching is postkit's, UNCONFIRMED by Meta. Otherwise the job is `published`
 * without a post id. Stories are not on that edge.
 */
async function findPublished(
  context: InstagramContext,
  target: InstagramTarget,
  job: PublishJob,
  signal: AbortSignal | undefined,
): Promise<PublishJob> {
  const since = Number(job.ids.publishAttemptAt ?? job.createdAt) - 5_000;
  const found =
    job.ids.mediaType === "STORIES"
      ? undefined
      : await igCall(context, target, {
          method: "GET",
          path: `/${target.igUserId}/media`,
          query: { fields: "id,permalink,timestamp", limit: RECENT_MEDIA },
          schema: recent,
          idempotent: true,
          what: "Instagram recent media",
          signal,
        }).then(
          (body) => {
            const after = body.data.filter((media) => Date.parse(media.timestamp ?? "") >= since);
            return after.length === 1 ? after[0] : undefined;
          },
          () => undefined,
        );
  return updatePublishJob(
    job,
    {
      outcome: "published",
      failure: undefined,
      ...(found ? { postId: found.id, ids: { mediaId: found.id } } : {}),
      ...(found?.permalink ? { postUrl: found.permalink } : {}),
    },
    context.clock.now(),
  );
}
