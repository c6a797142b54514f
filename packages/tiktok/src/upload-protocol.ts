// TikTok's chunk PUT protocol for core's upload engine: Content-Range on every PUT, 206 per chunk,
// 201 once every byte arrived, 416 with the server's Content-Range when the ranges disagree
// (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide).
import {
  ErrorCode,
  PostkitError,
  type ResponseContext,
  type ResumeState,
  type UploadFailure,
  type UploadProtocol,
  UploadError,
  ValidationError,
} from "@postkit/core";
import { chunkAt, contentRange } from "./chunk-plan.js";
import type { TikTokContext } from "./context.js";
import {
  expired,
  isTrustedUploadUrl,
  noUploadTask,
  offsetFromContentRange,
  resumeStateOf,
  type UploadSession,
} from "./upload.js";

/** TikTok answered 416 (or an unexpected 2xx) and its Content-Range says how many bytes it has. */
class ResyncNeeded extends PostkitError {
  constructor(readonly uploaded: number | undefined) {
    super("tiktok: the upload progress differs from the server's (HTTP 416).", {
      code: ErrorCode.UPLOAD_INTERRUPTED,
      retryable: true,
      status: 416,
    });
    this.name = "ResyncNeeded";
  }
}

/** The protocol of one upload session. */
export function tiktokProtocol(context: TikTokContext, session: UploadSession): UploadProtocol<void> {
  const { plan } = session;
  // Set once TikTok said every byte arrived: a 201, or a 416 whose Content-Range covers the file.
  let confirmed = false;
  const interpret = ({ status, headers }: ResponseContext): PostkitError | undefined => {
    if (status === 416 || (status >= 200 && status < 300 && status !== 201 && status !== 206)) {
      return new ResyncNeeded(offsetFromContentRange(headers.get("content-range"), plan));
    }
    if (status === 403) return expired(session.publishId);
    if (status === 404) return noUploadTask(session.publishId);
    return undefined;
  };
  return {
    platform: "tiktok",
    totalBytes: plan.videoSize,
    sessionUrl: session.uploadUrl,
    rangeEnd: (offset) =>
      chunkAt(plan, Math.min(Math.floor(offset / plan.chunkSize), plan.totalChunkCount - 1)).end,
    async send({ start, end, bytes, signal }) {
      if (context.timers.now() >= session.expiresAt) throw expired(session.publishId);
      const chunk = { index: Math.floor(start / plan.chunkSize), start, end };
      const response = await context.upload.request({
        method: "PUT",
        url: session.uploadUrl,
        body: bytes,
        headers: { "content-type": session.contentType, "content-range": contentRange(plan, chunk) },
        // The engine repeats a failed chunk itself, within its budget.
        idempotent: false,
        signal,
        what: `TikTok chunk ${chunk.index + 1}/${plan.totalChunkCount} upload`,
        interpret,
      });
      if (response.status === 201) {
        confirmed = true;
        return { done: false, offset: plan.videoSize };
      }
      return { done: false, offset: end };
    },
    // The engine asks only once every byte it sent is acknowledged.
    async complete() {
      if (confirmed) return { done: true, result: undefined };
      throw new UploadError(
        `tiktok: every chunk of publish ${session.publishId} was acknowledged, but TikTok never confirmed the upload (no 201).`,
        { code: ErrorCode.UPLOAD_INTERRUPTED, resumeState: resumeStateOf(session, 0), retryable: false },
      );
    },
    classify(error: unknown, state: ResumeState): UploadFailure {
      if (error instanceof ResyncNeeded) {
        if (error.uploaded === undefined) {
          return {
            action: "fatal",
            error: new UploadError(
              "tiktok: the server rejected the chunk range (HTTP 416) and its progress could not be used.",
              { code: ErrorCode.UPLOAD_INTERRUPTED, resumeState: state, retryable: true, cause: error },
            ),
          };
        }
        if (error.uploaded === plan.videoSize) confirmed = true;
        return { action: "resync", offset: error.uploaded, error };
      }
      if (UploadError.isInstance(error) || ValidationError.isInstance(error))
        return { action: "fatal", error };
      if (PostkitError.isInstance(error) && error.retryable) return { action: "retry" };
      return { action: "fatal", error };
    },
    trusts: (url) => isTrustedUploadUrl(url, context.baseUrls.upload),
    resumeState: (offset) => resumeStateOf(session, offset),
  };
}
