import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.conflict");

/** The codes a {@link ConflictError} carries. @group Errors */
export type ConflictErrorCode =
  | typeof ErrorCode.IDEMPOTENCY_CONFLICT
  | typeof ErrorCode.IDEMPOTENCY_IN_PROGRESS;

/**
 * An idempotency key was reused with different content (`IDEMPOTENCY_CONFLICT`, never retry), or
 * the same key is being published right now elsewhere (`IDEMPOTENCY_IN_PROGRESS`, try later and
 * you will get that publish's job). Nothing was sent.
 *
 * @group Errors
 */
export class ConflictError extends PostkitError {
  declare readonly code: ConflictErrorCode;
  /** The idempotency key. */
  readonly key: string;

  constructor(message: string, options: { code: ConflictErrorCode; key: string; hint?: string | undefined }) {
    super(message, {
      code: options.code,
      retryable: options.code === ErrorCode.IDEMPOTENCY_IN_PROGRESS,
      hint: options.hint,
    });
    this.name = "ConflictError";
    this.key = options.key;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is ConflictError {
    return hasMarker(value, MARKER);
  }
}
