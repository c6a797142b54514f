import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.capability");

/**
 * The operation is not available on this platform or account kind (the capability manifest says
 * so), raised before any request. `reason` says why.
 *
 * @group Errors
 */
export class CapabilityError extends PostkitError {
  declare readonly code: typeof ErrorCode.OPERATION_UNAVAILABLE;
  /** The platform asked. */
  readonly platform: string;
  /** The operation, as named in the capability manifest. */
  readonly operation: string;

  constructor(message: string, options: { platform: string; operation: string; hint?: string | undefined }) {
    super(message, { code: ErrorCode.OPERATION_UNAVAILABLE, hint: options.hint });
    this.name = "CapabilityError";
    this.platform = options.platform;
    this.operation = options.operation;
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is CapabilityError {
    return hasMarker(value, MARKER);
  }
}
