import {
  ErrorCode,
  runUpload as runEngine,
  type ProgressListener,
  parseResumeState,
  type ResumeState,
  UploadError,
  type UploadSource,
  ValidationError,
} from "@postkit/core";
import type { TikTokChunkPlan } from "./chunk-plan.js";
import { tiktokProtocol } from "./upload-protocol.js";
import type { TikTokContext } from "./context.js";
import { isTikTokUploadUrl } from "./endpoints.js";

/** Video types TikTok accepts in a chunk PUT's `Content-Type` (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide). @group Uploads */
export const TIKTOK_VIDEO_CONTENT_TYPES = Object.freeze([
  "video/mp4",
  "video/quicktime",
  "video/webm",
] as const);

/** A video type TikTok accepts for a chunk PUT: `video/mp4`, `video/quicktime` or `video/webm`. @group Uploads */
export type TikTokVideoContentType = (typeof TIKTOK_VIDEO_CONTENT_TYPES)[number];

/** TikTok's `upload_url` stops accepting bytes one hour after the init call (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post). @group Uploads */
export const TIKTOK_UPLOAD_URL_LIFETIME_MS = 60 * 60 * 1000;

/** An upload session from an init call. */
export interface UploadSession {
  publishId: string;
  /** Opaque, contains `upload_token`: never put it in a message. */
  uploadUrl: string;
  plan: TikTokChunkPlan;
  contentType: TikTokVideoContentType;
  /** Epoch ms after which the `upload_url` is dead. */
  expiresAt: number;
  flow: "direct" | "inbox";
}

/** Callbacks and controls of a chunked upload. @group Uploads */
export interface TikTokUploadControls {
  /** Called after every chunk TikTok acknowledged. */
  onProgress?: ProgressListener | undefined;
  /**
   * Called with the state to persist right after the init call and after every acknowledged
   * chunk. It contains the `upload_url`, which embeds an upload token: store it like a secret,
   * and discard it after the upload (it expires one hour after the init call anyway).
   */
  onResumeState?: ((state: ResumeState) => void | Promise<void>) | undefined;
  /** Aborts between or during chunks; the `UploadError` thrown then carries the resume state. */
  signal?: AbortSignal | undefined;
}

/** The state to persist for `session` at `offset`. */
export function resumeStateOf(session: UploadSession, offset: number): ResumeState {
  return {
    version: 1,
    platform: "tiktok",
    sessionUrl: session.uploadUrl,
    ids: { publishId: session.publishId },
    offset,
    totalBytes: session.plan.videoSize,
    chunkSize: session.plan.chunkSize,
    expiresAt: session.expiresAt,
    extra: {
      totalChunkCount: session.plan.totalChunkCount,
      contentType: session.contentType,
      flow: session.flow,
    },
  };
}

/** The session stored in a resume state; throws a `ValidationError` when it is not a TikTok one. */
export function sessionFromResumeState(value: unknown): { session: UploadSession; offset: number } {
  const state = parseResumeState(value);
  const extra = state.extra ?? {};
  const publishId = state.ids.publishId;
  const contentType = extra.contentType;
  const totalChunkCount = extra.totalChunkCount;
  if (
    state.platform !== "tiktok" ||
    !state.sessionUrl ||
    !publishId ||
    state.chunkSize === undefined ||
    state.expiresAt === undefined ||
    typeof totalChunkCount !== "number" ||
    typeof contentType !== "string" ||
    !(TIKTOK_VIDEO_CONTENT_TYPES as readonly string[]).includes(contentType)
  ) {
    throw new ValidationError(
      "Not a TikTok upload resume state (it must come from onResumeState or an UploadError).",
    );
  }
  return {
    session: {
      publishId,
      uploadUrl: state.sessionUrl,
      plan: { videoSize: state.totalBytes, chunkSize: state.chunkSize, totalChunkCount },
      contentType: contentType as TikTokVideoContentType,
      expiresAt: state.expiresAt,
      flow: extra.flow === "inbox" ? "inbox" : "direct",
    },
    offset: state.offset,
  };
}

