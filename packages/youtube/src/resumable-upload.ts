// The resumable upload protocol of videos.insert, exactly per https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol: session start, chunked
// (or single streaming) PUTs, 308 + Range, a new Location on a 308, the `bytes */TOTAL` status
// probe after any interruption, retries with jittered backoff, mid-upload token refresh and a
// serializable resume state.
import {
  runUpload as runEngine,
  type HttpClient,
  type HttpResponse,
  type Logger,
  parseResumeState,
  PostkitError,
  type ProgressListener,
  ResponseShapeError,
  type ResumeState,
  type RetryAttempt,
  type RetryPolicy,
  resolveRetryPolicy,
  originForMessage,
  UploadError,
  type UploadSource,
  ValidationError,
} from "@postkit/core";
import { isYouTubeSessionUrl, joinUrl, paths } from "./endpoints.js";
import { parseGoogleError, YouTubeApiError } from "./errors.js";
import type { YouTubeVideoResource } from "./metadata.js";
import { youtubeProtocol } from "./session-protocol.js";

/** Chunk sizes must be multiples of this (256 KiB), except the last chunk (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol). @group Upload */
export const UPLOAD_CHUNK_MULTIPLE = 262_144;

/** The default chunk size: 8 MiB (32 × 256 KiB). @group Upload */
export const DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;

/** The largest video YouTube accepts: 256 GB (`maxSize 274877906944`, https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol). @group Upload */
export const MAX_VIDEO_BYTES = 274_877_906_944;

/**
 * Where the upload gets its access token. A core `CredentialSource` adapts to it: `getAccessToken` is called
 * before every request (so a token that expires mid-upload is refreshed ahead of time), and
 * `refresh` once after a 401, without restarting the upload.
 * @group Upload
 */
export interface UploadAuth {
  /** Resolves with a valid access token; called before every request of the upload. */
  getAccessToken(options?: { signal?: AbortSignal }): Promise<string>;
  /**
   * Gets a new access token after a 401 on a chunk PUT or status probe; called at most once until
   * the upload makes progress again, then the upload continues on the same session.
   */
  refresh?(options?: { signal?: AbortSignal }): Promise<unknown>;
}

/** Options of one upload. @group Upload */
export interface ResumableUploadOptions {
  /**
   * The video bytes (`fromFile`, `fromBlob`, `fromBytes`, `fromStream`): 1 byte to 256 GB. Its
   * `size` is announced in `X-Upload-Content-Length` when the session starts.
   */
  source: UploadSource;
  /**
   * `X-Upload-Content-Type`: any `video/*` or `application/octet-stream`.
   * @default the source's `type` when it is one of those, else `application/octet-stream`
   */
  contentType?: string | undefined;
  /**
   * Bytes per PUT, a multiple of 262144 (256 KiB). Memory use is bounded by about one chunk.
   * @default 8388608 (8 MiB)
   */
  chunkSize?: number | undefined;
  /**
   * `chunked`: one PUT per chunk, each acknowledged with a 308 (the default; survives interruptions
   * with at most one chunk re-sent). `single`: the whole file streamed in one PUT (YouTube's
   * sample calls it "usually a best practice"); after an interruption it probes and continues
   * with another streamed PUT from the acknowledged offset.
   * @default "chunked"
   */
  mode?: "chunked" | "single" | undefined;
  /**
   * Progress. `chunked`: the bytes YouTube acknowledged, after every chunk. `single`: the bytes
   * handed to the transport (`fetch`) as it pulls the body, which runs ahead of what YouTube has
   * stored. In both modes it can go back after an interruption, to what the server says it has.
   */
  onProgress?: ProgressListener | undefined;
  /**
   * Called before each wait of a retry, with the failures in a row so far (`attempt`), why
   * (`error`: the error, or a step in which the server acknowledged no new bytes) and the wait
   * (`delayMs`: the server's `Retry-After` when it sent one, else the backoff).
   */
  onRetry?: ((retry: RetryAttempt) => void) | undefined;
  /**
   * Called with the state to persist after the session starts and after every acknowledged
   * chunk. Save it (no access token inside, but the session URI grants upload access: store it like
   * a secret) to resume from another process with `resumeUpload`.
   */
  onResumeState?: ((state: ResumeState) => void | Promise<void>) | undefined;
  /** Aborting stops the upload with an `UploadError` (`UPLOAD_INTERRUPTED`) carrying the resume state. */
  signal?: AbortSignal | undefined;
  /**
   * Retries of chunk PUTs and probes after network errors, 5xx, 429 and rate-limit 403s, and
   * after a PUT in which the server acknowledged no new bytes (a `308` without `Range` or with
   * the same `Range`): at most `retries` such failures in a row (YouTube's sample uses 10), with
   * jittered exponential backoff, `Retry-After` honoured up to `maxRetryAfterMs`.
   */
  retry?: Partial<RetryPolicy> | undefined;
}

