// Google's JSON error body (https://developers.google.com/youtube/v3/docs/errors) → typed postkit errors, each with a `retryable` flag.
import {
  ErrorCode,
  PlatformError,
  type PlatformErrorCode,
  type PostkitError,
  RateLimitError,
  type ResponseContext,
  redactText,
  redactValue,
  UploadError,
} from "@postkit/core";
import * as z from "zod/mini";

/**
 * The `error.errors[].reason` values documented in the spec (https://developers.google.com/youtube/v3/docs, https://developers.google.com/youtube/v3/docs/errors), each with what to do about it.
 * Other reasons still become a {@link YouTubeApiError} with the reason as received.
 * @group Errors
 */
export const YouTubeErrorReason = {
  /** 403: the Google Cloud project's daily quota is used up. Not retryable: wait for midnight Pacific Time. */
  quotaExceeded: "quotaExceeded",
  /** 400: the channel hit its 24-hour cap of API uploads. Not retryable for 24 hours. */
  uploadLimitExceeded: "uploadLimitExceeded",
  /** 403 (or 429): short-term rate limit. Retryable with backoff. */
  rateLimitExceeded: "rateLimitExceeded",
  /** 403 (or 429): short-term per-user rate limit. Retryable with backoff. */
  userRateLimitExceeded: "userRateLimitExceeded",
  /** 403: access forbidden (wrong channel, or custom thumbnails not allowed for an unverified channel). */
  forbidden: "forbidden",
  /** 403: the token lacks a scope the method needs: connect again with the scope. */
  insufficientPermissions: "insufficientPermissions",
  /** 400: the title is empty, too long or contains `<` / `>`. */
  invalidTitle: "invalidTitle",
  /** 400: the description is too long or contains `<` / `>`. */
  invalidDescription: "invalidDescription",
  /** 400: the tags are too long in total. */
  invalidTags: "invalidTags",
  /** 400: the category id does not exist. */
  invalidCategoryId: "invalidCategoryId",
  /** 400: `publishAt` is invalid (or set without `private`). */
  invalidPublishAt: "invalidPublishAt",
  /** 400: the request had no media body. */
  mediaBodyRequired: "mediaBodyRequired",
  /** 400: localizations need `snippet.defaultLanguage`. */
  defaultLanguageNotSet: "defaultLanguageNotSet",
  /** 400 (thumbnails.set): the image could not be read as JPEG or PNG. */
  invalidImage: "invalidImage",
  /** 401: the Google account has no YouTube channel; the user must create one. */
  youtubeSignupRequired: "youtubeSignupRequired",
  /** 401: the access token is invalid or expired: refresh and retry once. */
  authError: "authError",
  /** 403: the YouTube Data API v3 is not enabled in the Google Cloud project. */
  accessNotConfigured: "accessNotConfigured",
} as const;

/** A documented reason, or any other string Google sends. @group Errors */
export type YouTubeErrorReason = (typeof YouTubeErrorReason)[keyof typeof YouTubeErrorReason] | (string & {});

const RETRYABLE_REASONS: ReadonlySet<string> = new Set([
  YouTubeErrorReason.rateLimitExceeded,
  YouTubeErrorReason.userRateLimitExceeded,
]);

const NEVER_RETRYABLE: ReadonlySet<string> = new Set([
  YouTubeErrorReason.quotaExceeded,
  YouTubeErrorReason.uploadLimitExceeded,
  YouTubeErrorReason.forbidden,
  YouTubeErrorReason.insufficientPermissions,
  YouTubeErrorReason.accessNotConfigured,
  YouTubeErrorReason.youtubeSignupRequired,
  YouTubeErrorReason.authError,
]);

/**
 * Whether a reason is worth retrying: rate limits yes; quota, upload limit, permissions and
 * validation no; unknown reasons follow the HTTP status (5xx retryable).
 * @group Errors
 */
export function isRetryableReason(reason: string | undefined, status: number): boolean {
  if (reason !== undefined && RETRYABLE_REASONS.has(reason)) return true;
  if (reason !== undefined && NEVER_RETRYABLE.has(reason)) return false;
  return status >= 500 || status === 429;
}

