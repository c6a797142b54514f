import type { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.security");

/** The codes a {@link SecurityError} carries. @group Errors */
export type SecurityErrorCode =
  | typeof ErrorCode.REDIRECT_REFUSED
  | typeof ErrorCode.UNTRUSTED_URL
  | typeof ErrorCode.RESPONSE_TOO_LARGE;

/**
 * postkit refused to do something unsafe: follow a redirect with a credential, send a token or
 * bytes to a host that is not the platform's, or read a body past its size cap. Nothing secret
 * left the process; repeating the call will not help (`next: "never"`).
 *
 * @group Errors
 */
export class SecurityError extends PostkitError {
  declare readonly code: SecurityErrorCode;
  /** Where the request or URL pointed, reduced to its origin (never a path or query). */
  readonly origin: string | undefined;

  constructor(
    message: string,
    options: {
      code: SecurityErrorCode;
      origin?: string | undefined;
      status?: number | undefined;
      hint?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, {
      code: options.code,
      status: options.status,
      next: "never",
      hint: options.hint,
      cause: options.cause,
    });
    this.name = "SecurityError";
    this.origin = options.origin;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is SecurityError {
    return hasMarker(value, MARKER);
  }
}
