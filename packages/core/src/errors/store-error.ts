import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.store");

/**
 * A store the app plugged in (tokens, resume states, idempotency keys, a shared rate limiter) failed. What it was asked
 * to keep is not lost: a token set that could not be saved is held and saved on the next call.
 *
 * @group Errors
 */
export class StoreError extends PostkitError {
  declare readonly code: typeof ErrorCode.STORE_FAILED;
  /** Which store failed: `tokens`, `resume`, `idempotency`, or `rate-limit` (a limiter shared between processes). */
  readonly store: "tokens" | "resume" | "idempotency" | "rate-limit";

  constructor(
    message: string,
    options: {
      store: "tokens" | "resume" | "idempotency" | "rate-limit";
      hint?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, {
      code: ErrorCode.STORE_FAILED,
      retryable: true,
      hint: options.hint,
      cause: options.cause,
    });
    this.name = "StoreError";
    this.store = options.store;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is StoreError {
    return hasMarker(value, MARKER);
  }
}
