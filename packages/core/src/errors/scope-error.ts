import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.scope");

/**
 * The token's granted scopes do not cover an operation. Raised before the request is sent.
 * `missing` lists exactly the scopes to add to the authorization request.
 *
 * @group Errors
 */
export class ScopeError extends PostkitError {
  /** The platform whose scopes are missing. */
  readonly platform: string;
  /** The scopes the operation needs that were not granted. */
  readonly missing: readonly string[];
  /** The scopes the token has. */
  readonly granted: readonly string[];

  constructor(
    message: string,
    options: { platform: string; missing: readonly string[]; granted: readonly string[] },
  ) {
    super(message, { code: ErrorCode.MISSING_SCOPES });
    this.name = "ScopeError";
    this.platform = options.platform;
    this.missing = [...options.missing];
    this.granted = [...options.granted];
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is ScopeError {
    return hasMarker(value, MARKER);
  }
}