/** The video YouTube created once all bytes arrived. @group Upload */
export interface UploadedVideo {
  /** The video id. */
  id: string;
  /** `status.uploadStatus`, usually `uploaded` (processing follows; see `waitForProcessing`). */
  uploadStatus: string | undefined;
  /**
   * `status.privacyStatus` as YouTube stored it: `public`, `unlisted` or `private` (uploads from
   * unverified API projects are restricted to `private`).
   */
  privacyStatus: string | undefined;
  /** The video resource from the final response. */
  raw: unknown;
}

/** @internal What the upload needs from the client. */
export interface UploadContext {
  http: HttpClient;
  /** Time limit of one upload PUT; `undefined` for the defaults (a chunk: 5 min; a single request: none). */
  uploadTimeoutMs?: number | false | undefined;
  apiBase: string;
  auth: UploadAuth;
  headers?: Record<string, string> | undefined;
  random?: (() => number) | undefined;
  /** The client's retry overrides, applied under the upload's own. */
  retry?: Partial<RetryPolicy> | undefined;
  /** The client's logger: retries are reported at `info`. */
  logger?: Logger | undefined;
}

const DEFAULT_UPLOAD_RETRY: Partial<RetryPolicy> = { retries: 10, minDelayMs: 1000, maxDelayMs: 64_000 };

/** @internal An upload session: where it is and how it is cut. */
export interface Session {
  uri: string;
  total: number;
  offset: number;
  contentType: string;
  chunkSize: number;
}

/** @internal Validates the upload options that can be checked before any request. */
export function checkUploadOptions(
  options: ResumableUploadOptions,
  context: Pick<UploadContext, "retry">,
): {
  contentType: string;
  chunkSize: number;
  policy: RetryPolicy;
} {
  const { source } = options;
  if (!source || typeof source.read !== "function" || !Number.isSafeInteger(source.size)) {
    throw new ValidationError(
      "youtube: `source` must be an UploadSource (fromFile, fromBlob, fromBytes, fromStream).",
    );
  }
  if (source.size <= 0) {
    throw new ValidationError("youtube: the video is empty; YouTube needs at least one byte.", {
      issues: [{ path: ["source", "size"], message: "must be greater than 0" }],
    });
  }
  if (source.size > MAX_VIDEO_BYTES) {
    throw new ValidationError(`youtube: the video is ${source.size} bytes; YouTube accepts at most 256 GB.`, {
      issues: [{ path: ["source", "size"], message: "must be at most 274877906944" }],
    });
  }
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0 || chunkSize % UPLOAD_CHUNK_MULTIPLE !== 0) {
    throw new ValidationError(
      `youtube: chunkSize must be a positive multiple of 262144 bytes (256 KiB); got ${chunkSize}.`,
      { issues: [{ path: ["chunkSize"], message: "must be a positive multiple of 262144" }] },
    );
  }
  const contentType =
    options.contentType ?? (isVideoType(source.type) ? source.type : "application/octet-stream");
  if (!isVideoType(contentType)) {
    throw new ValidationError(
      `youtube: contentType must be video/* or application/octet-stream; got ${JSON.stringify(contentType)}.`,
      { issues: [{ path: ["contentType"], message: "must be video/* or application/octet-stream" }] },
    );
  }
  // Resolved (and so validated) before the session starts.
  const policy = resolveRetryPolicy({ ...DEFAULT_UPLOAD_RETRY, ...context.retry, ...options.retry });
  return { contentType, chunkSize, policy };
}

function isVideoType(type: string | undefined): type is string {
  return typeof type === "string" && (/^video\/[\w.+-]+$/i.test(type) || type === "application/octet-stream");
}

/**
 * @internal Whether the access token may be sent to `url` as a session URI: see
 * `YOUTUBE_UPLOAD_TRUST` (endpoints.ts). A saved resume state or a `Location` header pointing
 * anywhere else is refused, so the bearer token never leaves for another host.
 */
export function isTrustedSessionUrl(url: string, apiBase: string): boolean {
  return isYouTubeSessionUrl(url, apiBase);
}

/**
 * @internal Starts a session (POST, never retried: after a lost response a repeat could open a
 * second session; the spec's retry rules, https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol, cover chunk PUTs and probes, not the session start)
 * and uploads.
 */
