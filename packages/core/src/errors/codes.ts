/**
 * Stable string codes carried by every postkit error as `error.code`, so an app can `switch` on
 * them without importing classes. New codes may be added in minor releases; existing ones never change.
 *
 * @group Errors
 */
export const ErrorCode = {
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
  /** The refresh token is expired or revoked: the user must connect the account again. */
  REAUTH_REQUIRED: "REAUTH_REQUIRED",
  /** The platform rejected the access token (expired or revoked): refresh it, retry once, else reconnect. */
  ACCESS_TOKEN_INVALID: "ACCESS_TOKEN_INVALID",
  /** The granted scopes do not cover what the operation needs; `missing` names them. */
  MISSING_SCOPES: "MISSING_SCOPES",
  /** Bad input, rejected before any network call. */
  INVALID_INPUT: "INVALID_INPUT",
  /** A non-2xx HTTP response that no platform rule classified further. */
  HTTP_ERROR: "HTTP_ERROR",
  /** The platform (or postkit's client-side limiter) says to slow down. */
  RATE_LIMITED: "RATE_LIMITED",
  /** The request never got a response: DNS, refused or dropped connection. */
  NETWORK_ERROR: "NETWORK_ERROR",
  /** The request did not complete within the configured timeout. */
  TIMEOUT: "TIMEOUT",
  /** A response did not have the documented shape. */
  UNEXPECTED_RESPONSE: "UNEXPECTED_RESPONSE",
  /** The platform reported an error in its own vocabulary; see `platformCode`. */
  PLATFORM_ERROR: "PLATFORM_ERROR",
  /** An upload stopped before completion; `resumeState` says where to continue. */
  UPLOAD_INTERRUPTED: "UPLOAD_INTERRUPTED",
  /** The upload session is gone (expired or deleted): start a new upload. */
  UPLOAD_SESSION_EXPIRED: "UPLOAD_SESSION_EXPIRED",
} as const;

/** @group Errors */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
