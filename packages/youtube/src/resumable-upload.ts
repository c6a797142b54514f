// The resumable upload protocol of videos.insert, exactly per spec §4: session start, chunked
// (or single streaming) PUTs, 308 + Range, a new Location on a 308, the `bytes */TOTAL` status
// probe after any interruption, retries with jittered backoff, mid-upload token refresh and a
// serializable resume state.
import {
  backoffDelay,
  ErrorCode,
  type HttpClient,
  HttpError,
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
  sleep,
  originForMessage,
  UploadError,
  type UploadSource,
  ValidationError,
} from "@postkit/core";
import { isYouTubeSessionUrl, joinUrl, paths } from "./endpoints.js";
import { parseGoogleError, YouTubeApiError } from "./errors.js";
import type { YouTubeVideoResource } from "./metadata.js";

/** Chunk sizes must be multiples of this (256 KiB), except the last chunk (spec §4). @group Upload */
export const UPLOAD_CHUNK_MULTIPLE = 262_144;

/** The default chunk size: 8 MiB (32 × 256 KiB). @group Upload */
export const DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;

/** The largest video YouTube accepts: 256 GB (`maxSize 274877906944`, spec §4). @group Upload */
export const MAX_VIDEO_BYTES = 274_877_906_944;

/**
 * Where the upload gets its access token. A core `TokenManager` fits: `getAccessToken` is called
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

type Step =
  | { done: true; video: UploadedVideo }
  | { done: false; offset: number; location: string | undefined };

interface Session {
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
 * second session; the spec's retry rules, §4, cover chunk PUTs and probes, not the session start)
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
  // Checked before anything is sent: every request to the session URI carries the access token.
  if (!isTrustedSessionUrl(state.sessionUrl, context.apiBase)) {
    throw new ValidationError(
      `youtube: the resume state's session URI is on ${originForMessage(state.sessionUrl)}, which is neither a Google API host ` +
        "(https, googleapis.com) nor the configured API base; postkit does not send the access token there.",
      {
        issues: [
          { path: ["sessionUrl"], message: "must be https on googleapis.com or on the API base's origin" },
        ],
      },
    );
  }
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

function toResumeState(session: Session): ResumeState {
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

async function runUpload(
  context: UploadContext,
  session: Session,
  options: ResumableUploadOptions,
  policy: RetryPolicy,
  probeFirst: boolean,
): Promise<UploadedVideo> {
  const { signal } = options;
  const mode = options.mode ?? "chunked";
  // Why the next request is a status probe: to learn the offset after an interruption (whose
  // failure was already counted), or to collect the video once every byte was acknowledged.
  let probe: "resume" | "complete" | undefined = probeFirst ? "resume" : undefined;
  let failures = 0;
  let refreshedSinceProgress = false;
  // Only bytes beyond the most ever acknowledged reset the failure count, so a server that
  // keeps going back and forth cannot keep the upload looping.
  let highWater = session.offset;
  let reported: number | undefined;
  const report = (bytesSent: number) => {
    if (bytesSent === reported) return;
    reported = bytesSent;
    options.onProgress?.({ bytesSent, totalBytes: session.total });
  };

  const interrupted = (message: string, cause: unknown) =>
    new UploadError(`youtube: ${message} The resume state says where to continue.`, {
      code: ErrorCode.UPLOAD_INTERRUPTED,
      resumeState: toResumeState(session),
      retryable: true,
      cause,
    });

  // The token could not be had (a refresh refused): the session is intact, so the error carries
  // the resume state; the cause says whether trying again may help.
  const tokenFailure = (cause: unknown) =>
    new UploadError(
      `youtube: the upload stopped because no access token could be obtained (${messageOf(cause)}). ` +
        "The session is intact: resume it from the resume state once the account's tokens work again " +
        "(an OAuthError with code REAUTH_REQUIRED as `cause` means the user must connect again).",
      {
        code: ErrorCode.UPLOAD_INTERRUPTED,
        resumeState: toResumeState(session),
        retryable: isRetryable(cause),
        cause,
      },
    );

  // Counts one failure without progress; throws once the budget is spent, else waits.
  const backOff = async (error: unknown) => {
    failures += 1;
    if (failures > policy.retries) {
      throw interrupted(`the upload failed ${failures} times in a row without progress.`, error);
    }
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) {
      throw interrupted(`the server asked to wait ${retryAfter} ms, longer than maxRetryAfterMs.`, error);
    }
    const delayMs = retryAfter ?? backoffDelay(failures, policy, context.random);
    options.onRetry?.({ attempt: failures, error, delayMs });
    context.logger?.info?.(`youtube: upload retry ${failures} of ${policy.retries} in ${delayMs} ms`, {
      attempt: failures,
      reason: PostkitError.isInstance(error) ? error.code : "unknown",
    });
    try {
      await sleep(delayMs, signal);
    } catch (reason) {
      throw interrupted("the upload was aborted.", reason);
    }
  };

  for (;;) {
    let step: Step;
    const probing = probe;
    const before = session.offset;
    try {
      // A real macrotask on every turn, so timers (an abort, a timeout) fire even when every
      // answer comes in-process and the loop would otherwise run on microtasks alone.
      await sleep(0, signal);
      const accessToken = await authorize(() => context.auth.getAccessToken({ signal }));
      if (probing) step = await probeSession(context, session, accessToken, signal);
      else if (mode === "single")
        step = await putStream(context, session, options.source, accessToken, signal, report);
      else step = await putChunk(context, session, options.source, accessToken, signal);
    } catch (error) {
      if (signal?.aborted) throw interrupted("the upload was aborted.", signal.reason);
      if (error instanceof AuthFailure) {
        // A token that could not be had (a refresh ahead of expiry that failed): a transient
        // failure is waited out like any other, a refusal stops the upload with its resume state.
        if (!isRetryable(error.cause)) throw tokenFailure(error.cause);
        await backOff(error.cause);
        probe = "resume";
        continue;
      }
      const status = statusOf(error);
      if (status === 404 || status === 410) {
        throw new UploadError(
          `youtube: the upload session is gone (HTTP ${status}: expired or cancelled). Start a new upload; this session cannot be resumed.`,
          { code: ErrorCode.UPLOAD_SESSION_EXPIRED, retryable: false, cause: error },
        );
      }
      if (status === 401 && context.auth.refresh && !refreshedSinceProgress) {
        refreshedSinceProgress = true;
        try {
          await context.auth.refresh({ signal });
        } catch (refreshError) {
          if (signal?.aborted) throw interrupted("the upload was aborted.", signal.reason);
          if (!isRetryable(refreshError)) throw tokenFailure(refreshError);
          // The refresh itself failed transiently: wait, and let the next 401 refresh again.
          refreshedSinceProgress = false;
          await backOff(refreshError);
        }
        probe = "resume";
        continue;
      }
      if (!isRetryable(error)) throw stopped(error, session);
      await backOff(error);
      // After any interruption, ask the server what it has (spec §4 step 4).
      probe = "resume";
      continue;
    }

    if (step.done) {
      session.offset = session.total;
      report(session.total);
      return step.video;
    }
    const moved = step.location !== undefined && step.location !== session.uri;
    if (moved && !isTrustedSessionUrl(step.location!, context.apiBase)) {
      // Not followed: the next request would carry the access token to that host.
      throw new UploadError(
        `youtube: the server moved the upload session to ${originForMessage(step.location!)}, which is neither a Google API host ` +
          "nor the configured API base; postkit does not send the access token there. The resume state keeps the previous session URI.",
        {
          code: ErrorCode.UPLOAD_INTERRUPTED,
          resumeState: toResumeState(session),
          retryable: false,
          cause: new ResponseShapeError("Unexpected 308 Location header: not a Google API or API base URL.", {
            issues: [{ path: ["headers", "location"], message: "not a Google API or API base URL" }],
            body: undefined,
            status: 308,
          }),
        },
      );
    }
    if (moved) session.uri = step.location!;
    session.offset = step.offset;
    if (step.offset > highWater) {
      highWater = step.offset;
      failures = 0;
      refreshedSinceProgress = false;
    }
    if (step.offset !== before || moved) {
      report(session.offset);
      await options.onResumeState?.(toResumeState(session));
    }
    // Everything acknowledged but no final 200/201 yet: the probe returns the video.
    probe = step.offset >= session.total ? "complete" : undefined;
    if (step.offset <= before && probing !== "resume") {
      // A 308 that acknowledged nothing new: a failure like any other, or a server that never
      // moves would keep the upload sending forever.
      await backOff(
        new PostkitError(
          `youtube: the server acknowledged no new bytes (it has ${step.offset} of ${session.total}).`,
          { code: ErrorCode.UPLOAD_INTERRUPTED, retryable: true },
        ),
      );
    }
  }
}

/**
 * A non-retryable answer from the session URI other than 404/410 (quotaExceeded,
 * uploadLimitExceeded, forbidden, a 400, a 401 after a refresh) leaves the session in place: the
 * error is an `UploadError` (`UPLOAD_INTERRUPTED`, not retryable as it stands) with the resume
 * state for later and the YouTube error as `cause`, whose reason `reasonOf` reads.
 */
