import type { CapabilityError } from "./capability-error.js";
import type { ErrorCode } from "./codes.js";
import type { ConflictError } from "./conflict-error.js";
import type { HttpError } from "./http-error.js";
import type { NetworkError } from "./network-error.js";
import type { OAuthError } from "./oauth-error.js";
import type { PlatformError } from "./platform-error.js";
import { PostkitError } from "./postkit-error.js";
import type { RateLimitError } from "./rate-limit-error.js";
import type { ResponseShapeError } from "./response-shape-error.js";
import type { ScopeError } from "./scope-error.js";
import type { SecurityError } from "./security-error.js";
import type { SourceError } from "./source-error.js";
import type { StoreError } from "./store-error.js";
import type { UploadError } from "./upload-error.js";
import type { ValidationError } from "./validation-error.js";

/**
 * Every postkit error class. Switching on `error.code` narrows it to the class that owns the code.
 * @group Errors
 */
export type AnyPostkitError =
  | OAuthError
  | PlatformError
  | ScopeError
  | CapabilityError
  | ValidationError
  | HttpError
  | RateLimitError
  | NetworkError
  | ResponseShapeError
  | SecurityError
  | UploadError
  | SourceError
  | StoreError
  | ConflictError;

/**
 * The error class that owns `code` (`E` distributes over every class; leave it as it is).
 * @group Errors
 */
export type ErrorForCode<C extends ErrorCode, E = AnyPostkitError> = E extends {
  /** The codes the class carries. */
  readonly code: infer K;
}
  ? C extends K
    ? E
    : never
  : never;

/**
 * Whether `value` is a postkit error (from any copy of the package), optionally with one of
 * `codes`; narrows to the class that owns them.
 *
 * @example
 * ```ts
 * if (isPostkitError(error, "RATE_LIMITED")) scheduleRetry(error.retryAfterMs);
 * if (isPostkitError(error)) console.log(error.code, error.next, error.hint);
 * ```
 * @group Errors
 */
export function isPostkitError(value: unknown): value is AnyPostkitError;
export function isPostkitError<C extends ErrorCode>(
  value: unknown,
  ...codes: [C, ...C[]]
): value is ErrorForCode<C>;
export function isPostkitError(value: unknown, ...codes: ErrorCode[]): boolean {
  if (!PostkitError.isInstance(value)) return false;
  return codes.length === 0 || codes.includes(value.code);
}
