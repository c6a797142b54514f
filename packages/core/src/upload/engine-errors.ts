// The errors the upload engine stops with. Internal to the engine.
import { ErrorCode } from "../errors/codes.js";
import { PostkitError } from "../errors/postkit-error.js";
import { SourceError } from "../errors/source-error.js";
import { UploadError } from "../errors/upload-error.js";
import type { ResumeState } from "./resume-state.js";

/** A failure the retry budget counts; `cause` is what `onRetry` reports. */
export class Counted extends Error {
  constructor(override readonly cause: unknown) {
    super("counted upload failure");
  }
}

/** Stops the upload with `error`, whatever the budget says. */
export class Stop extends Error {
  constructor(readonly error: unknown) {
    super("upload stopped");
  }
}

export function aborted(platform: string, state: ResumeState, reason: unknown): UploadError {
  return new UploadError(`${platform}: the upload was aborted.`, {
    code: ErrorCode.UPLOAD_INTERRUPTED,
    resumeState: state,
    retryable: true,
    hint: "Continue from `resumeState` with the same bytes when you are ready.",
    cause: reason,
  });
}

/** Worded without "upload": the message is logged, and must not read like it holds the URL. */
export function budgetSpent(
  platform: string,
  state: ResumeState,
  failures: number,
  cause: unknown,
): UploadError {
  const code = PostkitError.isInstance(cause) ? ` (last: ${cause.code})` : "";
  return new UploadError(
    `${platform}: the transfer failed ${failures} times in a row without progress${code}.`,
    {
      code: ErrorCode.UPLOAD_INTERRUPTED,
      resumeState: state,
      retryable: true,
      retryAfterMs: PostkitError.isInstance(cause) ? cause.retryAfterMs : undefined,
      hint: "Continue later from `resumeState` with the same bytes; `cause` is the last failure.",
      cause,
    },
  );
}

export function waitTooLong(
  platform: string,
  state: ResumeState,
  waitMs: number,
  cause: unknown,
): UploadError {
  return new UploadError(`${platform}: the server asked to wait ${waitMs} ms, longer than maxRetryAfterMs.`, {
    code: ErrorCode.UPLOAD_INTERRUPTED,
    resumeState: state,
    retryable: true,
    retryAfterMs: waitMs,
    hint: "Continue from `resumeState` after `retryAfterMs`.",
    cause,
  });
}

/** The server's answer cannot be true (bytes never sent, an offset outside the file): not retried. */
export function implausible(
  platform: string,
  state: ResumeState,
  message: string,
  cause?: unknown,
): UploadError {
  return new UploadError(`${platform}: ${message}`, {
    code: ErrorCode.UPLOAD_INTERRUPTED,
    resumeState: state,
    retryable: false,
    hint:
      "postkit does not skip bytes or trust an offset it cannot have caused. Check the upload's status " +
      "on the platform, or continue from `resumeState` later.",
    cause,
  });
}

/** Credentials could not be had: the session is intact, so the resume state is kept. */
export function credentialsFailed(platform: string, state: ResumeState, cause: unknown): UploadError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new UploadError(
    `${platform}: the upload stopped because no access token could be obtained (${message}).`,
    {
      code: ErrorCode.UPLOAD_INTERRUPTED,
      resumeState: state,
      retryable: PostkitError.isInstance(cause) && cause.retryable,
      hint:
        "The session is intact: continue from `resumeState` once the account's tokens work again " +
        "(an OAuthError with code REAUTH_REQUIRED as `cause` means the user must connect again).",
      cause,
    },
  );
}

/** Any failure of the source becomes a `SourceError` that carries the resume state. */
export function sourceFailed(state: ResumeState, error: unknown): SourceError {
  if (SourceError.isInstance(error)) return error.withResumeState(state);
  const message = error instanceof Error ? error.message : String(error);
  return new SourceError(`The upload source could not be read: ${message}`, {
    code: ErrorCode.SOURCE_UNREADABLE,
    resumeState: state,
    hint: "Fix the source (or pass a new one over the same bytes) and continue from `resumeState`.",
    cause: error,
  });
}
