// Internal: publishing as core jobs — TikTok's posts and drafts become `PublishJob`s, with
// idempotency keys, lost responses as `unknown`, and status polling at TikTok's pace.
import {
  fingerprint,
  isPostkitError,
  isSettled,
  type PhotoPublishInput,
  type PublishJob,
  pollUntil,
  publishOnce,
  type ResumeState,
  type ResumeUploadInput,
  ValidationError,
  type VideoPublishInput,
  type WaitOptions,
  assertCapability,
  type CallOptions,
} from "@postkit/core";
import { TIKTOK_CAPABILITIES } from "./capabilities.js";
import { type TikTokContext, withTokens } from "./context.js";
import { jobWithStatus, lostInitJob, startedJob } from "./job-records.js";
import type { TikTokConnection, TikTokPhotoOptions, TikTokVideoOptions } from "./options.js";
import * as publish from "./publish.js";
import type { TikTokPublishStart } from "./publish.js";
import * as status from "./status.js";

/** `mode: "direct"` posts (`video.publish`), `mode: "draft"` goes to the inbox (`video.upload`). */
export async function publishVideoJob(
  context: TikTokContext,
  connection: TikTokConnection,
  input: VideoPublishInput<TikTokVideoOptions>,
): Promise<PublishJob> {
  const { options, source, onProgress, onResumeState, signal } = input;
  if (options?.mode !== "direct" && options?.mode !== "draft") {
    throw new ValidationError('tiktok: publishVideo options need mode "direct" or "draft".');
  }
  assertCapability(
    "tiktok",
    TIKTOK_CAPABILITIES,
    options.mode === "direct" ? "publishVideo" : "saveDraft",
    undefined,
  );
  const controls = { onProgress, onResumeState, signal };
  const run = async (): Promise<PublishJob> => {
    const started = await withTokens(
      context,
      connection,
      undefined,
      signal,
      (tokens): Promise<TikTokPublishStart> => {
        if (options.mode === "draft") {
          return publish.uploadDraft(context, tokens, {
            source,
            chunkSize: options.chunkSize,
            contentType: options.contentType,
            ...controls,
          });
        }
        const { mode: _mode, creatorInfo, chunkSize, contentType, ...postOptions } = options;
        return publish.directPostVideo(context, tokens, {
          source,
          chunkSize,
          contentType,
          creatorInfo,
          options: postOptions,
          ...controls,
        });
      },
    );
    return startedJob(connection.account.id, started.publishId, context.timers.now());
  };
  if (input.idempotencyKey === undefined) return run();
  // Creator info is what the post UI showed, not the content: it stays out of the fingerprint.
  const { creatorInfo: _creatorInfo, ...content } = options as TikTokVideoOptions & { creatorInfo?: unknown };
  const media = { size: source.size, name: source.name, type: source.type };
  return once(
    context,
    input.idempotencyKey,
    { account: connection.account.id, options: content, media },
    run,
  );
}

/**
 * TikTok fetches the images itself, so a lost answer to the init may still become a post: the
 * job is then `unknown` (TikTok offers no lookup without the publish id) and never repeated.
 */
export async function publishPhotosJob(
  context: TikTokContext,
  connection: TikTokConnection,
  input: PhotoPublishInput<TikTokPhotoOptions>,
): Promise<PublishJob> {
  const run = async (): Promise<PublishJob> => {
    try {
      const started = await withTokens(context, connection, undefined, input.signal, (tokens) =>
        publish.postPhotos(context, tokens, {
          ...input.options,
          imageUrls: input.imageUrls,
          signal: input.signal,
        }),
      );
      return startedJob(connection.account.id, started.publishId, context.timers.now());
    } catch (error) {
      // The init went out and no answer came back: TikTok may be fetching the images now.
      if (isPostkitError(error, "NETWORK_ERROR", "TIMEOUT") && !input.signal?.aborted) {
        return lostInitJob(connection.account.id, context.timers.now());
      }
      throw error;
    }
  };
  if (input.idempotencyKey === undefined) return run();
  const { creatorInfo: _creatorInfo, ...content } = input.options;
  return once(
    context,
    input.idempotencyKey,
    { account: connection.account.id, options: content, imageUrls: input.imageUrls },
    run,
  );
}

/** The upload URL authorizes itself: no tokens are needed to continue. */
export async function resumeUploadJob(
  context: TikTokContext,
  connection: TikTokConnection,
  state: ResumeState,
  input: ResumeUploadInput,
): Promise<PublishJob> {
  const { source, ...controls } = input;
  const started = await publish.resumeUpload(context, state, source, controls);
  return startedJob(connection.account.id, started.publishId, context.timers.now());
}

/** A job without a `publishId` (its init's answer was lost) stays as it is. */
export async function publishStatusJob(
  context: TikTokContext,
  connection: TikTokConnection,
  job: PublishJob,
  options: CallOptions,
): Promise<PublishJob> {
  const publishId = job.ids.publishId;
  if (!publishId) return job;
  const current = await withTokens(context, connection, "getPublishStatus", options.signal, (tokens) =>
    status.fetchPublishStatus(context, tokens, publishId, options),
  );
  return jobWithStatus(job, current, context.timers.now());
}

/** 3 s, doubling up to 30 s: within TikTok's 30 status fetches a minute. */
export function waitForPublishJob(
  context: TikTokContext,
  connection: TikTokConnection,
  job: PublishJob,
  options: WaitOptions,
): Promise<PublishJob> {
  if (!job.ids.publishId) return Promise.resolve(job);
  return pollUntil(() => publishStatusJob(context, connection, job, options), isSettled, {
    intervalMs: 3000,
    backoff: 2,
    maxIntervalMs: 30_000,
    timeoutMs: options.timeoutMs ?? 600_000,
    signal: options.signal,
    clock: options.clock ?? context.timers,
  });
}

async function once(context: TikTokContext, key: string, content: unknown, run: () => Promise<PublishJob>) {
  const print = await fingerprint({ platform: "tiktok", content });
  return publishOnce(
    { store: context.idempotency, key, fingerprint: print, now: () => context.timers.now() },
    run,
  );
}
