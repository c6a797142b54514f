import {
  ErrorCode,
  PlatformError,
  type PlatformErrorCode,
  ScopeError,
  type PostkitError,
  RateLimitError,
  type ResponseContext,
  isRetryableStatus,
  redactValue,
} from "@postkit/core";

/**
 * TikTok's `error.code` values (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling), as constants so an app can compare
 * `error.platformCode === TikTokErrorCode.SPAM_RISK_TOO_MANY_POSTS` without typos.
 * @group Errors
 */
export const TikTokErrorCode = {
  /** Success. Never thrown. */
  OK: "ok",
  /** 401: invalid or expired access token. Refresh once and retry once, otherwise reconnect. */
  ACCESS_TOKEN_INVALID: "access_token_invalid",
  /** 401: the user did not grant the scope this endpoint needs. Ask for consent again. */
  SCOPE_NOT_AUTHORIZED: "scope_not_authorized",
  /** 400 (Display API): the requested fields need scopes the token lacks. */
  SCOPE_PERMISSION_MISSED: "scope_permission_missed",
  /** 400 (Display API spelling): invalid parameters; also "The chunk size is invalid" from video/init. */
  INVALID_PARAMS: "invalid_params",
  /** 400 (Content Posting spelling, singular): invalid parameters. */
  INVALID_PARAM: "invalid_param",
  /** 400: the file does not meet TikTok's media requirements. */
  INVALID_FILE_UPLOAD: "invalid_file_upload",
  /** 429: too many requests. Back off. */
  RATE_LIMIT_EXCEEDED: "rate_limit_exceeded",
  /** 5xx: TikTok failed internally. Retry with backoff. */
  INTERNAL_ERROR: "internal_error",
  /** 403 (HTTP 200 on creator_info): the creator reached the daily post cap. Do not retry today. */
  SPAM_RISK_TOO_MANY_POSTS: "spam_risk_too_many_posts",
  /** 403 (HTTP 200 on creator_info): the creator is banned from posting. */
  SPAM_RISK_USER_BANNED_FROM_POSTING: "spam_risk_user_banned_from_posting",
  /** 403 (inbox, photo uploads): more than 5 pending shares in 24 h. */
  SPAM_RISK_TOO_MANY_PENDING_SHARE: "spam_risk_too_many_pending_share",
  /** 403 (HTTP 200 on creator_info): the app's daily quota of active posting users is used up. */
  REACHED_ACTIVE_USER_CAP: "reached_active_user_cap",
  /** 403 (init): an unaudited app can only post for creators whose *account* is private. */
  UNAUDITED_CLIENT_CAN_ONLY_POST_TO_PRIVATE_ACCOUNTS: "unaudited_client_can_only_post_to_private_accounts",
  /** 403 (PULL_FROM_URL): the media URL is not on a verified domain or URL prefix. */
  URL_OWNERSHIP_UNVERIFIED: "url_ownership_unverified",
  /** 403 (direct post): `privacy_level` missing or not one of the creator's options. */
  PRIVACY_LEVEL_OPTION_MISMATCH: "privacy_level_option_mismatch",
  /** 400 (photo MEDIA_UPLOAD): the user's TikTok app is older than 31.8. */
  APP_VERSION_CHECK_FAILED: "app_version_check_failed",
  /** 400 (status, cancel): unknown `publish_id`. */
  INVALID_PUBLISH_ID: "invalid_publish_id",
  /** 400 (status, cancel): the `publish_id` belongs to another user. */
  TOKEN_NOT_AUTHORIZED_FOR_SPECIFIED_PUBLISH_ID: "token_not_authorized_for_specified_publish_id",
  /** 400 (cancel): the publish is already final or too far along. */
  PUBLISH_NOT_CANCELLABLE: "publish_not_cancellable",
} as const;

/** One of TikTok's documented `error.code` values, the type of the {@link TikTokErrorCode} constants. @group Errors */
export type TikTokErrorCode = (typeof TikTokErrorCode)[keyof typeof TikTokErrorCode];

interface CodeRule {
  retryable: boolean;
  /** The platform refused for lack of scopes: a `ScopeError`, whose cure is a new consent. */
  scope?: true;
  code?: PlatformErrorCode;
  hint: string;
}

