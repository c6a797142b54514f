// Publishing as jobs: the upload becomes a PublishJob, followed with getPublishStatus and
// waitForPublish. A publish whose end was lost is an `unknown` job, reconciled by probing its
// session, never by uploading again
// (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol).
import {
  type Connection,
  type CredentialSource,
  createPublishJob,
  ErrorCode,
  fingerprint,
  isCredentialSource,
  isSettled,
  pollUntil,
  type PublishJob,
  publishOnce,
  type ResumeState,
  type ResumeUploadInput,
  UploadError,
  updatePublishJob,
  ValidationError,
  type VideoPublishInput,
  type WaitOptions,
} from "@postkit/core";
import { assertYouTubeCapability } from "./capabilities.js";
import { uploadContextOf, type YouTubeContext, withAccessToken } from "./context.js";
import { toVideoResource, type YouTubeVideoOptions } from "./metadata.js";
import { probeUploadSession } from "./probe.js";
import {
  DEFAULT_CHUNK_SIZE,
  type ResumableUploadOptions,
  resumeResumableUpload,
  startResumableUpload,
  type UploadedVideo,
} from "./resumable-upload.js";
import { getVideoStatus } from "./videos.js";

/** The upload's own settings, on top of the uniform publish input. @group Upload */
export type YouTubeUploadSettings = Pick<
  ResumableUploadOptions,
  "contentType" | "chunkSize" | "mode" | "onRetry" | "retry"
>;

/** What {@link YouTube.publishVideo} takes. @group Upload */
export interface YouTubePublishInput extends VideoPublishInput<YouTubeVideoOptions>, YouTubeUploadSettings {}

/** What {@link YouTube.resumeUpload} takes. @group Upload */
export interface YouTubeResumeInput extends ResumeUploadInput, YouTubeUploadSettings {}

/** Options of {@link YouTube.waitForPublish}. @group Upload */
export interface YouTubeWaitOptions extends WaitOptions {
  /** The first wait between two status reads (each costs 1 quota unit); later waits grow. @default 5000 */
  intervalMs?: number | undefined;
}

/** Starts or resumes the upload with the job's own listeners wrapped around the app's. */
type Run = (
  source: CredentialSource,
  listeners: Pick<ResumableUploadOptions, "onResumeState" | "onProgress">,
) => Promise<UploadedVideo>;

/** @internal */
export async function publishVideo(
  context: YouTubeContext,
  connection: Connection,
  input: YouTubePublishInput,
): Promise<PublishJob> {
  // Metadata first: nothing is sent (not even a token refresh) for an invalid video.
  const resource = toVideoResource(input.options);
  assertPlainScopes(connection, "publishVideo");
  const run = () =>
    upload(context, connection, "publishVideo", input, (source, listeners) =>
      startResumableUpload(uploadContextOf(context, source), resource, {
        ...input,
        ...listeners,
        notifySubscribers: input.options.notifySubscribers,
      }),
    );
  if (input.idempotencyKey === undefined) return run();
  const print = await fingerprint({
    platform: "youtube",
    accountId: connection.account.id,
    options: input.options,
    source: { size: input.source.size, name: input.source.name, type: input.source.type },
  });
  return publishOnce(
    {
      store: context.idempotencyStore,
      key: input.idempotencyKey,
      fingerprint: print,
      now: () => context.clock.now(),
    },
    run,
  );
}

/** @internal */
export async function resumeUpload(
  context: YouTubeContext,
  connection: Connection,
  state: ResumeState,
  input: YouTubeResumeInput,
): Promise<PublishJob> {
  assertPlainScopes(connection, "resumeUpload");
  return upload(context, connection, "resumeUpload", input, (source, listeners) =>
    resumeResumableUpload(uploadContextOf(context, source), state, { ...input, ...listeners }),
  );
}

function assertPlainScopes(connection: Connection, operation: "publishVideo" | "resumeUpload"): void {
  const credentials = connection?.credentials;
  assertYouTubeCapability(
    operation,
    credentials && !isCredentialSource(credentials) ? credentials.scopes : undefined,
  );
}

/**
 * Runs the upload and makes its job. When it stops after the last bytes may have reached YouTube
 * (the final response lost, and the probe after it too), whether the video exists is not known:
 * that is an `unknown` job, not an error, since uploading again could publish the video twice.
 */
async function upload(
  context: YouTubeContext,
  connection: Connection,
  operation: "publishVideo" | "resumeUpload",
  input: YouTubeUploadSettings & Pick<ResumeUploadInput, "onResumeState" | "onProgress" | "signal">,
  run: Run,
): Promise<PublishJob> {
  const source = context.resolver.sourceFor(connection);
  // A credential source's scopes are known once it hands out tokens; still before the upload.
  assertYouTubeCapability(operation, (await source.get({ signal: input.signal })).scopes);
  const createdAt = context.clock.now();
  let last: ResumeState | undefined;
  // The most bytes handed over (single mode: to the transport; chunked: acknowledged).
  let handed = 0;
  let video: UploadedVideo;
  try {
    video = await run(source, {
      onResumeState: async (state) => {
        last = state;
        await input.onResumeState?.(state);
      },
      onProgress: (progress) => {
        handed = Math.max(handed, progress.bytesSent);
        input.onProgress?.(progress);
      },
    });
  } catch (error) {
    const state = UploadError.isInstance(error) ? (error.resumeState ?? last) : undefined;
    if (!state || !UploadError.isInstance(error) || error.code !== ErrorCode.UPLOAD_INTERRUPTED) throw error;
    const chunk = input.chunkSize ?? state.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const finalSent =
      input.mode === "single" ? handed >= state.totalBytes : state.offset + chunk >= state.totalBytes;
    // An abort the app asked for stays an error with its resume state: `resumeUpload` probes
    // first, so finishing it can never create a second video.
    if (!finalSent || !state.sessionUrl || input.signal?.aborted) throw error;
    return createPublishJob(
      {
        platform: "youtube",
        accountId: connection.account.id,
        outcome: "unknown",
        ids: {
          uploadSession: state.sessionUrl,
          uploadBytes: String(state.totalBytes),
          ...state.ids,
        },
        failure: { code: error.code, message: error.message },
      },
      createdAt,
    );
  }
  return jobOfVideo(context, connection, video, createdAt);
}

