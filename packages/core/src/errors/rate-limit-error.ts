import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.rate-limit");

/** @group Errors */
export interface RateLimitErrorOptions {
  /** `platform`: the server answered 429 or its own throttle code. `client`: postkit's limiter refused before sending. */
  source: "platform" | "client";
  /** How long to wait before trying again, when known. */
  retryAfterMs?: number | undefined;
  /** The HTTP status, when the platform answered. */
  status?: number | undefined;
  /** The platform's own code (e.g. TikTok `rate_limit_exceeded`, Meta `4`). */
  platformCode?: string | undefined;
  /** Advice on what to do about it. */
  hint?: string | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Too many requests. Either the platform said so, or postkit's client-side limiter stopped the
 * request before it could earn a 429 (`source: "client"`, nothing was sent).
 *
 * @group Errors
 */
export class RateLimitError extends PostkitError {
  declare readonly code: typeof ErrorCode.RATE_LIMITED;
  /** How long to wait before trying again, when known. */
  declare readonly retryAfterMs: number | undefined;
  /** `platform`: the server throttled; `client`: postkit's limiter refused before sending. */
  readonly source: "platform" | "client";
  /** The platform's own throttle code, when it gave one. */
  readonly platformCode: string | undefined;

  constructor(message: string, options: RateLimitErrorOptions) {
    super(message, {
      code: ErrorCode.RATE_LIMITED,
      retryable: true,
      status: options.status,
      retryAfterMs: options.retryAfterMs,
      hint: options.hint,
      cause: options.cause,
    });
    this.name = "RateLimitError";
    this.source = options.source;
    this.platformCode = options.platformCode;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is RateLimitError {
    return hasMarker(value, MARKER);
  }
}