function stopped(error: unknown, session: Session): unknown {
  if (!YouTubeApiError.isInstance(error) && !HttpError.isInstance(error)) return error;
  return new UploadError(
    `youtube: the upload stopped: ${error.message} The session was not reported gone (no 404/410): ` +
      "resume it from the resume state once the cause is dealt with (quotaExceeded: after midnight Pacific Time; " +
      "uploadLimitExceeded: after 24 hours). `cause` is the YouTube error.",
    {
      code: ErrorCode.UPLOAD_INTERRUPTED,
      resumeState: toResumeState(session),
      retryable: false,
      cause: error,
    },
  );
}

async function putChunk(
  context: UploadContext,
  session: Session,
  source: UploadSource,
  accessToken: string,
  signal: AbortSignal | undefined,
): Promise<Step> {
  const start = session.offset;
  const end = Math.min(start + session.chunkSize, session.total);
  return putToSession(context, session, {
    headers: {
      "content-range": `bytes ${start}-${end - 1}/${session.total}`,
      "content-type": session.contentType,
    },
    body: await readExactly(source, start, end, signal),
    accessToken,
    signal,
    timeoutMs: context.uploadTimeoutMs ?? CHUNK_TIMEOUT_MS,
    what: "upload chunk",
  });
}

function probeSession(
  context: UploadContext,
  session: Session,
  accessToken: string,
  signal: AbortSignal | undefined,
): Promise<Step> {
  return putToSession(context, session, {
    headers: { "content-range": `bytes */${session.total}` },
    body: new Uint8Array(0),
    accessToken,
    signal,
    what: "upload status probe",
  });
}

