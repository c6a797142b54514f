import {
  createHttpClient,
  type AuthorizationRequest,
  type AuthorizationUrlInput,
  type CallbackSession,
  type CallOptions,
  commaSeparatedScopes,
  type HttpOptions,
  type PhotoPublishInput,
  type Provider,
  type PublishingCapabilities,
  type PublishResult,
  type ResumeState,
  type ScopeStyle,
  type TokenSet,
  type UploadSource,
  ValidationError,
  type VideoPublishInput,
} from "@postkit/core";
import { createApi } from "./api.js";
import type { TikTokContext } from "./context.js";
import type { TikTokCreatorInfo } from "./creator-info.js";
import { queryCreatorInfo } from "./creator-info.js";
import { TIKTOK_BASE_URLS, type TikTokBaseUrls } from "./endpoints.js";
import * as oauth from "./oauth.js";
import type { TikTokAuthorizationUrlInput, TikTokCallback } from "./oauth.js";
import type {
  TikTokDirectPostOptions,
  TikTokPhotoDetails,
  TikTokPhotoDirectPost,
  TikTokPhotoMediaUpload,
} from "./post-options.js";
import * as profile from "./profile.js";
import type { GetUserInfoOptions, TikTokProfile, TikTokUserField, TikTokUserInfo } from "./profile.js";
import * as publish from "./publish.js";
import type {
  TikTokDirectPostInput,
  TikTokDraftInput,
  TikTokPhotoPostInput,
  TikTokPublishStart,
} from "./publish.js";
import { type TikTokRateLimitOptions, TikTokRateLimiter } from "./rate-limit.js";
import type { TikTokScope } from "./scopes.js";
import * as status from "./status.js";
import type { TikTokPublishStatus, WaitForPublishOptions } from "./status.js";
import { realTimers, type TikTokTimers } from "./timers.js";
import type { TikTokUploadControls, TikTokVideoContentType } from "./upload.js";
import * as videos from "./videos.js";
import type {
  ListVideosOptions,
  QueryVideosOptions,
  TikTokVideo,
  TikTokVideoField,
  TikTokVideoPage,
} from "./videos.js";

/**
 * Options of the {@link TikTok} client. Transport options (`fetch`, `timeoutMs`, `retry`,
 * `logger`, `hooks`, `headers`) are core's `HttpOptions`.
 * @group Client
 */
export interface TikTokOptions extends HttpOptions {
  /** The app's client key from the developer portal (TikTok's name for client_id). */
  clientKey: string;
  /** The app's client secret. Never logged or put in errors. */
  clientSecret: string;
  /**
   * A redirect URI registered for the app, used exactly. Web: absolute `https`, no query or
   * fragment, under 512 characters. Desktop: `localhost` or `127.0.0.1` with a port, `http` or
   * `https`, e.g. `http://127.0.0.1:8080/callback/` (with the real port when a wildcard is registered).
   */
  redirectUri: string;
  /**
   * How the PKCE `S256` challenge is written. TikTok's desktop and mobile flows want lowercase
   * hex; whether the web flow also accepts RFC 7636 base64url is UNCONFIRMED.
   * @default "hex"
   */
  pkce?: "hex" | "base64url" | undefined;
  /** Hosts to use instead of TikTok's, e.g. an emulator's (`server.baseUrls.tiktok`). */
  baseUrls?: Partial<TikTokBaseUrls> | undefined;
  /** Client-side enforcement of TikTok's per-token rate limits. @default { mode: "wait" } */
  rateLimit?: TikTokRateLimitOptions | undefined;
  /**
   * Time limit of one chunk PUT in milliseconds, or `false`. Chunk PUTs stream the chunk through
   * `fetch` directly (no body copy); `retry`, `logger`, `headers` and `hooks` apply to them, but
   * the request `hooks.beforeRequest` and `hooks.afterResponse` see carries no body.
   * @default 300000
   */
  uploadTimeoutMs?: number | false | undefined;
  /** Clock and sleep for the limiter, upload expiry and polling; for tests. */
  timers?: TikTokTimers | undefined;
}

