import { ErrorCode, type NextStep } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.platform");

/** @group Errors */
export interface PlatformErrorOptions {
  /** The platform that reported it, e.g. `tiktok`. */
  platform: string;
  /** The platform's own error code, as a string (TikTok `spam_risk_too_many_posts`, Meta `190`, Google `quotaExceeded`). */
  platformCode: string;
  /** Meta `error_subcode`, when present. */
  subcode?: string | undefined;
  /** Trace id to quote to platform support (TikTok `log_id`, Meta `fbtrace_id`). */
  traceId?: string | undefined;
  /** HTTP status, when there was one (TikTok sends some errors with 200). */
  status?: number | undefined;
  /** Whether repeating the request later may succeed. */
  retryable?: boolean;
  /** How long to wait before trying again, when the platform said. */
  retryAfterMs?: number | undefined;
  /** The error body, redacted. */
  body?: unknown;
  /** `ACCESS_TOKEN_INVALID` when the platform rejected the token itself. */
  code?: PlatformErrorCode;
  /** Advice on what to do about it. */
  hint?: string | undefined;
  /** What the app should do next, when the platform's code says more than `retryable`. */
  next?: NextStep | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** The codes a {@link PlatformError} carries. @group Errors */
export type PlatformErrorCode = typeof ErrorCode.PLATFORM_ERROR | typeof ErrorCode.ACCESS_TOKEN_INVALID;

/**
 * An error the platform reported in its own vocabulary. Platform packages export the codes
 * they know as constants, each documented with what to do about it.
 *
 * @group Errors
 */
export class PlatformError extends PostkitError {
  declare readonly code: PlatformErrorCode;
  /** The platform that reported it, e.g. `tiktok`. */
  readonly platform: string;
  /** The platform's own error code, as a string. */
  readonly platformCode: string;
  /** Meta's `error_subcode`, when present. */
  readonly subcode: string | undefined;
  /** The trace id to quote to platform support (TikTok `log_id`, Meta `fbtrace_id`). */
  readonly traceId: string | undefined;
  /** The error body, redacted. */
  readonly body: unknown;

  constructor(message: string, options: PlatformErrorOptions) {
    super(message, {
      code: options.code ?? ErrorCode.PLATFORM_ERROR,
      retryable: options.retryable ?? false,
      status: options.status,
      retryAfterMs: options.retryAfterMs,
      hint: options.hint,
      next: options.next,
      cause: options.cause,
    });
    this.name = "PlatformError";
    this.platform = options.platform;
    this.platformCode = options.platformCode;
    this.subcode = options.subcode;
    this.traceId = options.traceId;
    this.body = options.body;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is PlatformError {
    return hasMarker(value, MARKER);
  }
}
