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
  declare readonly code: typeof ErrorCode.UNEXPECTED_RESPONSE;
  /** Each place the body differs from the documented shape. */
  readonly issues: readonly ValidationIssue[];
  /** The response body as received, with token-like fields redacted. */
  readonly body: unknown;

  constructor(
    message: string,
    options: {
      issues: readonly ValidationIssue[];
      body: unknown;
      status?: number | undefined;
      hint?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, {
      code: ErrorCode.UNEXPECTED_RESPONSE,
      status: options.status,
      hint: options.hint,
      cause: options.cause,
    });
    this.name = "ResponseShapeError";
    this.issues = options.issues;
    this.body = options.body;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is ResponseShapeError {
    return hasMarker(value, MARKER);
  }
}
