import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.http");

/** What an {@link HttpError} knows about the exchange. Everything here is already redacted. @group Errors */
export interface HttpErrorDetails {
  /** The response's HTTP status. */
  status: number;
  /** The request method. */
  method: string;
  /** Request URL with secret query parameters replaced by `[REDACTED]`. */
  url: string;
  /** Response headers, lower-cased, without cookies. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON body (or text), with token-like fields redacted. */
  body: unknown;
  /** Whether repeating the request later may succeed. */
  retryable: boolean;
  /** Delay the server asked for (`Retry-After`), in milliseconds. */
  retryAfterMs?: number | undefined;
  /** A more precise code than `HTTP_ERROR`. */
  code?: ErrorCode;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * A non-2xx response that no platform-specific rule turned into a more precise error.
 *
 * @group Errors
 */
export class HttpError extends PostkitError {
  /** The response's HTTP status. */
  readonly status: number;
  /** The request method. */
  readonly method: string;
  /** The request URL, with secret query parameters redacted. */
  readonly url: string;
  /** The response headers, lower-cased, without cookies. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed body (or text), with token-like fields redacted. */
  readonly body: unknown;
  /** How long the server asked to wait (`Retry-After`), in milliseconds. */
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
