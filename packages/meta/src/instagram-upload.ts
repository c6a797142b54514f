// A video container's bytes, uploaded from the app to the container's `uri` on rupload.facebook.com
// (`upload_type=resumable`, Facebook Login apps only), on meta-page's rupload protocol and core's
// engine: the rest of the file streamed in one request, resumed from the offset Meta reports.
// https://developers.facebook.com/documentation/instagram-platform/content-publishing/resumable-uploads
import {
  createPublishJob,
  parseResumeState,
  type PublishJob,
  type ResumeState,
  type ResumeUploadInput,
  type UploadSource,
  ValidationError,
} from "@postkit/core";
import * as z from "zod/mini";
import { joinUrl } from "./endpoints.js";
import { igCall, type InstagramTarget, type InstagramContext } from "./instagram-account.js";
import type { InstagramPublishControls } from "./instagram-jobs.js";
import { ruploadProtocol } from "./rupload.js";
import { streamUpload } from "./stream-upload.js";

/** The resume state's `extra.flow` of an Instagram container upload. */
const FLOW = "instagram-container";

/**
 * `video_status.uploading_phase.bytes_transferred` of the container: the field comes from Meta's
 * generated business SDKs (the container node's schema), not from a guide, so it is UNCONFIRMED;
 * a container without it reads as 0 bytes (the upload starts over, which rupload refuses rather
 * than duplicates).
 */
const videoStatus = z.looseObject({
  video_status: z.optional(
    z.looseObject({
      uploading_phase: z.optional(z.looseObject({ bytes_transferred: z.optional(z.number()) })),
    }),
  ),
});

/**
 * Uploads `source` to the container's upload URL: the `uri` Meta returned (a self-built URL is
 * known to leave containers stuck), else the documented `/ig-api-upload/{version}/{id}`.
 * @internal
 */
export async function uploadToContainer(
  context: InstagramContext,
  target: InstagramTarget,
  job: PublishJob,
  uri: string | undefined,
  source: UploadSource,
  controls: Pick<InstagramPublishControls, "onProgress" | "onResumeState" | "signal">,
): Promise<void> {
  const containerId = job.ids.containerId as string;
  const uploadUrl =
    uri ??
    joinUrl(
      context.baseUrls.rupload,
      `/ig-api-upload/${context.graph.version}/${encodeURIComponent(containerId)}`,
    );
  await run(
    context,
    target,
    { uploadUrl, containerId, mediaType: job.ids.mediaType ?? "REELS" },
    source,
    0,
    controls,
    false,
  );
}

async function run(
  context: InstagramContext,
  target: InstagramTarget,
  upload: { uploadUrl: string; containerId: string; mediaType: string },
  source: UploadSource,
  offset: number,
  controls: Pick<InstagramPublishControls, "onProgress" | "onResumeState" | "signal">,
  resumed: boolean,
): Promise<void> {
  const tokens = await context.resolver.sourceFor(target.connection).get({ signal: controls.signal });
  const protocol = ruploadProtocol({
    uploadUrl: upload.uploadUrl,
    accessToken: tokens.accessToken,
    fileSize: source.size,
    readOffset: (signal) => bytesReceived(context, target, upload.containerId, signal),
    context,
    resume: {
      ids: { containerId: upload.containerId, igUserId: target.igUserId, mediaType: upload.mediaType },
      extra: { flow: FLOW },
    },
  });
  // Saved before the first byte, so even a crash during the first request can resume.
  if (!resumed) await controls.onResumeState?.(protocol.resumeState(0));
  await streamUpload(context, protocol, source, { offset, resumed }, controls);
}

async function bytesReceived(
  context: InstagramContext,
  target: InstagramTarget,
  containerId: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  const body = await igCall(context, target, {
    method: "GET",
    path: `/${encodeURIComponent(containerId)}`,
    query: { fields: "video_status" },
    schema: videoStatus,
    idempotent: true,
    what: "Instagram container upload status",
    signal,
  });
  return body.video_status?.uploading_phase?.bytes_transferred ?? 0;
}

/**
 * Continues an interrupted container upload from its saved state with the same bytes, and returns
 * the container's job (`processing`). @internal
 */
export async function resumeContainerUpload(
  context: InstagramContext,
  target: InstagramTarget,
  saved: ResumeState,
  input: ResumeUploadInput,
): Promise<PublishJob> {
  const state = parseResumeState(saved);
  const { containerId, igUserId, mediaType } = state.ids;
  if (state.platform !== "meta" || state.extra?.flow !== FLOW || !containerId || !state.sessionUrl) {
    throw new ValidationError("meta: the resume state is not one of an Instagram container upload.");
  }
  if (igUserId !== target.igUserId) {
    throw new ValidationError(
      "meta: the resume state belongs to another Instagram account than the connection.",
    );
  }
  if (input?.source?.size !== state.totalBytes) {
    throw new ValidationError("meta: the source to resume has another size than the interrupted upload.", {
      issues: [{ path: ["source", "size"], message: `must be ${state.totalBytes}` }],
    });
  }
  const upload = { uploadUrl: state.sessionUrl, containerId, mediaType: mediaType ?? "REELS" };
  await run(context, target, upload, input.source, state.offset, input, true);
  return createPublishJob(
    {
      platform: "instagram",
      accountId: target.igUserId,
      outcome: "processing",
      ids: { containerId, mediaType: upload.mediaType },
    },
    context.clock.now(),
  );
}