/** One entry of Google's `error.errors[]`. @group Errors */
export interface GoogleErrorItem {
  /** The machine-readable reason, e.g. `quotaExceeded`; compare with {@link YouTubeErrorReason}. */
  reason?: string | undefined;
  /** The error domain, e.g. `youtube.quota`, `youtube.video` or `global`. */
  domain?: string | undefined;
  /** The human-readable message, with HTML removed and secrets redacted. */
  message?: string | undefined;
  /** What the error is about, e.g. `Authorization` (with `locationType: "header"`). */
  location?: string | undefined;
  /** The kind of `location`, e.g. `header`. */
  locationType?: string | undefined;
}

const googleErrorBody = z.object({
  error: z.looseObject({
    code: z.optional(z.number()),
    message: z.optional(z.string()),
    status: z.optional(z.string()),
    errors: z.optional(
      z.array(
        z.looseObject({
          reason: z.optional(z.string()),
          domain: z.optional(z.string()),
          message: z.optional(z.string()),
          location: z.optional(z.string()),
          locationType: z.optional(z.string()),
        }),
      ),
    ),
  }),
});

/** What a {@link YouTubeApiError} is built from, usually by {@link parseGoogleError}. @group Errors */
export interface YouTubeApiErrorOptions {
  /** The HTTP status of the response; `undefined` when no HTTP error happened (an empty `channels.list`). */
  status: number | undefined;
  /** The first `error.errors[].reason`, or `error.status` when there is none. */
  reason: YouTubeErrorReason | undefined;
  /** The first `error.errors[].domain`, e.g. `youtube.quota`. */
  domain?: string | undefined;
  /** Google's canonical status, e.g. `PERMISSION_DENIED`. */
  googleStatus?: string | undefined;
  /** Every entry of `error.errors[]`, with HTML removed from messages. */
  errors?: readonly GoogleErrorItem[] | undefined;
  /** Whether repeating the same request can succeed (see {@link isRetryableReason}). */
  retryable: boolean;
  /** How long to wait before retrying, from a `Retry-After` header, in milliseconds. */
  retryAfterMs?: number | undefined;
  /** The response body, with secrets redacted. */
  body?: unknown;
  /** `ACCESS_TOKEN_INVALID` for `authError`. */
  code?: PlatformErrorCode | undefined;
  /** What to do about it, when there is advice beyond `next`. */
  hint?: string | undefined;
}

/**
 * An error from the YouTube Data API, parsed from Google's error body. `reason` is the first
 * `error.errors[].reason` (falling back to `error.status`); `platformCode` is the same string.
 * Compare it with {@link YouTubeErrorReason}.
 * @group Errors
 */
export class YouTubeApiError extends PlatformError {
  /** The first `error.errors[].reason`, or `error.status` when there is none. */
  readonly reason: YouTubeErrorReason | undefined;
  /** The first `error.errors[].domain`, e.g. `youtube.quota`. */
  readonly domain: string | undefined;
  /** Google's canonical status string, e.g. `PERMISSION_DENIED`. */
  readonly googleStatus: string | undefined;
  /** Every entry of `error.errors[]`, with HTML removed from messages; empty when there were none. */
  readonly errors: readonly GoogleErrorItem[];

  constructor(message: string, options: YouTubeApiErrorOptions) {
    super(message, {
      platform: "youtube",
      platformCode: options.reason ?? options.googleStatus ?? String(options.status ?? "unknown"),
      status: options.status,
      retryable: options.retryable,
      retryAfterMs: options.retryAfterMs,
      body: options.body,
      code: options.code,
      hint: options.hint,
    });
    this.name = "YouTubeApiError";
    this.reason = options.reason;
    this.domain = options.domain;
    this.googleStatus = options.googleStatus;
    this.errors = options.errors ?? [];
    (this as unknown as Record<symbol, unknown>)[API_MARKER] = true;
  }

  /** Whether `value` is a YouTubeApiError (from any copy of this package). */
  static override isInstance(value: unknown): value is YouTubeApiError {
    return (
      typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[API_MARKER] === true
    );
  }
}

const API_MARKER = Symbol.for("postkit.youtube.error.api");
const NO_CHANNEL_MARKER = Symbol.for("postkit.youtube.error.no-channel");

/**
 * The Google account has no YouTube channel (empty `channels.list`, or 401 `youtubeSignupRequired`).
 * The user must create a channel on youtube.com before anything can be uploaded. `reason` is
 * `youtubeSignupRequired` either way; `status` is 401 for that answer and `undefined` for an
 * empty list, which came with HTTP 200 (no HTTP error happened).
 * @group Errors
 */