/**
 * TikTok's photo options for the uniform core's `Provider.publishPhotos` (the images come as the
 * input's `imageUrls`): `postMode: "DIRECT_POST"` posts (`video.publish`, privacy level required),
 * `postMode: "MEDIA_UPLOAD"` sends them to the creator's inbox (`video.upload`).
 * @group Client
 */
export type TikTokPhotoOptions = (TikTokPhotoDirectPost | TikTokPhotoMediaUpload) &
  TikTokPhotoDetails & {
    /** The creator info your post UI showed; queried when needed and absent. */
    creatorInfo?: TikTokCreatorInfo | undefined;
  };

/**
 * TikTok's video options for the uniform core's `Provider.publishVideo`: `mode: "direct"` posts
 * (needs `video.publish`, options checked against the creator info); `mode: "draft"` sends the
 * video to the creator's TikTok inbox to finish in the app (needs `video.upload`).
 * @group Client
 */
export type TikTokVideoOptions =
  | ({
      /** Post directly (`video.publish`). */
      mode: "direct";
      /**
       * The creator info your post UI showed the user. TikTok requires the latest values; when
       * absent postkit queries it (one of the 20 calls per minute).
       */
      creatorInfo?: TikTokCreatorInfo | undefined;
      /** Chunk size for files over 64 MB (5,242,880–64,000,000). @default 10000000 */
      chunkSize?: number | undefined;
      /** `video/mp4`, `video/quicktime` or `video/webm`. @default the source's `type`, else `video/mp4` */
      contentType?: TikTokVideoContentType | undefined;
    } & TikTokDirectPostOptions)
  | {
      /** Send the video to the creator's TikTok inbox to finish in the app (`video.upload`). */
      mode: "draft";
      /** Chunk size for files over 64 MB (5,242,880–64,000,000). @default 10000000 */
      chunkSize?: number | undefined;
      /** `video/mp4`, `video/quicktime` or `video/webm`. @default the source's `type`, else `video/mp4` */
      contentType?: TikTokVideoContentType | undefined;
    };

/**
 * Spec §1.1. Web: absolute `https`, static, under 512 characters. Desktop: host `localhost` or
 * `127.0.0.1` only, `http` or `https`, and a port is required (TikTok may register a wildcard
 * port, but the URI sent must carry the real one).
 */
function checkRedirectUri(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const wildcard = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:\*/i.test(value);
    throw new ValidationError(
      wildcard
        ? "tiktok: redirectUri must carry the actual port; a wildcard port (`:*`) is only for registering it."
        : "tiktok: redirectUri must be an absolute URL.",
    );
  }
  const desktop = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  const problems: string[] = [];
  if (value.length >= 512) problems.push("must be under 512 characters");
  if (url.search || url.hash) problems.push("must be static (no query string, no #fragment)");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && desktop)) {
    problems.push("must be https (http only for localhost or 127.0.0.1 desktop apps)");
  }
  // Checked on the text: URL drops a default port (`https://localhost:443/` has port "").
  if (desktop && !/^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?[^/?#:]+:\d+(?:[/?#]|$)/i.test(value)) {
    problems.push("a desktop (localhost or 127.0.0.1) redirect needs a port");
  }
  if (problems.length) throw new ValidationError(`tiktok: redirectUri ${problems.join("; ")}.`);
  return value;
}

/**
 * The TikTok client: Login Kit v2 OAuth with PKCE, typed profile fields, video list and query,
 * Content Posting (direct posts, drafts, photos) with exact chunk rules, status polling, and
 * client-side rate limiting. Implements core's `Provider`.
 *
 * @example
 * ```ts
 * const tiktok = new TikTok({ clientKey, clientSecret, redirectUri: "https://app.example/callback/tiktok" });
 * const { url, state, codeVerifier } = await tiktok.createAuthorizationUrl({ scopes: ["user.info.basic", "video.publish"] });
 * // …redirect, then on the callback:
 * const tokens = await tiktok.handleCallback(request.url, { state, codeVerifier });
 * ```
 * @group Client
 */