function jobOfVideo(
  context: YouTubeContext,
  connection: Connection,
  video: UploadedVideo,
  createdAt: number,
): PublishJob {
  const scheduledAt = publishAtOf(video.raw);
  const job = createPublishJob(
    {
      platform: "youtube",
      accountId: connection.account.id,
      outcome: scheduledAt !== undefined ? "scheduled" : "processing",
      ids: { videoId: video.id },
      postId: video.id,
      postUrl: watchUrl(video.id),
      scheduledAt,
    },
    context.clock.now(),
  );
  return { ...job, createdAt };
}

/** `status.publishAt` of the uploaded video, when it was scheduled. */
function publishAtOf(raw: unknown): number | undefined {
  const publishAt = (raw as { status?: { publishAt?: unknown } } | undefined)?.status?.publishAt;
  if (typeof publishAt !== "string") return undefined;
  const at = Date.parse(publishAt);
  return Number.isFinite(at) ? at : undefined;
}

/** The watch page of a video (https://www.youtube.com/watch?v=ID). */
function watchUrl(videoId: string): string {
  return `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}`;
}

/** @internal The job brought up to date; an `unknown` one is reconciled by probing its session. */
export async function getPublishStatus(
  context: YouTubeContext,
  connection: Connection,
  job: PublishJob,
  signal: AbortSignal | undefined,
): Promise<PublishJob> {
  if (job?.platform !== "youtube" || typeof job.ids !== "object" || job.ids === null) {
    throw new ValidationError("youtube: the job is not a YouTube publish job.");
  }
  const videoId = job.ids.videoId;
  if (videoId === undefined) {
    if (job.outcome !== "unknown" || !job.ids.uploadSession) return job;
    return reconcile(context, connection, job, signal);
  }
  const status = await withAccessToken(context, connection, "getPublishStatus", signal, (token) =>
    getVideoStatus(context, token, videoId, signal),
  );
  const now = context.clock.now();
  if (status.state === "failed") {
    const reason = status.failureReason ?? status.rejectionReason ?? status.processingFailureReason;
    return updatePublishJob(
      job,
      {
        outcome: "failed",
        failure: {
          code: status.uploadStatus ?? "failed",
          message: reason ?? "YouTube could not process the video.",
        },
      },
      now,
    );
  }
  const scheduled = job.scheduledAt !== undefined && job.scheduledAt > now;
  const outcome =
    status.state === "published"
      ? scheduled
        ? "scheduled"
        : "published"
      : job.outcome === "scheduled"
        ? "scheduled"
        : "processing";
  return updatePublishJob(job, { outcome, failure: undefined }, now);
}

async function reconcile(
  context: YouTubeContext,
  connection: Connection,
  job: PublishJob,
  signal: AbortSignal | undefined,
): Promise<PublishJob> {
  const total = Number(job.ids.uploadBytes);
  const answer = await withAccessToken(context, connection, "publishVideo", signal, (accessToken) =>
    probeUploadSession(context, job.ids.uploadSession!, total, accessToken, signal),
  );
  const now = context.clock.now();
  if (answer.kind === "complete") {
    const reconciled = jobOfVideo(context, connection, answer.video, job.createdAt);
    return {
      ...job,
      ...reconciled,
      ids: { ...job.ids, videoId: answer.video.id },
      updatedAt: now,
      failure: undefined,
    };
  }
  if (answer.kind === "incomplete") {
    return updatePublishJob(
      job,
      {
        outcome: "failed",
        failure: {
          code: ErrorCode.UPLOAD_INTERRUPTED,
          message: `YouTube has ${answer.offset} of ${total} bytes: the upload did not finish, so no video was created.`,
        },
      },
      now,
    );
  }
  return updatePublishJob(
    job,
    {
      failure: {
        code: ErrorCode.UPLOAD_SESSION_EXPIRED,
        message:
          "The upload session is gone, so whether the video was created is not known: look for it in the channel's uploads.",
      },
    },
    now,
  );
}

/** @internal Polls at YouTube's pace until the job settles or `timeoutMs` passes. */
export function waitForPublish(
  context: YouTubeContext,
  connection: Connection,
  job: PublishJob,
  options: YouTubeWaitOptions,
): Promise<PublishJob> {
  let current = job;
  return pollUntil(
    async () => {
      current = await getPublishStatus(context, connection, current, options.signal);
      return current;
    },
    isSettled,
    {
      intervalMs: options.intervalMs ?? 5000,
      timeoutMs: options.timeoutMs ?? 600_000,
      signal: options.signal,
      clock: options.clock ?? context.clock,
    },
  );
}
