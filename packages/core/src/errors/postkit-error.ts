import type { ErrorCode } from "./codes.js";

const BASE_MARKER = Symbol.for("postkit.error");

/** @group Errors */
export interface PostkitErrorOptions {
  /** A stable string code from `ErrorCode`. */
  code: ErrorCode;
  /** Whether repeating the same request later may succeed. */
  retryable?: boolean;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The base of every error postkit throws. Use `PostkitError.isInstance(e)` (or the subclass's
 * `isInstance`) rather than `instanceof`: it also works when two copies of the package are loaded.
 *
 * Messages and properties never contain access tokens, refresh tokens, client secrets or
 * authorization codes.
 *
 * @group Errors
 */
export class PostkitError extends Error {
  /** A stable string code from `ErrorCode`. */
  readonly code: ErrorCode;
  /** `true` when the same request may succeed if repeated later. */
  readonly retryable: boolean;

  constructor(message: string, options: PostkitErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PostkitError";
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    // Assigned (not defined) so the marker lands on the instance like any other field.
    (this as Record<symbol, unknown>)[BASE_MARKER] = true;
  }

  /** Whether `value` is a postkit error, from this copy of the package or another one. */
  static isInstance(value: unknown): value is PostkitError {
    return hasMarker(value, BASE_MARKER);
  }
}

/** Tags an error with a class marker so `isInstance` works across package copies. @internal */
export function mark(error: PostkitError, marker: symbol): void {
  (error as unknown as Record<symbol, unknown>)[marker] = true;
}

/** @internal */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}
