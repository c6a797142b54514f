import { ErrorCode, type NextStep } from "./codes.js";
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
  declare readonly code: typeof ErrorCode.NETWORK_ERROR | typeof ErrorCode.TIMEOUT;
  /** The request method. */
  readonly method: string;
  /** Request URL, redacted. */
  readonly url: string;

  constructor(
    message: string,
    options: {
      method: string;
      url: string;
      timeout?: boolean | undefined;
      /** `reconcile-first` when the request was a write whose outcome is now unknown. */
      next?: NextStep | undefined;
      hint?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, {
      code: options.timeout ? ErrorCode.TIMEOUT : ErrorCode.NETWORK_ERROR,
      retryable: true,
      next: options.next,
      hint: options.hint,
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