/**
 * Whether `url` may receive the video bytes of a resumed upload: see `TIKTOK_UPLOAD_TRUST`
 * (endpoints.ts). A resume state can come from storage an attacker could edit; this keeps it
 * from redirecting the upload elsewhere.
 */
export function isTrustedUploadUrl(url: string, uploadBase: string): boolean {
  return isTikTokUploadUrl(url, uploadBase);
}

/** TikTok answered 404, "no upload task for the URL" (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide): the session is gone, not necessarily expired. */
export function noUploadTask(publishId: string): UploadError {
  return new UploadError(
    `tiktok: TikTok has no upload task for the upload URL of publish ${publishId} (HTTP 404): the URL is wrong or the task no longer exists; start a new post.`,
    { code: ErrorCode.UPLOAD_SESSION_EXPIRED, retryable: false },
  );
}

export function expired(publishId: string, cause?: unknown): UploadError {
  return new UploadError(
    `tiktok: the upload URL of publish ${publishId} expired (it is valid for one hour after the init call); start a new post.`,
    { code: ErrorCode.UPLOAD_SESSION_EXPIRED, retryable: false, cause },
  );
}

/**
 * Reads TikTok's `Content-Range: bytes 0-{UPLOADED}/{TOTAL}` into the next offset. Whether
 * UPLOADED is the last byte's index (HTTP style) or a byte count is UNCONFIRMED, so the reading
 * that lands on a chunk boundary wins (the HTTP one first; `bytes 0-0/T`, a count of nothing,
 * gives 0). HTTP's `bytes *` form with a total also means nothing received yet.
 */
export function offsetFromContentRange(header: string | null, plan: TikTokChunkPlan): number | undefined {
  if (!header) return undefined;
  const match = /^bytes\s+(\d+)-(\d+)\/(\d+)$/.exec(header.trim());
  if (!match) return /^bytes\s+\*\/\d+$/.test(header.trim()) ? 0 : undefined;
  if (Number(match[3]) !== plan.videoSize) return undefined;
  const last = Number(match[2]);
  for (const candidate of [last + 1, last]) if (isBoundary(candidate, plan)) return candidate;
  return undefined;
}

export function isBoundary(offset: number, plan: TikTokChunkPlan): boolean {
  if (offset === plan.videoSize) return true;
  return offset % plan.chunkSize === 0 && offset / plan.chunkSize < plan.totalChunkCount;
}

/**
 * PUTs the chunks of `session` from `offset` through core's upload engine, one at a time and in
 * order (the next one read while the current one is on the wire). A 5xx or a dropped connection
 * repeats that chunk; a 416 resyncs from the server's `Content-Range`; a 403 (expired), a 404 (no
 * upload task) or the one-hour limit is `UPLOAD_SESSION_EXPIRED` (start a new post). Anything
 * else that stops the upload is an `UploadError` (or a `SourceError`) with the resume state.
 */
export async function runUpload(
  context: TikTokContext,
  session: UploadSession,
  source: UploadSource,
  startOffset: number,
  controls: TikTokUploadControls,
  resumed = false,
): Promise<void> {
  if (source.size !== session.plan.videoSize) {
    throw new ValidationError(
      `The source has ${source.size} bytes but the upload was planned for ${session.plan.videoSize}.`,
    );
  }
  if (!isBoundary(startOffset, session.plan)) {
    throw new ValidationError(`Resume offset ${startOffset} is not a chunk boundary of this upload.`);
  }
  await runEngine(tiktokProtocol(context, session), {
    source,
    offset: startOffset,
    resumed,
    retry: context.uploadRetry,
    logger: context.logger,
    sleep: (ms, signal) => context.timers.sleep(ms, signal),
    signal: controls.signal,
    onProgress: controls.onProgress,
    onResumeState: controls.onResumeState,
  });
}