/**
 * One PUT to the session URI (a chunk, a probe, the single request). Never repeated by core's
 * client: after a failure the upload loop probes instead. A 308 is an answer, not a redirect.
 */
async function putToSession(
  context: UploadContext,
  session: Session,
  put: {
    headers: Record<string, string>;
    body: Uint8Array | ReadableStream<Uint8Array>;
    accessToken: string;
    signal: AbortSignal | undefined;
    timeoutMs?: number | false | undefined;
    what: string;
  },
): Promise<Step> {
  const response = await context.http.request({
    method: "PUT",
    url: session.uri,
    headers: put.headers,
    body: put.body,
    accessToken: put.accessToken,
    idempotent: false,
    signal: put.signal,
    redirect: "manual",
    timeoutMs: put.timeoutMs,
    what: put.what,
    accept: isUploadStatus,
    interpret: (ctx) => parseGoogleError(ctx, put.what),
  });
  return toStep(response.status, response.headers, response.data, session);
}

/** The bytes `[start, end)` of the source, refusing a source that changed since the upload began. */
async function readExactly(
  source: UploadSource,
  start: number,
  end: number,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  const bytes = await source.read(start, end, signal);
  if (bytes.byteLength !== end - start) {
    throw new ValidationError(
      `youtube: the source returned ${bytes.byteLength} bytes for [${start}, ${end}); it changed since the upload began.`,
    );
  }
  return bytes;
}

