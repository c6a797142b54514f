import type { ResumeState } from "../upload/resume-state.js";
import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.upload");

/**
 * An upload stopped before it finished. With `code === "UPLOAD_INTERRUPTED"`, `resumeState` is
 * the serializable state to pass back to the platform's resume function (after a retry budget ran
 * out, an abort, or a crash you recovered from). With `code === "UPLOAD_SESSION_EXPIRED"` the
 * session is gone and a new upload must be started.
 *
 * `resumeState` is readable but not enumerable: it holds the upload session URL, which grants
 * upload access by itself, so logging or serializing the error does not print it.
 *
 * @group Errors
 */
export class UploadError extends PostkitError {
  declare readonly code: typeof ErrorCode.UPLOAD_INTERRUPTED | typeof ErrorCode.UPLOAD_SESSION_EXPIRED;
  /** Where to continue; `undefined` when the session cannot be resumed. Not enumerable. */
  declare readonly resumeState: ResumeState | undefined;

  constructor(
    message: string,
    options: {
      code?: typeof ErrorCode.UPLOAD_INTERRUPTED | typeof ErrorCode.UPLOAD_SESSION_EXPIRED;
      resumeState?: ResumeState | undefined;
      retryable?: boolean;
      retryAfterMs?: number | undefined;
      hint?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, {
      code: options.code ?? ErrorCode.UPLOAD_INTERRUPTED,
      retryable: options.retryable ?? options.resumeState !== undefined,
      retryAfterMs: options.retryAfterMs,
      hint: options.hint,
      cause: options.cause,
    });
    this.name = "UploadError";
    Object.defineProperty(this, "resumeState", {
      value: options.resumeState,
      enumerable: false,
      writable: false,
      configurable: true,
    });
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is UploadError {
    return hasMarker(value, MARKER);
  }
}
