import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.network");

/**
 * The request got no response: the connection failed, was dropped, or timed out
 * (`code === "TIMEOUT"`). Whether the server acted on it is unknown, which is why postkit only
 * repeats such requests when they are safe to repeat.
 *
 * @group Errors
 */
export class NetworkError extends PostkitError {
  /** The request method. */
  readonly method: string;
  /** Request URL, redacted. */
  readonly url: string;

  constructor(message: string, options: { method: string; url: string; timeout?: boolean; cause?: unknown }) {
    super(message, {
      code: options.timeout ? ErrorCode.TIMEOUT : ErrorCode.NETWORK_ERROR,
      retryable: true,
      cause: options.cause,
    });
    this.name = "NetworkError";
    this.method = options.method;
    this.url = options.url;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is NetworkError {
    return hasMarker(value, MARKER);
  }
}
