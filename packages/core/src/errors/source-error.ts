import type { ResumeState } from "../upload/resume-state.js";
import type { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.source");

/** The codes a {@link SourceError} carries. @group Errors */
export type SourceErrorCode =
  | typeof ErrorCode.SOURCE_NOT_FOUND
  | typeof ErrorCode.SOURCE_UNREADABLE
  | typeof ErrorCode.SOURCE_CHANGED;

/**
 * The bytes to upload could not be read: the file is missing or unreadable, a stream failed, or
 * the source changed while it was being uploaded. When it happens mid-upload, `resumeState` says
 * where the upload stands, so it can continue once the source is back as it was.
 *
 * `resumeState` is readable but not enumerable (it holds the upload session URL).
 *
 * @group Errors
 */
export class SourceError extends PostkitError {
  declare readonly code: SourceErrorCode;
  /** Where to continue, when an upload was under way. Not enumerable. */
  declare readonly resumeState: ResumeState | undefined;

  constructor(
    message: string,
    options: {
      code: SourceErrorCode;
      resumeState?: ResumeState | undefined;
      hint?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, { code: options.code, next: "never", hint: options.hint, cause: options.cause });
    this.name = "SourceError";
    Object.defineProperty(this, "resumeState", {
      value: options.resumeState,
      enumerable: false,
      writable: false,
      configurable: true,
    });
    mark(this, MARKER);
  }

  /** The same error with the upload's resume state attached (the engine adds it). */
  withResumeState(resumeState: ResumeState): SourceError {
    return new SourceError(this.message, {
      code: this.code,
      resumeState,
      hint: this.hint,
      cause: this.cause,
    });
  }

  static override isInstance(value: unknown): value is SourceError {
    return hasMarker(value, MARKER);
  }
}