export class TikTok implements Provider<TikTokScope, TikTokProfile, TikTokVideoOptions, TikTokPhotoOptions> {
  /** The platform id, `"tiktok"`. */
  readonly id = "tiktok" as const;
  /** Comma-separated scopes, both ways. */
  readonly scopeStyle: ScopeStyle = commaSeparatedScopes;
  /** Video, photo, drafts and resumable uploads: all supported. */
  readonly capabilities: PublishingCapabilities = Object.freeze({
    video: true,
    photo: true,
    drafts: true,
    resumableUploads: true,
  });
  readonly #context: TikTokContext;
  readonly #pkce: "hex" | "base64url";

  constructor(options: TikTokOptions) {
    if (!options?.clientKey) throw new ValidationError("tiktok: clientKey is required.");
    if (!options.clientSecret) throw new ValidationError("tiktok: clientSecret is required.");
    if (options.pkce !== undefined && options.pkce !== "hex" && options.pkce !== "base64url") {
      throw new ValidationError('tiktok: pkce must be "hex" or "base64url".');
    }
    const {
      clientKey,
      clientSecret,
      redirectUri,
      pkce,
      baseUrls,
      rateLimit,
      uploadTimeoutMs,
      timers,
      ...http
    } = options;
    const urls: TikTokBaseUrls = { ...TIKTOK_BASE_URLS, ...baseUrls };
    const clock = timers ?? realTimers;
    const limiter = new TikTokRateLimiter(clock, rateLimit);
    this.#pkce = pkce ?? "hex";
    this.#context = {
      clientKey,
      clientSecret,
      redirectUri: checkRedirectUri(redirectUri),
      baseUrls: urls,
      api: createApi(urls.api, http, limiter),
      // Chunk PUTs get their own client: a 64 MB chunk needs a longer time limit than an API call.
      upload: createHttpClient("tiktok", { ...http, timeoutMs: uploadTimeoutMs ?? 300_000 }),
      uploadRetry: http.retry,
      logger: http.logger,
      limiter,
      timers: clock,
    };
  }

  // ── OAuth ────────────────────────────────────────────────────────────────────────────────

  /**
   * The authorization URL (`client_key`, comma-separated scopes, `response_type=code`,
   * `redirect_uri`, `state`, PKCE `S256`) plus the `state` and `codeVerifier` to keep in the
   * user's session for {@link handleCallback}.
   */
  createAuthorizationUrl(
    input: TikTokAuthorizationUrlInput | AuthorizationUrlInput<TikTokScope>,
  ): Promise<AuthorizationRequest> {
    return oauth.createAuthorizationUrl(this.#context, this.#pkce, input);
  }

  /**
   * Validates the callback without exchanging the code: `state` (constant time), then `error` /
   * `error_description` (an `OAuthError`, `OAUTH_ACCESS_DENIED` when the user declined), then
   * `code`; returns the scopes the user actually granted (`scopes`).
   */
  parseCallback(callback: string | URL | URLSearchParams, expectedState: string): TikTokCallback {
    return oauth.parseCallback(callback, expectedState);
  }

  /**
   * Validates the callback and exchanges the code (with the PKCE verifier) for tokens.
   * `tokens.scopes` are the scopes granted; `tokens.raw.open_id` is the user's id.
   */
  handleCallback(callback: string | URL | URLSearchParams, session: CallbackSession): Promise<TokenSet> {
    return oauth.handleCallback(this.#context, callback, session);
  }

  /**
   * New tokens from the refresh token. TikTok may rotate the refresh token: store the returned
   * set (the new refresh token replaces the old; it is kept when none is returned). An expired or
   * revoked refresh token gives an `OAuthError` with code `REAUTH_REQUIRED`.
   */
  refreshTokens(tokens: TokenSet, options: CallOptions = {}): Promise<TokenSet> {
    return oauth.refreshTokens(this.#context, tokens, options.signal);
  }

  /** Revokes the access token (and with it the user's authorization of the app). */
  revokeTokens(tokens: TokenSet, options: CallOptions = {}): Promise<void> {
    return oauth.revokeTokens(this.#context, tokens, options.signal);
  }

  // ── Profile ──────────────────────────────────────────────────────────────────────────────

  /**
   * The profile, with the fields the granted scopes allow: basic always, bio/username/verified
   * with `user.info.profile`, counts with `user.info.stats`. Needs `user.info.basic`. A field
   * TikTok leaves out does not fail it (see {@link TikTokProfile}); only `open_id` must come back.
   */
  getProfile(tokens: TokenSet, options: CallOptions = {}): Promise<TikTokProfile> {
    return profile.getProfile(this.#context, tokens, options);
  }

  /**
   * Exactly the requested `/v2/user/info/` fields, typed by the request. A field whose scope was
   * not granted throws a `ScopeError` naming the scope, before any request.
   */
  getUserInfo<F extends TikTokUserField>(
    tokens: TokenSet,
    options: GetUserInfoOptions<F>,
  ): Promise<TikTokUserInfo<F>> {
    return profile.getUserInfo(this.#context, tokens, options);
  }

  // ── Videos ───────────────────────────────────────────────────────────────────────────────

  /** One page (at most 20) of the user's public videos, newest first. Needs `video.list`. */
  listVideos<F extends TikTokVideoField = TikTokVideoField>(
    tokens: TokenSet,
    options: ListVideosOptions<F> = {},
  ): Promise<TikTokVideoPage<F>> {
    return videos.listVideos(this.#context, tokens, options);
  }

  /** Every public video, page by page: `for await (const video of tiktok.iterateVideos(tokens))`. */
  iterateVideos<F extends TikTokVideoField = TikTokVideoField>(
    tokens: TokenSet,
    options: ListVideosOptions<F> = {},
  ): AsyncGenerator<TikTokVideo<F>, void, undefined> {
    return videos.iterateVideos(this.#context, tokens, options);
  }

  /** The user's videos with these ids (1–20, as strings); refreshes cover URLs. Needs `video.list`. */
  queryVideos<F extends TikTokVideoField = TikTokVideoField>(
    tokens: TokenSet,
    videoIds: readonly string[],
    options: QueryVideosOptions<F> = {},
  ): Promise<TikTokVideo<F>[]> {
    return videos.queryVideos(this.#context, tokens, videoIds, options);
  }

  // ── Posting ──────────────────────────────────────────────────────────────────────────────

  /**
   * The creator's current posting settings (nickname, privacy options, disabled interactions,
   * max duration). Call it when rendering the post UI. Needs `video.publish`; 20 per minute.
   */
  getCreatorInfo(tokens: TokenSet, options: CallOptions = {}): Promise<TikTokCreatorInfo> {
    return queryCreatorInfo(this.#context, tokens, options);
  }

  /**
   * Posts a video directly (`video.publish`): options are checked against the creator info, then
   * one init call (never repeated), then the chunks when uploading bytes. Resolves when TikTok
   * has the bytes; poll with {@link waitForPublish}.
   */
  postVideo(tokens: TokenSet, input: TikTokDirectPostInput): Promise<TikTokPublishStart> {
    return publish.directPostVideo(this.#context, tokens, input);
  }

  /**
   * Uploads a video to the creator's TikTok inbox as a draft (`video.upload`); the creator gets a
   * notification and finishes the post in the app. At most 5 pending drafts per 24 h.
   */
  uploadDraft(tokens: TokenSet, input: TikTokDraftInput): Promise<TikTokPublishStart> {
    return publish.uploadDraft(this.#context, tokens, input);
  }

  /**
   * Continues an interrupted upload from a state saved by `onResumeState` (or an `UploadError`'s
   * `resumeState`) with the same bytes, within the hour the upload URL lives. An upload URL that
   * is not `https` on TikTok's upload hosts (`tiktokapis.com`) or on the configured `upload` base
   * URL's origin is refused with a `ValidationError`, before anything is sent.
   */
  resumeUpload(
    state: ResumeState,
    source: UploadSource,
    controls: TikTokUploadControls = {},
  ): Promise<TikTokPublishStart> {
    return publish.resumeUpload(this.#context, state, source, controls);
  }

  /** A photo post (1–35 image URLs on a verified domain), `DIRECT_POST` or `MEDIA_UPLOAD`. */
  postPhotos(tokens: TokenSet, input: TikTokPhotoPostInput): Promise<TikTokPublishStart> {
    return publish.postPhotos(this.#context, tokens, input);
  }

  /** Cancels a `PULL_FROM_URL` download still in progress (best effort). */
  cancelPublish(tokens: TokenSet, publishId: string, options: CallOptions = {}): Promise<void> {
    return publish.cancelPublish(this.#context, tokens, publishId, options);
  }

  /** The publish's current status, with `publicPostIds` as exact strings. */
  fetchPublishStatus(
    tokens: TokenSet,
    publishId: string,
    options: CallOptions = {},
  ): Promise<TikTokPublishStatus> {
    return status.fetchPublishStatus(this.#context, tokens, publishId, options);
  }

  /**
   * Polls the status with a doubling delay (at least 2 s, within TikTok's 30/min) until
   * `PUBLISH_COMPLETE`, `SEND_TO_USER_INBOX` or `FAILED` (with `failReason`), and returns it.
   * Throws a `TIMEOUT` error after `timeoutMs`.
   */
  waitForPublish(
    tokens: TokenSet,
    publishId: string,
    options: WaitForPublishOptions = {},
  ): Promise<TikTokPublishStatus> {
    return status.waitForPublish(this.#context, tokens, publishId, options);
  }

  // ── Provider ─────────────────────────────────────────────────────────────────────────────

  /** core's `Provider.publishVideo`: `mode: "direct"` → {@link postVideo}, `mode: "draft"` → {@link uploadDraft}. */
  async publishVideo(tokens: TokenSet, input: VideoPublishInput<TikTokVideoOptions>): Promise<PublishResult> {
    const { options, source, onProgress, onResumeState, signal } = input;
    const controls = { onProgress, onResumeState, signal };
    let started: TikTokPublishStart;
    if (options?.mode === "direct") {
      const { mode: _mode, creatorInfo, chunkSize, contentType, ...postOptions } = options;
      started = await this.postVideo(tokens, {
        source,
        chunkSize,
        contentType,
        creatorInfo,
        options: postOptions,
        ...controls,
      });
    } else if (options?.mode === "draft") {
      started = await this.uploadDraft(tokens, {
        source,
        chunkSize: options.chunkSize,
        contentType: options.contentType,
        ...controls,
      });
    } else {
      throw new ValidationError('tiktok: publishVideo options need mode "direct" or "draft".');
    }
    return { platform: "tiktok", id: started.publishId, state: "processing" };
  }

  /** core's `Provider.publishPhotos`: {@link postPhotos} with the images from `imageUrls`. */
  async publishPhotos(
    tokens: TokenSet,
    input: PhotoPublishInput<TikTokPhotoOptions>,
  ): Promise<PublishResult> {
    const started = await this.postPhotos(tokens, {
      ...input.options,
      imageUrls: input.imageUrls,
      signal: input.signal,
    });
    return { platform: "tiktok", id: started.publishId, state: "processing" };
  }

  /** core's `Provider.getPublishStatus`: TikTok's status mapped to processing / published / draft / failed. */
  async getPublishStatus(tokens: TokenSet, id: string, options: CallOptions = {}): Promise<PublishResult> {
    const current = await this.fetchPublishStatus(tokens, id, options);
    return toPublishResult(current);
  }
}

/** Maps a TikTok status to core's uniform `PublishResult`. @group Status */
export function toPublishResult(current: TikTokPublishStatus): PublishResult {
  const state =
    current.status === "PUBLISH_COMPLETE"
      ? "published"
      : current.status === "SEND_TO_USER_INBOX"
        ? "draft"
        : current.status === "FAILED"
          ? "failed"
          : "processing";
  return {
    platform: "tiktok",
    id: current.publishId,
    state,
    postId: current.publicPostIds[0],
    failureReason: current.failReason,
    raw: current,
  };
}
