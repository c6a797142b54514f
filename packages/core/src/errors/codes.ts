/**
 * Stable string codes carried by every postkit error as `error.code`, so an app can `switch` on
 * them without importing classes. Each code belongs to exactly one error class (see
 * {@link isPostkitError}). New codes may be added in minor releases; existing ones never change.
 *
 * @group Errors
 */
export const ErrorCode = {
  // ── OAuthError ──
  /** The provider's OAuth endpoint answered with an RFC 6749 error body (`error`, `error_description`). */
  OAUTH_ERROR: "OAUTH_ERROR",
  /** The callback's `state` does not match the one stored for this login (possible CSRF). */
  OAUTH_STATE_MISMATCH: "OAUTH_STATE_MISMATCH",
  /** The user declined the consent screen (`error=access_denied` on the callback). */
  OAUTH_ACCESS_DENIED: "OAUTH_ACCESS_DENIED",
  /** The callback carried another `error` parameter. */
  OAUTH_CALLBACK_ERROR: "OAUTH_CALLBACK_ERROR",
  /** The callback carried neither `code` nor `error`. */
  OAUTH_MISSING_CODE: "OAUTH_MISSING_CODE",
  /** The callback repeated a parameter (two `code`s or two `state`s), which RFC 6749 §3.1 forbids. */
  OAUTH_REPEATED_PARAMETER: "OAUTH_REPEATED_PARAMETER",
  /** The login session is missing, expired or was tampered with: start the login again. */
  OAUTH_SESSION_INVALID: "OAUTH_SESSION_INVALID",
  /** The refresh token is expired or revoked: the user must connect the account again. */
  REAUTH_REQUIRED: "REAUTH_REQUIRED",
  // ── PlatformError ──
  /** The platform rejected the access token (expired or revoked) and a refresh did not help. */
  ACCESS_TOKEN_INVALID: "ACCESS_TOKEN_INVALID",
  /** The platform reported an error in its own vocabulary; see `platformCode`. */
  PLATFORM_ERROR: "PLATFORM_ERROR",
  // ── ScopeError ──
  /** The granted scopes do not cover what the operation needs; `missing` names them. */
  MISSING_SCOPES: "MISSING_SCOPES",
  // ── CapabilityError ──
  /** The platform (or this provider) cannot do the operation at all; nothing was sent. */
  OPERATION_UNAVAILABLE: "OPERATION_UNAVAILABLE",
  // ── ValidationError ──
  /** Bad input, rejected before any network call. */
  INVALID_INPUT: "INVALID_INPUT",
  // ── HttpError ──
  /** A non-2xx HTTP response that no platform rule classified further. */
  HTTP_ERROR: "HTTP_ERROR",
  // ── RateLimitError ──
  /** The platform (or postkit's client-side limiter) says to slow down. */
  RATE_LIMITED: "RATE_LIMITED",
  // ── NetworkError ──
  /** The request never got a response: DNS, refused or dropped connection. */
  NETWORK_ERROR: "NETWORK_ERROR",
  /** The request did not complete within the configured timeout. */
  TIMEOUT: "TIMEOUT",
  // ── ResponseShapeError ──
  /** A response did not have the documented shape. */
  UNEXPECTED_RESPONSE: "UNEXPECTED_RESPONSE",
  // ── SecurityError ──
  /** A request that carries a credential was answered with a redirect, which postkit never follows. */
  REDIRECT_REFUSED: "REDIRECT_REFUSED",
  /** A URL (from a response, a resume state or options) points outside the platform's hosts. */
  UNTRUSTED_URL: "UNTRUSTED_URL",
  /** A response body was larger than the configured cap (counted after decompression). */
  RESPONSE_TOO_LARGE: "RESPONSE_TOO_LARGE",
  // ── UploadError ──
  /** An upload stopped before completion; `resumeState` says where to continue. */
  UPLOAD_INTERRUPTED: "UPLOAD_INTERRUPTED",
  /** The upload session is gone (expired or deleted): start a new upload. */
  UPLOAD_SESSION_EXPIRED: "UPLOAD_SESSION_EXPIRED",
  // ── SourceError ──
  /** The upload source does not exist (a missing file). */
  SOURCE_NOT_FOUND: "SOURCE_NOT_FOUND",
  /** The upload source could not be read (permissions, I/O error, a stream that failed). */
  SOURCE_UNREADABLE: "SOURCE_UNREADABLE",
  /** The upload source changed while it was being uploaded (size or content). */
  SOURCE_CHANGED: "SOURCE_CHANGED",
  // ── StoreError ──
  /** A token, resume-state or idempotency store failed; the data it was given is kept for the next attempt. */
  STORE_FAILED: "STORE_FAILED",
  // ── ConflictError ──
  /** An idempotency key was reused with different content; nothing was sent. */
  IDEMPOTENCY_CONFLICT: "IDEMPOTENCY_CONFLICT",
  /** The same idempotency key is being published right now by another call or instance. */
  IDEMPOTENCY_IN_PROGRESS: "IDEMPOTENCY_IN_PROGRESS",
} as const;

/** @group Errors */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * What the app should do after an error:
 * - `never`: repeating the same call cannot succeed (fix the input, the scopes or the app).
 * - `after-delay`: try again later, after `retryAfterMs` when it is set.
 * - `after-reconnect`: the user must connect the account again (the grant is gone).
 * - `reconcile-first`: the outcome of a write is unknown; check the platform (a status or
 *   reconcile call) before doing anything that could repeat it.
 *
 * @group Errors
 */
export type NextStep = "never" | "after-delay" | "after-reconnect" | "reconcile-first";
