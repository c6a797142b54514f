import {
  type Account,
  type AuthorizationUrlInput,
  type CallOptions,
  type ConnectResult,
  commaSeparatedScopes,
  createCredentialResolver,
  createHttpClient,
  type CredentialSource,
  type ListOptions,
  type LoginSession,
  type LoginStart,
  MemoryIdempotencyStore,
  type Page,
  type PhotoPublishInput,
  type Provider,
  type PublishJob,
  type RenewalKind,
  type ResumeState,
  type ResumeUploadInput,
  type ScopeStyle,
  type TokenSet,
  ValidationError,
  type VideoPublishInput,
  type WaitOptions,
} from "@postkit/core";
import { createApi } from "./api.js";
import { TIKTOK_CAPABILITIES } from "./capabilities.js";
import { connectLogin, startLogin } from "./connect.js";
import { type TikTokContext, withTokens } from "./context.js";
import { queryCreatorInfo, type TikTokCreatorInfo } from "./creator-info.js";
import { TIKTOK_BASE_URLS } from "./endpoints.js";
import * as oauth from "./oauth.js";
import type { TikTokAuthorizationUrlInput, TikTokCallback } from "./oauth.js";
import {
  checkRedirectUri,
  type TikTokConnection,
  type TikTokOptions,
  type TikTokPhotoOptions,
  type TikTokVideoOptions,
} from "./options.js";
import * as profile from "./profile.js";
import type { GetUserInfoOptions, TikTokProfile, TikTokUserField, TikTokUserInfo } from "./profile.js";
import * as publish from "./publish.js";
import type {
  TikTokDirectPostInput,
  TikTokDraftInput,
  TikTokPhotoPostInput,
  TikTokPublishStart,
} from "./publish.js";
import {
  publishPhotosJob,
  publishStatusJob,
  publishVideoJob,
  resumeUploadJob,
  waitForPublishJob,
} from "./publish-jobs.js";
import { TikTokRateLimiter } from "./rate-limit.js";
import type { TikTokScope } from "./scopes.js";
import * as status from "./status.js";
import type { TikTokPublishStatus, WaitForPublishOptions } from "./status.js";
import { realTimers } from "./timers.js";
import * as videos from "./videos.js";
import type { QueryVideosOptions, TikTokVideo, TikTokVideoField } from "./videos.js";

export type { TikTokConnection, TikTokOptions, TikTokPhotoOptions, TikTokVideoOptions } from "./options.js";

/**
 * The TikTok client: Login Kit v2 OAuth with PKCE, typed profile fields, video list and query,
 * Content Posting (direct posts, drafts, photos) with exact chunk rules, publish jobs, status
 * polling, and client-side rate limiting. Implements core's `Provider` (contract v1).
 *
 * @example
 * ```ts
 * const tiktok = new TikTok({ clientKey, clientSecret, redirectUri: "https://app.example/callback/tiktok" });
 * const { url, session } = await tiktok.createAuthorizationUrl({ scopes: ["user.info.basic", "video.publish"] });
 * // …keep `session`, redirect to `url`; then on the callback:
 * const { accounts } = await tiktok.connect(request.url, session);
 * const profile = await tiktok.getProfile(accounts[0]!);
 * ```
 * @group Client
 */
