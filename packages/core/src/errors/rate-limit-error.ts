import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.rate-limit");

/** @group Errors */
export interface RateLimitErrorOptions {
  /** `platform`: the server answered 429 or its own throttle code. `client`: postkit's limiter refused before sending. */
  source: "platform" | "client";
  /** How long to wait before trying again, when known. */
  retryAfterMs?: number | undefined;
  status?: number | undefined;
  /** The platform's own code (e.g. TikTok `rate_limit_exceeded`, Meta `4`). */
  platformCode?: string | undefined;
  cause?: unknown;
}

/**
 * Too many requests. Either the platform said so, or postkit's client-side limiter stopped the
 * request before it could earn a 429 (`source: "client"`, nothing was sent).
 *
 * @group Errors
 */
export class RateLimitError extends PostkitError {
  readonly source: "platform" | "client";
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly platformCode: string | undefined;

  constructor(message: string, options: RateLimitErrorOptions) {
    super(message, { code: ErrorCode.RATE_LIMITED, retryable: true, cause: options.cause });
    this.name = "RateLimitError";
    this.source = options.source;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.platformCode = options.platformCode;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is RateLimitError {
    return hasMarker(value, MARKER);
  }
}
