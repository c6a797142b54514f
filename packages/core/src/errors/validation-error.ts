import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.validation");

/** One problem found in the input. @group Errors */
export interface ValidationIssue {
  /** Where the problem is, e.g. `["post_info", "title"]`. Empty for the input as a whole. */
  path: readonly (string | number)[];
  /** What is wrong, in words. */
  message: string;
}

/**
 * Bad input from the app, raised before any network call: nothing was sent.
 *
 * @group Errors
 */
export class ValidationError extends PostkitError {
  declare readonly code: typeof ErrorCode.INVALID_INPUT;
  /** Each problem found, with where it is. */
  readonly issues: readonly ValidationIssue[];

  constructor(
    message: string,
    options: { issues?: readonly ValidationIssue[]; hint?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, { code: ErrorCode.INVALID_INPUT, hint: options.hint, cause: options.cause });
    this.name = "ValidationError";
    this.issues = options.issues ?? [{ path: [], message }];
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is ValidationError {
    return hasMarker(value, MARKER);
  }
}
