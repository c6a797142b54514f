// YouTube's resumable upload protocol for core's upload engine: chunk PUTs with Content-Range,
// 308 + Range after each, a new Location on a 308, 200/201 with the video when done, and the
// `bytes */TOTAL` status probe after an interruption
// (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol).
import {
  ErrorCode,
  HttpError,
  PostkitError,
  ResponseShapeError,
  type ResumeState,
  type UploadFailure,
  type UploadProtocol,
  type UploadStep,
  UploadError,
} from "@postkit/core";
import { parseGoogleError, YouTubeApiError } from "./errors.js";
import {
  isTrustedSessionUrl,
  type Session,
  toResumeState,
  type UploadContext,
  type UploadedVideo,
} from "./resumable-upload.js";

/** Default time limit of one chunk PUT: generous, since a chunk can be tens of megabytes. */
const CHUNK_TIMEOUT_MS = 300_000;

/** Marks a failure of `getAccessToken`, so it is not taken for a failed request. */
class AuthFailure extends Error {
  constructor(override readonly cause: unknown) {
    super("no access token");
  }
}

/** @internal The protocol of one upload session. */
export function youtubeProtocol(
  context: UploadContext,
  session: Session,
  mode: "chunked" | "single",
): UploadProtocol<UploadedVideo> {
  const token = async (signal: AbortSignal): Promise<string> => {
    try {
      return await context.auth.getAccessToken({ signal });
    } catch (error) {
      throw new AuthFailure(error);
    }
  };
  /** One PUT to the session URI, never repeated by core's client: the engine probes instead. */
  const put = async (
    what: string,
    headers: Record<string, string>,
    body: Uint8Array | ReadableStream<Uint8Array>,
    signal: AbortSignal,
    timeoutMs: number | false | undefined,
  ): Promise<UploadStep<UploadedVideo>> => {
    const accessToken = await token(signal);
    const response = await context.http.request({
      method: "PUT",
      url: session.uri,
      headers,
      body,
      accessToken,
      idempotent: false,
      signal,
      // A 308 is an answer, not a redirect.
      redirect: "manual",
      timeoutMs,
      what,
      accept: (status) => status === 200 || status === 201 || status === 308,
      interpret: (ctx) => parseGoogleError(ctx, what),
    });
    return toStep(response.status, response.headers, response.data, session.total);
  };
  const probe = (signal: AbortSignal) =>
    put(
      "upload status probe",
      { "content-range": `bytes */${session.total}` },
      new Uint8Array(0),
      signal,
      undefined,
    );
  const protocol: UploadProtocol<UploadedVideo> = {
    platform: "youtube",
    totalBytes: session.total,
    get sessionUrl() {
      return session.uri;
    },
    rangeEnd: (offset) => Math.min(offset + session.chunkSize, session.total),
    send: ({ start, end, bytes, signal }) =>
      put(
        "upload chunk",
        {
          "content-range": `bytes ${start}-${end - 1}/${session.total}`,
          "content-type": session.contentType,
        },
        bytes,
        signal,
        context.uploadTimeoutMs ?? CHUNK_TIMEOUT_MS,
      ),
    probe,
    // Every byte acknowledged but no 200/201 yet: the probe returns the video.
    complete: probe,
    classify: (error, state) => classify(error, state),
    trusts: (url) => isTrustedSessionUrl(url, context.apiBase),
    moveSession: (url) => {
      session.uri = url;
    },
    resumeState: (offset) => toResumeState({ ...session, offset }),
  };
  if (mode === "single") {
    protocol.sendStream = ({ start, body, signal }) => {
      const headers: Record<string, string> = {
        "content-type": session.contentType,
        "content-length": String(session.total - start),
      };
      if (start > 0) headers["content-range"] = `bytes ${start}-${session.total - 1}/${session.total}`;
      return put("upload (single request)", headers, body, signal, context.uploadTimeoutMs ?? false);
    };
  }
  if (context.auth.refresh) {
    const refresh = context.auth.refresh.bind(context.auth);
    protocol.refresh = async (signal) => {
      await refresh({ signal });
    };
  }
  return protocol;
}

function classify(error: unknown, state: ResumeState): UploadFailure {
  if (error instanceof AuthFailure) {
    // A transient failure to get a token is waited out; a refusal stops with the resume state.
    if (PostkitError.isInstance(error.cause) && error.cause.retryable)
      return { action: "retry", error: error.cause };
    return { action: "fatal", error: tokenFailure(error.cause, state) };
  }
  const status = PostkitError.isInstance(error) ? error.status : undefined;
  if (status === 404 || status === 410) {
    return {
      action: "fatal",
      error: new UploadError(`youtube: the upload session is gone (HTTP ${status}: expired or cancelled).`, {
        code: ErrorCode.UPLOAD_SESSION_EXPIRED,
        retryable: false,
        hint: "Start a new upload; this session cannot be resumed.",
        cause: error,
      }),
    };
  }
  if (status === 401) return { action: "refresh" };
  if (PostkitError.isInstance(error) && error.retryable) return { action: "retry" };
  return { action: "fatal", error: stopped(error, state) };
}

function tokenFailure(cause: unknown, state: ResumeState): UploadError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new UploadError(
    `youtube: the upload stopped because no access token could be obtained (${message}).`,
    {
      hint:
        "The session is intact: resume it from the resume state once the account's tokens work again " +
        "(an OAuthError with code REAUTH_REQUIRED as `cause` means the user must connect again).",
      code: ErrorCode.UPLOAD_INTERRUPTED,
      resumeState: state,
      retryable: PostkitError.isInstance(cause) && cause.retryable,
      cause,
    },
  );
}

/**
 * A non-retryable answer other than 404/410 (quotaExceeded, uploadLimitExceeded, forbidden, a
 * 400) leaves the session in place: an `UploadError` with the resume state for later and the
 * YouTube error as `cause`, whose reason `reasonOf` reads.
 */
function stopped(error: unknown, state: ResumeState): unknown {
  if (!YouTubeApiError.isInstance(error) && !HttpError.isInstance(error)) return error;
  return new UploadError(
    `youtube: the upload stopped: ${error.message} The session was not reported gone (no 404/410): ` +
      "resume it from the resume state once the cause is dealt with (quotaExceeded: after midnight Pacific Time; " +
      "uploadLimitExceeded: after 24 hours). `cause` is the YouTube error.",
    { code: ErrorCode.UPLOAD_INTERRUPTED, resumeState: state, retryable: false, cause: error },
  );
}

function toStep(status: number, headers: Headers, body: unknown, total: number): UploadStep<UploadedVideo> {
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
      result: {
        id: video.id,
        uploadStatus: typeof video.status?.uploadStatus === "string" ? video.status.uploadStatus : undefined,
        privacyStatus:
          typeof video.status?.privacyStatus === "string" ? video.status.privacyStatus : undefined,
        raw: body,
      },
    };
  }
  // 308 without Range: nothing received.
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
    if (offset > total) {
      throw new ResponseShapeError(`The server acknowledged ${offset} bytes of a ${total}-byte upload.`, {
        issues: [{ path: ["headers", "range"], message: "beyond the total" }],
        body,
        status,
      });
    }
  }
  return { done: false, offset, sessionUrl: headers.get("location") ?? undefined };
}
