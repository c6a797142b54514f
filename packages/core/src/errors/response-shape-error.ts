import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";
import type { ValidationIssue } from "./validation-error.js";

const MARKER = Symbol.for("postkit.error.response-shape");

/**
 * A platform response did not have the documented shape. The request itself succeeded, so this
 * is not an HTTP error; `body` holds what came back (with secrets redacted).
 *
 * @group Errors
 */
export class ResponseShapeError extends PostkitError {
  /** Each place the body differs from the documented shape. */
  readonly issues: readonly ValidationIssue[];
  /** The response body as received, with token-like fields redacted. */
  readonly body: unknown;
  /** The HTTP status of the response. */
  readonly status: number | undefined;

  constructor(
    message: string,
    options: { issues: readonly ValidationIssue[]; body: unknown; status?: number; cause?: unknown },
  ) {
    super(message, { code: ErrorCode.UNEXPECTED_RESPONSE, cause: options.cause });
    this.name = "ResponseShapeError";
    this.issues = options.issues;
    this.body = options.body;
    this.status = options.status;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is ResponseShapeError {
    return hasMarker(value, MARKER);
  }
}