export async function startResumableUpload(
  context: UploadContext,
  resource: YouTubeVideoResource,
  options: ResumableUploadOptions & { notifySubscribers?: boolean | undefined },
): Promise<UploadedVideo> {
  const { contentType, chunkSize, policy } = checkUploadOptions(options, context);
  const total = options.source.size;
  const start = async (): Promise<HttpResponse<unknown>> => {
    const accessToken = await context.auth.getAccessToken({ signal: options.signal });
    return context.http.request({
      method: "POST",
      url: joinUrl(context.apiBase, paths.uploadVideos),
      query: {
        uploadType: "resumable",
        part: "snippet,status",
        notifySubscribers: options.notifySubscribers === false ? "false" : undefined,
      },
      headers: { "x-upload-content-length": String(total), "x-upload-content-type": contentType },
      json: resource,
      accessToken,
      idempotent: false,
      signal: options.signal,
      what: "videos.insert (resumable session start)",
      accept: (status) => status === 200 || status === 201,
      interpret: (ctx) => parseGoogleError(ctx, "videos.insert"),
    });
  };
  let response: HttpResponse<unknown>;
  try {
    try {
      response = await start();
    } catch (error) {
      // A 401 was refused before anything was created, so one repeat with a fresh token cannot
      // open a second session (unlike a repeat after a lost response).
      if (!(isUnauthorized(error) && context.auth.refresh)) throw error;
      await context.auth.refresh({ signal: options.signal });
      response = await start();
    }
  } catch (error) {
    throw sessionStartFailure(error, options.signal);
  }
  const location = response.headers.get("location");
  if (!location) {
    throw new ResponseShapeError(
      "Unexpected videos.insert response: HTTP 200 without a Location header (session URI).",
      {
        issues: [{ path: ["headers", "location"], message: "missing" }],
        body: response.data,
        status: response.status,
      },
    );
  }
  if (!isTrustedSessionUrl(location, context.apiBase)) {
    throw new ResponseShapeError(
      `Unexpected videos.insert response: the session URI is on ${originForMessage(location)}, neither a Google API host ` +
        "nor the configured API base; postkit does not send the access token there.",
      {
        issues: [{ path: ["headers", "location"], message: "not a Google API or API base URL" }],
        body: response.data,
        status: response.status,
      },
    );
  }
  const session: Session = { uri: location, total, offset: 0, contentType, chunkSize };
  await options.onResumeState?.(toResumeState(session));
  return runUpload(context, session, options, policy, false);
}

/**
 * A transient failure of the session start (network, 5xx, 429, rate limit) is not repeated, so
 * the error says plainly what state things are in. It keeps the original `code` and `retryable`
 * for apps that switch on them; `cause` is the original error (status, reason, `retryAfterMs`).
 */
function sessionStartFailure(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted || !PostkitError.isInstance(error) || !error.retryable) return error;
  return new UploadError(`youtube: the upload session could not be started (${error.code}).`, {
    retryable: true,
    retryAfterMs: error.retryAfterMs,
    hint:
      "No session URI came back and no video bytes were sent, so starting the upload again is safe; " +
      "postkit does not repeat it itself, since a repeat after a lost response could open a second session.",
    cause: error,
  });
}

/** @internal Continues a session from a saved resume state: probes first, since the server may have more than was saved. */
export async function resumeResumableUpload(
  context: UploadContext,
  saved: ResumeState,
  options: ResumableUploadOptions,
): Promise<UploadedVideo> {
  const state = parseResumeState(saved);
  if (state.platform !== "youtube" || !state.sessionUrl) {
    throw new ValidationError("youtube: this resume state is not from a YouTube upload (no session URI).");
  }
  // The engine checks the session URI with isTrustedSessionUrl before anything is sent.
  const contentType =
    options.contentType ??
    (typeof state.extra?.contentType === "string" ? state.extra.contentType : undefined);
  const { chunkSize, policy } = checkUploadOptions(
    { ...options, contentType, chunkSize: options.chunkSize ?? state.chunkSize },
    context,
  );
  if (state.totalBytes !== options.source.size) {
    throw new ValidationError(
      `youtube: the source has ${options.source.size} bytes but the resume state was saved for ${state.totalBytes}; pass the same file.`,
      { issues: [{ path: ["source", "size"], message: `must be ${state.totalBytes}` }] },
    );
  }
  const session: Session = {
    uri: state.sessionUrl,
    total: state.totalBytes,
    offset: state.offset,
    contentType: contentType ?? "application/octet-stream",
    chunkSize,
  };
  return runUpload(context, session, options, policy, true);
}

/** @internal */
export function toResumeState(session: Session): ResumeState {
  const uploadId = safeUploadId(session.uri);
  return {
    version: 1,
    platform: "youtube",
    sessionUrl: session.uri,
    ids: uploadId ? { uploadId } : {},
    offset: session.offset,
    totalBytes: session.total,
    chunkSize: session.chunkSize,
    // Session URI lifetime is UNCONFIRMED for YouTube (other Google APIs: one week), so no expiresAt.
    extra: { contentType: session.contentType },
  };
}

function safeUploadId(uri: string): string | undefined {
  try {
    return new URL(uri).searchParams.get("upload_id") ?? undefined;
  } catch {
    return undefined;
  }
}

/** Runs the session through core's upload engine with YouTube's protocol. */
function runUpload(
  context: UploadContext,
  session: Session,
  options: ResumableUploadOptions,
  policy: RetryPolicy,
  resumed: boolean,
): Promise<UploadedVideo> {
  const mode = options.mode ?? "chunked";
  return runEngine(youtubeProtocol(context, session, mode), {
    source: options.source,
    offset: session.offset,
    resumed,
    mode: mode === "single" ? "stream" : "chunked",
    retry: policy,
    signal: options.signal,
    onProgress: options.onProgress,
    onResumeState: options.onResumeState,
    onRetry: options.onRetry,
    logger: context.logger,
    random: context.random,
  });
}

function isUnauthorized(error: unknown): boolean {
  return YouTubeApiError.isInstance(error) && error.status === 401;
}
