import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.oauth");

/** @group Errors */
export interface OAuthErrorOptions {
  /** A more precise code than `OAUTH_ERROR` (state mismatch, access denied, …). */
  code?: OAuthErrorCode;
  /** The OAuth `error` value, e.g. `invalid_grant` or `access_denied`. */
  error: string;
  /** The provider's `error_description`, when it gave one. */
  description?: string;
  /** HTTP status of the token endpoint's response, when the error came from one. */
  status?: number;
  /** Provider trace id (TikTok `log_id`), useful in support requests. */
  traceId?: string;
  /** Whether trying again later may succeed (`temporarily_unavailable`). */
  retryable?: boolean;
  /** Advice on what to do about it. */
  hint?: string | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** The codes an {@link OAuthError} carries. @group Errors */
export type OAuthErrorCode =
  | typeof ErrorCode.OAUTH_ERROR
  | typeof ErrorCode.OAUTH_STATE_MISMATCH
  | typeof ErrorCode.OAUTH_ACCESS_DENIED
  | typeof ErrorCode.OAUTH_CALLBACK_ERROR
  | typeof ErrorCode.OAUTH_MISSING_CODE
  | typeof ErrorCode.OAUTH_REPEATED_PARAMETER
  | typeof ErrorCode.OAUTH_SESSION_INVALID
  | typeof ErrorCode.REAUTH_REQUIRED;

/**
 * An OAuth 2.0 failure: an error body from a token, refresh or revoke endpoint, or an error on the
 * authorization callback (state mismatch, access denied, missing code).
 *
 * @group Errors
 */
export class OAuthError extends PostkitError {
  declare readonly code: OAuthErrorCode;
  /** The OAuth `error` value, e.g. `invalid_grant`. */
  readonly error: string;
  /** The provider's `error_description`, redacted. */
  readonly description: string | undefined;
  /** The provider's trace id (TikTok `log_id`), for support requests. */
  readonly traceId: string | undefined;

  constructor(message: string, options: OAuthErrorOptions) {
    super(message, {
      code: options.code ?? ErrorCode.OAUTH_ERROR,
      retryable: options.retryable ?? false,
      status: options.status,
      hint: options.hint,
      cause: options.cause,
    });
    this.name = "OAuthError";
    this.error = options.error;
    this.description = options.description;
    this.traceId = options.traceId;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is OAuthError {
    return hasMarker(value, MARKER);
  }
}