export class NoChannelError extends YouTubeApiError {
  constructor(message: string, options: Partial<YouTubeApiErrorOptions> = {}) {
    super(message, {
      status: options.status,
      reason: YouTubeErrorReason.youtubeSignupRequired,
      domain: options.domain,
      googleStatus: options.googleStatus,
      errors: options.errors,
      retryable: false,
      body: options.body,
      hint: options.hint ?? "The user must create a channel on youtube.com, then connect again.",
    });
    this.name = "NoChannelError";
    (this as unknown as Record<symbol, unknown>)[NO_CHANNEL_MARKER] = true;
  }

  static override isInstance(value: unknown): value is NoChannelError {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as Record<symbol, unknown>)[NO_CHANNEL_MARKER] === true
    );
  }
}

/**
 * Google error messages may contain HTML (the quota message links to the docs): tags removed,
 * the common entities decoded, whitespace collapsed.
 * @group Errors
 */
export function stripHtml(message: string): string {
  return message
    .replace(/<[^>]*>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Reads Google's error body (`{ error: { code, message, status, errors: [{ reason, domain, message }] } }`)
 * from a response and returns the typed error: a core `RateLimitError` for rate-limit reasons
 * (retryable, `platformCode` = reason), a {@link NoChannelError} for `youtubeSignupRequired`, a
 * {@link YouTubeApiError} otherwise. Returns `undefined` for a success or a body that is not
 * Google's shape (the HTTP client's defaults then apply).
 * @group Errors
 */
export function parseGoogleError(context: ResponseContext, what: string): PostkitError | undefined {
  if (context.status < 400) return undefined;
  const parsed = z.safeParse(googleErrorBody, context.body);
  if (!parsed.success) return undefined;
  const { error } = parsed.data;
  const secrets = context.secrets ?? [];
  const errors: GoogleErrorItem[] = (error.errors ?? []).map((item) => ({
    reason: item.reason,
    domain: item.domain,
    message: item.message === undefined ? undefined : redactText(stripHtml(item.message), secrets),
    location: item.location,
    locationType: item.locationType,
  }));
  const first = errors[0];
  const reason = first?.reason ?? error.status;
  const message = redactText(stripHtml(error.message ?? first?.message ?? `HTTP ${context.status}`), secrets);
  const retryable = isRetryableReason(reason, context.status);
  const body = redactValue(context.body, secrets);
  const text = `youtube: ${what} failed with HTTP ${context.status}${reason ? ` ${reason}` : ""}: ${message}`;
  if (
    reason === YouTubeErrorReason.rateLimitExceeded ||
    reason === YouTubeErrorReason.userRateLimitExceeded
  ) {
    return new RateLimitError(text, {
      source: "platform",
      status: context.status,
      retryAfterMs: context.retryAfterMs,
      platformCode: reason,
    });
  }
  const options: YouTubeApiErrorOptions = {
    status: context.status,
    reason,
    domain: first?.domain,
    googleStatus: error.status,
    errors,
    retryable,
    retryAfterMs: context.retryAfterMs,
    body,
    code: reason === YouTubeErrorReason.authError ? ErrorCode.ACCESS_TOKEN_INVALID : undefined,
  };
  if (reason === YouTubeErrorReason.youtubeSignupRequired) {
    return new NoChannelError(
      `youtube: the Google account has no YouTube channel (${what}: HTTP ${context.status} youtubeSignupRequired).`,
      options,
    );
  }
  return new YouTubeApiError(text, options);
}

/**
 * The YouTube reason of an error, for a `switch`: `reason` of a {@link YouTubeApiError},
 * `platformCode` of a rate limit, and for an `UploadError` the reason of its `cause` (an upload
 * stopped by `quotaExceeded` mid-way is an `UploadError` with code `UPLOAD_INTERRUPTED`, its
 * resume state, and the YouTube error as `cause`). `undefined` for other errors.
 * @group Errors
 */
export function reasonOf(error: unknown): YouTubeErrorReason | undefined {
  for (let current = error, depth = 0; depth < 5; current = (current as Error).cause, depth++) {
    if (YouTubeApiError.isInstance(current)) return current.reason;
    if (RateLimitError.isInstance(current)) return current.platformCode;
    if (!UploadError.isInstance(current)) return undefined;
  }
  return undefined;
}

/**
 * Whether `error` is a YouTube API error (or rate limit) with this reason, or an `UploadError`
 * caused by one (see {@link reasonOf}).
 * @group Errors
 */
export function hasReason(error: unknown, reason: YouTubeErrorReason): boolean {
  return reason !== undefined && reasonOf(error) === reason;
}
