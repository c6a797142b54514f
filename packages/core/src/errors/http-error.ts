import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.http");

/** What an {@link HttpError} knows about the exchange. Everything here is already redacted. @group Errors */
export interface HttpErrorDetails {
  status: number;
  method: string;
  /** Request URL with secret query parameters replaced by `[REDACTED]`. */
  url: string;
  /** Response headers, lower-cased, without cookies. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON body (or text), with token-like fields redacted. */
  body: unknown;
  retryable: boolean;
  /** Delay the server asked for (`Retry-After`), in milliseconds. */
  retryAfterMs?: number | undefined;
  code?: ErrorCode;
  cause?: unknown;
}

/**
 * A non-2xx response that no platform-specific rule turned into a more precise error.
 *
 * @group Errors
 */
export class HttpError extends PostkitError {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: HttpErrorDetails) {
    super(message, {
      code: details.code ?? ErrorCode.HTTP_ERROR,
      retryable: details.retryable,
      cause: details.cause,
    });
    this.name = "HttpError";
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.headers = details.headers;
    this.body = details.body;
    this.retryAfterMs = details.retryAfterMs;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is HttpError {
    return hasMarker(value, MARKER);
  }
}