export class TikTok
  implements Provider<TikTokScope, TikTokProfile, TikTokVideoOptions, TikTokPhotoOptions, TikTokVideo>
{
  /** The contract version implemented. */
  readonly specificationVersion = "v1" as const;
  /** The platform id, `"tiktok"`. */
  readonly id = "tiktok" as const;
  /** Comma-separated scopes, both ways. */
  readonly scopeStyle: ScopeStyle = commaSeparatedScopes;
  /** Refresh tokens, which TikTok may rotate on every use. */
  readonly renewal: RenewalKind = "refresh-token";
  /** Per operation: available, and the scopes it needs. */
  readonly capabilities = TIKTOK_CAPABILITIES;
  readonly #context: TikTokContext;

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
      limiter: sharedLimiter,
      uploadTimeoutMs,
      clock,
      tokenStore,
      onTokens,
      idempotencyStore,
      ...http
    } = options;
    const urls = { ...TIKTOK_BASE_URLS, ...baseUrls };
    const timers = clock ?? realTimers;
    const limiter = sharedLimiter ?? new TikTokRateLimiter(timers, rateLimit);
    this.#context = {
      clientKey,
      clientSecret,
      redirectUri: checkRedirectUri(redirectUri),
      pkce: pkce ?? "hex",
      baseUrls: urls,
      api: createApi(urls.api, http, limiter, rateLimit?.mode !== "off"),
      // Chunk PUTs get their own client: a 64 MB chunk needs a longer time limit than an API call.
      upload: createHttpClient("tiktok", { ...http, timeoutMs: uploadTimeoutMs ?? 300_000 }),
      uploadRetry: http.retry,
      logger: http.logger,
      limiter,
      timers,
      // One resolver per client: every call for a grant shares one renewal.
      credentials: createCredentialResolver({
        platform: "tiktok",
        renewal: this.renewal,
        renew: (tokens) => this.renewTokens(tokens),
        tokenStore,
        onTokens,
        now: () => timers.now(),
      }),
      tokenStore,
      idempotency: idempotencyStore ?? new MemoryIdempotencyStore({ now: () => timers.now() }),
    };
  }

  // ── OAuth ────────────────────────────────────────────────────────────────────────────────

  /**
   * The authorization URL (`client_key`, comma-separated scopes, `response_type=code`,
   * `redirect_uri`, `state`, PKCE `S256`) plus the login session to keep for {@link connect}
   * (server-side, or sealed into a cookie with core's `sealLoginSession`).
   * @throws `ValidationError` when the scopes or parameters make an invalid authorization request.
   */
  createAuthorizationUrl(
    input: TikTokAuthorizationUrlInput | AuthorizationUrlInput<TikTokScope>,
  ): Promise<LoginStart> {
    return startLogin(this.#context, input);
  }

  /**
   * Validates the callback without exchanging the code: `state` (constant time), then `error` /
   * `error_description` (an `OAuthError`, `OAUTH_ACCESS_DENIED` when the user declined), then
   * `code`; returns the scopes the user actually granted (`scopes`).
   * @throws `OAuthError` when `state` does not match, the callback carries an `error` (`OAUTH_ACCESS_DENIED` when the user declined) or has no `code`.
   */
  parseCallback(callback: string | URL | URLSearchParams, expectedState: string): TikTokCallback {
    return oauth.parseCallback(callback, expectedState);
  }

  /**
   * Finishes a login: checks the session (a missing, expired or foreign one is an `OAuthError`
   * `OAUTH_SESSION_INVALID`), validates the callback, exchanges the code with the PKCE verifier,
   * and returns the grant and its one account (the user's `open_id`, named from user info when
   * `user.info.basic` was granted). With a `tokenStore`, the tokens are saved there first.
   * @throws `OAuthError` when the login session is missing, expired or foreign (`OAUTH_SESSION_INVALID`), the callback is refused (`OAUTH_ACCESS_DENIED` when the user declined) or the code exchange fails.
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  connect(
    callback: string | URL | URLSearchParams,
    session: LoginSession | undefined,
    options: CallOptions = {},
  ): Promise<ConnectResult> {
    return connectLogin(this.#context, callback, session, options);
  }

  /**
   * New tokens from the refresh token. TikTok may rotate the refresh token: the returned set
   * carries the new one (the old is kept when none is returned). An expired or revoked refresh
   * token gives an `OAuthError` with code `REAUTH_REQUIRED`. Connections renew by themselves;
   * call this only to manage tokens by hand.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the refresh token is expired or revoked.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  renewTokens(tokens: TokenSet, options: CallOptions = {}): Promise<TokenSet> {
    return oauth.refreshTokens(this.#context, tokens, options.signal);
  }

  /**
   * Revokes the grant at TikTok (the user's authorization of the app) and forgets it in the store.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  async revoke(connection: TikTokConnection, options: CallOptions = {}): Promise<void> {
    const source = this.#context.credentials.sourceFor(connection);
    await oauth.revokeTokens(this.#context, await source.get(options), options.signal);
    await this.#context.tokenStore?.delete(connection.account.credentialKey);
  }

  /** The credential source acting for an account, bound to the client's `tokenStore`. */
  credentialsFor(account: Account): CredentialSource {
    return this.#context.credentials.sourceFor({ account });
  }

  // ── Profile ──────────────────────────────────────────────────────────────────────────────

  /**
   * The profile, with the fields the granted scopes allow: basic always, bio/username/verified
   * with `user.info.profile`, counts with `user.info.stats`. Needs `user.info.basic`. A field
   * TikTok leaves out does not fail it (see {@link TikTokProfile}); only `open_id` must come back.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  getProfile(connection: TikTokConnection, options: CallOptions = {}): Promise<TikTokProfile> {
    return withTokens(this.#context, connection, "getProfile", options.signal, (tokens) =>
      profile.getProfile(this.#context, tokens, options),
    );
  }

  /**
   * Exactly the requested `/v2/user/info/` fields, typed by the request. A field whose scope was
   * not granted throws a `ScopeError` naming the scope, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  getUserInfo<F extends TikTokUserField>(
    connection: TikTokConnection,
    options: GetUserInfoOptions<F>,
  ): Promise<TikTokUserInfo<F>> {
    return withTokens(this.#context, connection, undefined, options.signal, (tokens) =>
      profile.getUserInfo(this.#context, tokens, options),
    );
  }

  // ── Videos ───────────────────────────────────────────────────────────────────────────────

  /**
   * One page (at most 20) of the user's public videos, newest first. Needs `video.list`. Pass
   * the page's `nextCursor` back as `cursor`; walk them all with core's `iteratePages`.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  listVideos(
    connection: TikTokConnection,
    options: ListOptions & { fields?: readonly TikTokVideoField[] | undefined } = {},
  ): Promise<Page<TikTokVideo>> {
    return withTokens(this.#context, connection, "listVideos", options.signal, (tokens) =>
      videos.listVideoPage(this.#context, tokens, options),
    );
  }

  /**
   * The user's videos with these ids (1–20, as strings); refreshes cover URLs. Needs `video.list`.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  queryVideos<F extends TikTokVideoField = TikTokVideoField>(
    connection: TikTokConnection,
    videoIds: readonly string[],
    options: QueryVideosOptions<F> = {},
  ): Promise<TikTokVideo<F>[]> {
    return withTokens(this.#context, connection, "listVideos", options.signal, (tokens) =>
      videos.queryVideos(this.#context, tokens, videoIds, options),
    );
  }

  // ── Posting ──────────────────────────────────────────────────────────────────────────────

  /**
   * The creator's current posting settings (nickname, privacy options, disabled interactions,
   * max duration). Call it when rendering the post UI. Needs `video.publish`; 20 per minute.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  getCreatorInfo(connection: TikTokConnection, options: CallOptions = {}): Promise<TikTokCreatorInfo> {
    return withTokens(this.#context, connection, undefined, options.signal, (tokens) =>
      queryCreatorInfo(this.#context, tokens, options),
    );
  }

  /**
   * Posts a video directly (`video.publish`): options are checked against the creator info, then
   * one init call (never repeated), then the chunks when uploading bytes. Resolves when TikTok
   * has the bytes; follow it with {@link fetchPublishStatus} or core's jobs ({@link publishVideo}).
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `UploadError` (with a `resumeState`) when the upload cannot continue.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  postVideo(connection: TikTokConnection, input: TikTokDirectPostInput): Promise<TikTokPublishStart> {
    return withTokens(this.#context, connection, undefined, input.signal, (tokens) =>
      publish.directPostVideo(this.#context, tokens, input),
    );
  }

  /**
   * Uploads a video to the creator's TikTok inbox as a draft (`video.upload`); the creator gets a
   * notification and finishes the post in the app. At most 5 pending drafts per 24 h.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `UploadError` (with a `resumeState`) when the upload cannot continue.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  uploadDraft(connection: TikTokConnection, input: TikTokDraftInput): Promise<TikTokPublishStart> {
    return withTokens(this.#context, connection, undefined, input.signal, (tokens) =>
      publish.uploadDraft(this.#context, tokens, input),
    );
  }

  /**
   * A photo post (1–35 image URLs on a verified domain), `DIRECT_POST` or `MEDIA_UPLOAD`.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  postPhotos(connection: TikTokConnection, input: TikTokPhotoPostInput): Promise<TikTokPublishStart> {
    return withTokens(this.#context, connection, undefined, input.signal, (tokens) =>
      publish.postPhotos(this.#context, tokens, input),
    );
  }

  /**
   * Cancels a `PULL_FROM_URL` download still in progress (best effort).
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  cancelPublish(connection: TikTokConnection, publishId: string, options: CallOptions = {}): Promise<void> {
    return withTokens(this.#context, connection, undefined, options.signal, (tokens) =>
      publish.cancelPublish(this.#context, tokens, publishId, options),
    );
  }

  /**
   * The publish's current status, with `publicPostIds` as exact strings.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  fetchPublishStatus(
    connection: TikTokConnection,
    publishId: string,
    options: CallOptions = {},
  ): Promise<TikTokPublishStatus> {
    return withTokens(this.#context, connection, "getPublishStatus", options.signal, (tokens) =>
      status.fetchPublishStatus(this.#context, tokens, publishId, options),
    );
  }

  /**
   * Polls the status with a doubling delay (at least 2 s, within TikTok's 30/min) until
   * `PUBLISH_COMPLETE`, `SEND_TO_USER_INBOX` or `FAILED` (with `failReason`), or `timeoutMs`
   * passes, and returns the last status either way.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  waitForPublishStatus(
    connection: TikTokConnection,
    publishId: string,
    options: WaitForPublishOptions = {},
  ): Promise<TikTokPublishStatus> {
    return withTokens(this.#context, connection, "getPublishStatus", options.signal, (tokens) =>
      status.waitForPublish(this.#context, tokens, publishId, options),
    );
  }

  // ── Publishing as jobs (core's Provider) ─────────────────────────────────────────────────

  /**
   * core's `Provider.publishVideo`: `mode: "direct"` → {@link postVideo}, `mode: "draft"` →
   * {@link uploadDraft}, as a job (`processing` once TikTok has the bytes). With an
   * `idempotencyKey`, the same key never publishes twice.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ConflictError` when the idempotency key was used for other content, before any request.
   * @throws `UploadError` (with a `resumeState`) when the upload cannot continue.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  publishVideo(
    connection: TikTokConnection,
    input: VideoPublishInput<TikTokVideoOptions>,
  ): Promise<PublishJob> {
    return publishVideoJob(this.#context, connection, input);
  }

  /**
   * core's `Provider.publishPhotos`: {@link postPhotos} with the images from `imageUrls`, as a
   * job. TikTok fetches the images itself, so a lost response to the init call may still become
   * a post: the job is then `unknown` (TikTok offers no way to look it up without its id) and is
   * never repeated by postkit.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ConflictError` when the idempotency key was used for other content, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  publishPhotos(
    connection: TikTokConnection,
    input: PhotoPublishInput<TikTokPhotoOptions>,
  ): Promise<PublishJob> {
    return publishPhotosJob(this.#context, connection, input);
  }

  /**
   * Continues an interrupted upload from a state saved by `onResumeState` (or an `UploadError`'s
   * `resumeState`) with the same bytes, within the hour the upload URL lives. An upload URL that
   * is not on TikTok's upload hosts (or the configured `upload` base URL's origin) is refused
   * before anything is sent.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `UploadError` (with a `resumeState`) when the upload cannot continue.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  resumeUpload(
    connection: TikTokConnection,
    state: ResumeState,
    input: ResumeUploadInput,
  ): Promise<PublishJob> {
    return resumeUploadJob(this.#context, connection, state, input);
  }

  /**
   * core's `Provider.getPublishStatus`: the job brought up to date from TikTok's status. A job
   * whose init response was lost (no `publishId`) stays `unknown`: TikTok cannot look it up.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  getPublishStatus(
    connection: TikTokConnection,
    job: PublishJob,
    options: CallOptions = {},
  ): Promise<PublishJob> {
    return publishStatusJob(this.#context, connection, job, options);
  }

  /**
   * core's `Provider.waitForPublish`: polls at TikTok's pace (3 s, doubling) until the job settles or `timeoutMs` passes.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `PlatformError` when the platform refuses the call or cannot be reached.
   */
  waitForPublish(
    connection: TikTokConnection,
    job: PublishJob,
    options: WaitOptions = {},
  ): Promise<PublishJob> {
    return waitForPublishJob(this.#context, connection, job, options);
  }
}
