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
  /** Advice on what to do about it. */
  hint?: string | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * A non-2xx response that no platform-specific rule turned into a more precise error.
 *
 * @group Errors
 */
export class HttpError extends PostkitError {
  declare readonly code: typeof ErrorCode.HTTP_ERROR;
  /** The response's HTTP status. */
  declare readonly status: number;
  /** The request method. */
  readonly method: string;
  /** The request URL, with secret query parameters redacted. */
  readonly url: string;
  /** The response headers, lower-cased, without cookies. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed body (or text), with token-like fields redacted. */
  readonly body: unknown;

  constructor(message: string, details: HttpErrorDetails) {
    super(message, {
      code: ErrorCode.HTTP_ERROR,
      retryable: details.retryable,
      status: details.status,
      retryAfterMs: details.retryAfterMs,
      hint: details.hint,
      cause: details.cause,
    });
    this.name = "HttpError";
    this.method = details.method;
    this.url = details.url;
    this.headers = details.headers;
    this.body = details.body;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is HttpError {
    return hasMarker(value, MARKER);
  }
}