/** Default time limit of one chunk PUT: generous, since a chunk can be tens of megabytes. */
const CHUNK_TIMEOUT_MS = 300_000;

/** Slice size when streaming a single PUT. */
const STREAM_SLICE = 1024 * 1024;

async function putStream(
  context: UploadContext,
  session: Session,
  source: UploadSource,
  accessToken: string,
  signal: AbortSignal | undefined,
  onSent: (bytesSent: number) => void,
): Promise<Step> {
  const start = session.offset;
  const total = session.total;
  let position = start;
  // An error of the source or of the progress listener, kept so it is not mistaken for a network error.
  let pullError: { error: unknown } | undefined;
  // Pulled one slice at a time, so memory stays at about one slice whatever the file size.
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (position >= total) {
          controller.close();
          return;
        }
        try {
          const end = Math.min(position + STREAM_SLICE, total);
          const bytes = await readExactly(source, position, end, signal);
          position = end;
          controller.enqueue(bytes);
          onSent(position);
        } catch (error) {
          pullError = { error };
          controller.error(error);
        }
      },
    },
    { highWaterMark: 0 },
  );
  const headers: Record<string, string> = {
    "content-type": session.contentType,
    "content-length": String(total - start),
  };
  if (start > 0) headers["content-range"] = `bytes ${start}-${total - 1}/${total}`;
  try {
    return await putToSession(context, session, {
      headers,
      body,
      accessToken,
      signal,
      timeoutMs: context.uploadTimeoutMs ?? false,
      what: "upload (single request)",
    });
  } catch (error) {
    if (pullError) throw pullError.error;
    throw error;
  }
}

function isUploadStatus(status: number): boolean {
  return status === 200 || status === 201 || status === 308;
}

function toStep(status: number, headers: Headers, body: unknown, session: Session): Step {
  if (status === 200 || status === 201) {
    const video = body as
      | { id?: unknown; status?: { uploadStatus?: unknown; privacyStatus?: unknown } }
      | undefined;
    if (!video || typeof video.id !== "string" || video.id === "") {
      throw new ResponseShapeError("Unexpected upload completion response: no video id.", {
        issues: [{ path: ["id"], message: "missing" }],
        body,
        status,
      });
    }
    return {
      done: true,
      video: {
        id: video.id,
        uploadStatus: typeof video.status?.uploadStatus === "string" ? video.status.uploadStatus : undefined,
        privacyStatus:
          typeof video.status?.privacyStatus === "string" ? video.status.privacyStatus : undefined,
        raw: body,
      },
    };
  }
  const range = headers.get("range");
  let offset = 0;
  if (range !== null) {
    const match = /^bytes=0-(\d+)$/.exec(range.trim());
    if (!match) {
      throw new ResponseShapeError(`Unexpected 308 Range header ${JSON.stringify(range)}.`, {
        issues: [{ path: ["headers", "range"], message: "expected bytes=0-N" }],
        body,
        status,
      });
    }
    offset = Number(match[1]) + 1;
    if (offset > session.total) {
      throw new ResponseShapeError(
        `The server acknowledged ${offset} bytes of a ${session.total}-byte upload.`,
        {
          issues: [{ path: ["headers", "range"], message: "beyond the total" }],
          body,
          status,
        },
      );
    }
  }
  const location = headers.get("location") ?? undefined;
  return { done: false, offset, location };
}

/** Marks a failure of `getAccessToken` inside the upload loop, so it is not taken for a failed request. */
class AuthFailure {
  constructor(readonly cause: unknown) {}
}

async function authorize(get: () => Promise<string>): Promise<string> {
  try {
    return await get();
  } catch (error) {
    throw new AuthFailure(error);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isUnauthorized(error: unknown): boolean {
  return YouTubeApiError.isInstance(error) && error.status === 401;
}

function statusOf(error: unknown): number | undefined {
  if (!PostkitError.isInstance(error)) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

function isRetryable(error: unknown): boolean {
  return PostkitError.isInstance(error) && error.retryable;
}

function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