const RULES: Record<string, CodeRule> = {
  access_token_invalid: {
    retryable: false,
    code: ErrorCode.ACCESS_TOKEN_INVALID,
    hint: "Refresh the token once and retry once; if it still fails, connect the account again.",
  },
  scope_not_authorized: {
    retryable: false,
    scope: true,
    hint: "The user did not grant the scope this call needs: ask for consent again.",
  },
  scope_permission_missed: {
    retryable: false,
    scope: true,
    hint: "The requested fields need scopes the token lacks: request them and have the user connect again.",
  },
  invalid_params: { retryable: false, hint: "Fix the request parameters." },
  invalid_param: { retryable: false, hint: "Fix the request parameters." },
  invalid_file_upload: { retryable: false, hint: "The file does not meet TikTok's media requirements." },
  internal_error: { retryable: true, hint: "TikTok failed internally; retry with backoff" },
  spam_risk_too_many_posts: {
    retryable: false,
    hint: "The creator reached the daily post cap; do not retry today.",
  },
  spam_risk_user_banned_from_posting: { retryable: false, hint: "The creator is banned from posting." },
  spam_risk_too_many_pending_share: {
    retryable: false,
    hint: "More than 5 uploads wait in the creator's inbox; the creator must finish or delete some.",
  },
  reached_active_user_cap: {
    retryable: false,
    hint: "The app's daily quota of active posting creators is used up.",
  },
  unaudited_client_can_only_post_to_private_accounts: {
    retryable: false,
    hint: "An unaudited app can only post for creators whose account is private (not just a SELF_ONLY post).",
  },
  url_ownership_unverified: {
    retryable: false,
    hint: "Verify the media URL's domain or URL prefix in the TikTok developer portal.",
  },
  privacy_level_option_mismatch: {
    retryable: false,
    hint: "Use one of the creator's privacy_level_options from creator info.",
  },
  app_version_check_failed: { retryable: false, hint: "The creator's TikTok app is older than 31.8." },
  invalid_publish_id: { retryable: false, hint: "Unknown publish_id." },
  token_not_authorized_for_specified_publish_id: {
    retryable: false,
    hint: "The publish_id belongs to another user.",
  },
  publish_not_cancellable: { retryable: false, hint: "The publish can no longer be cancelled." },
};

/** Whether a TikTok `error.code` is worth retrying later (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling). Unknown codes: no. @group Errors */
export function isRetryableTikTokCode(code: string): boolean {
  return code === TikTokErrorCode.RATE_LIMIT_EXCEEDED || (RULES[code]?.retryable ?? false);
}

interface Envelope {
  code: string;
  message: string | undefined;
  logId: string | undefined;
}

function readEnvelope(body: unknown): Envelope | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message, log_id: logId } = error as Record<string, unknown>;
  if (typeof code !== "string") return undefined;
  return {
    code,
    message: typeof message === "string" ? message : undefined,
    logId: typeof logId === "string" ? logId : undefined,
  };
}

/**
 * Turns TikTok's v2 envelope `{ data, error: { code, message, log_id } }` into a typed error
 * whatever the HTTP status (creator_info reports spam and cap errors with HTTP 200). Returns
 * `undefined` for `error.code === "ok"` and for bodies that are not an envelope (those fall back
 * to core's HTTP error rules).
 *
 * - `rate_limit_exceeded` (or HTTP 429) → `RateLimitError` (`source: "platform"`).
 * - every other code → `PlatformError` with `platformCode`, `traceId` (`log_id`) and `retryable`
 *   from https://developers.tiktok.com/doc/tiktok-api-v2-error-handling table (`internal_error` and unknown 5xx codes are retryable).
 *
 * @param what names the operation in the message, e.g. `"TikTok video init"`.
 * @group Errors
 */
export function tiktokErrorFromResponse(context: ResponseContext, what: string): PostkitError | undefined {
  const envelope = readEnvelope(context.body);
  if (!envelope) return undefined;
  if (envelope.code === TikTokErrorCode.OK) {
    // A 2xx "ok" is success; an "ok" with an error status is still an error.
    if (context.status < 400) return undefined;
  }
  const secrets = context.secrets ?? [];
  const message = envelope.message ? `: ${String(redactValue(envelope.message, secrets))}` : "";
  if (envelope.code === TikTokErrorCode.RATE_LIMIT_EXCEEDED || context.status === 429) {
    return new RateLimitError(`tiktok: ${what} was rate limited (${envelope.code})${message}`, {
      source: "platform",
      status: context.status,
      retryAfterMs: context.retryAfterMs,
      platformCode: envelope.code,
    });
  }
  const rule = RULES[envelope.code];
  if (rule?.scope) {
    return new ScopeError(`tiktok: ${what} failed with ${envelope.code}${message}`, {
      platform: "tiktok",
      missing: [],
      granted: [],
      platformCode: envelope.code,
      traceId: envelope.logId,
      status: context.status,
      hint: rule.hint,
    });
  }
  const retryable = rule ? rule.retryable : isRetryableStatus(context.status);
  return new PlatformError(`tiktok: ${what} failed with ${envelope.code}${message}`, {
    hint: rule?.hint,
    platform: "tiktok",
    platformCode: envelope.code,
    traceId: envelope.logId,
    status: context.status,
    retryable,
    retryAfterMs: context.retryAfterMs,
    body: redactValue(context.body, secrets),
    ...(rule?.code ? { code: rule.code } : {}),
  });
}
