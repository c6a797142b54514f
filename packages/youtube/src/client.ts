// The YouTube client: the v1 provider contract plus typed YouTube extras. Thin: it builds one
// context and hands each call to the module of its concern.
import {
  type CallOptions,
  type CapabilityManifest,
  type Clock,
  type ConnectResult,
  type Connection,
  createHttpClient,
  type HttpOptions,
  type IdempotencyStore,
  type LoginSession,
  type LoginStart,
  MemoryIdempotencyStore,
  type Page,
  type Provider,
  type PublishJob,
  type ResumeState,
  type ScopeStyle,
  spaceSeparatedScopes,
  systemClock,
  type TokenSet,
  type TokenStore,
} from "@postkit/core";
import { youtubeCapabilities } from "./capabilities.js";
import { fetchChannel, type YouTubeChannel } from "./channel.js";
import { connectLogin, disconnect, startLogin, type YouTubeAccount } from "./connect.js";
import { createYouTubeResolver, type YouTubeContext, withAccessToken } from "./context.js";
import { resolveBaseUrls, type YouTubeBaseUrls } from "./endpoints.js";
import type { YouTubeVideoOptions } from "./metadata.js";
import { refreshTokenSet, type YouTubeAuthorizationUrlInput } from "./oauth.js";
import { type IterateVideosOptions, iterateVideos, listVideos } from "./list.js";
import {
  getPublishStatus,
  publishVideo,
  resumeUpload,
  type YouTubePublishInput,
  type YouTubeResumeInput,
  type YouTubeWaitOptions,
  waitForPublish,
} from "./publish.js";
import { quotaReporter, type QuotaListener } from "./quota.js";
import type { YouTubeOperation, YouTubeScope } from "./scopes.js";
import { setThumbnail } from "./thumbnails.js";
import {
  checkUpdate,
  deleteVideo,
  getVideoStatus,
  type ListVideosOptions,
  updateVideo,
  type YouTubeVideoItem,
  type YouTubeVideoStatus,
  type YouTubeVideoUpdate,
} from "./videos.js";

/** Options of {@link YouTube}. @group Client */
export interface YouTubeOptions extends HttpOptions {
  /** OAuth client id from the Google Cloud console. */
  clientId: string;
  /** OAuth client secret from the Google Cloud console, sent to the token endpoint. */
  clientSecret: string;
  /** Must exactly match a registered redirect URI (scheme, case, trailing slash). */
  redirectUri: string;
  /** Hosts by role; pass the emulator's `baseUrls.youtube` in tests. */
  baseUrls?: YouTubeBaseUrls | undefined;
  /**
   * Where grants live, shared by every instance of the app: `connect` saves into it, and a
   * `Connection` without `credentials` loads its account's `credentialKey` from it.
   */
  tokenStore?: TokenStore | undefined;
  /** Remembers `idempotencyKey`s of publishes. @default a `MemoryIdempotencyStore` (this process only) */
  idempotencyStore?: IdempotencyStore | undefined;
  /** Overrides of {@link defaultQuotaCosts}. */
  quotaCosts?: Partial<Record<YouTubeOperation, number>> | undefined;
  /**
   * Units a failed Data API call (4xx or 5xx, except 403 `quotaExceeded`, reported at 0) is
   * reported at. Google says "invalid requests cost ≥1 unit"; the exact figure is UNCONFIRMED.
   * @default 1
   */
  failedQuotaCost?: number | undefined;
  /**
   * Called after every Data API response with the operation and the units it cost: the table
   * cost for a success, `failedQuotaCost` for a failure, 0 for `quotaExceeded`.
   */
  onQuota?: QuotaListener | undefined;
  /**
   * For connections with plain tokens: receives each renewed set (and the account's
   * `credentialKey`) before it is used; persist it here. A failure fails the call.
   */
  onTokens?: ((tokens: TokenSet, key: string) => void | Promise<void>) | undefined;
  /** Time, for tests: token expiry, login sessions, job times and waits. @default systemClock */
  clock?: Clock | undefined;
  /** @deprecated Use `clock`. Clock for token expiry, for tests. */
  now?: (() => number) | undefined;
  /**
   * Time limit of one upload PUT in milliseconds, or `false` for none. API calls keep
   * `timeoutMs`; an upload chunk needs longer. @default 300000 per chunk; none for a
   * single-request upload, which carries the whole file
   */
  uploadTimeoutMs?: number | false | undefined;
}

/** Options of {@link YouTube.setThumbnail}. @group Thumbnails */
export interface ThumbnailOptions extends CallOptions {}

/**
 * YouTube for postkit: Google OAuth with offline access, the channel as the connected account, a
 * resumable upload that survives restarts as a publish job, processing status, thumbnails,
 * listing, update and delete, with typed errors and quota reporting. No googleapis.
 *
 * Every account-level call takes a `Connection` first (`{ account, credentials }` from
 * `connect`, or `{ account }` alone with a `tokenStore`); tokens are renewed ahead of expiry and
 * once after a 401, one renewal per grant at a time across all calls of this client.
 *
 * @example
 * ```ts
 * const youtube = new YouTube({ clientId, clientSecret, redirectUri });
 * const { url, session } = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
 * // … keep `session`, redirect to `url`; on the callback:
 * const { accounts } = await youtube.connect(request.url, session);
 * const channel = await youtube.getProfile(accounts[0]!);
 * ```
 * @group Client
 */
export class YouTube
  implements Provider<YouTubeScope, YouTubeChannel, YouTubeVideoOptions, never, YouTubeVideoItem>
{
  /** The contract version implemented. */
  readonly specificationVersion = "v1" as const;
  /** The platform id, `"youtube"`. */
  readonly id = "youtube" as const;
  /** Google writes scope lists space-separated. */
  readonly scopeStyle: ScopeStyle = spaceSeparatedScopes;
  /** Google renews access tokens with the refresh token (which it rarely rotates). */
  readonly renewal = "refresh-token" as const;
  /** Per operation: available with the narrowest scope (any one of its `note` works), or why not. */
  readonly capabilities: CapabilityManifest<YouTubeScope> = youtubeCapabilities;
  readonly #context: YouTubeContext;

  constructor(options: YouTubeOptions) {
    const userHooks = options.hooks;
    const report = quotaReporter(options);
    const http = createHttpClient("youtube", {
      ...options,
      hooks: {
        ...(userHooks?.beforeRequest ? { beforeRequest: userHooks.beforeRequest } : {}),
        afterResponse: async (request, response) => {
          await userHooks?.afterResponse?.(request, response);
          await report(request.method, request.url, response);
        },
      },
    });
    const bases = resolveBaseUrls(options.baseUrls);
    const clock = options.clock ?? systemClock;
    const now = options.now ?? (() => clock.now());
    const oauth = {
      http,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri: options.redirectUri,
      authBase: bases.auth,
      oauthBase: bases.oauth,
      now,
    };
    this.#context = {
      http,
      oauth,
      apiBase: bases.api,
      resolver: createYouTubeResolver({
        oauth,
        tokenStore: options.tokenStore,
        onTokens: options.onTokens,
        now,
      }),
      tokenStore: options.tokenStore,
      idempotencyStore: options.idempotencyStore ?? new MemoryIdempotencyStore({ now }),
      clock,
      logger: options.logger,
      headers: options.headers,
      retry: options.retry,
      uploadTimeoutMs: options.uploadTimeoutMs,
    };
  }

  /**
   * The Google authorization URL (space-separated scopes, PKCE S256, `state`, and by default
   * `access_type=offline`, `prompt=consent`, `include_granted_scopes=true`, so a refresh token
   * comes back every time), with the login session to keep until the callback.
   * @throws `ValidationError` when the scopes or parameters make an invalid authorization request.
   */
  createAuthorizationUrl(input: YouTubeAuthorizationUrlInput): Promise<LoginStart> {
    return startLogin(this.#context, input);
  }

  /**
   * Checks the login session (an `OAuthError` `OAUTH_SESSION_INVALID` before any request when it
   * is missing, expired, malformed or another platform's), then the callback (state,
   * `error=access_denied`, code), exchanges the code, reads the channel, and returns the grant
   * with its one account, the channel (saved to `tokenStore` when there is one).
   * @throws `OAuthError` when the login session is missing, expired or foreign (`OAUTH_SESSION_INVALID`), the callback is refused (`OAUTH_ACCESS_DENIED` when the user declined) or the code exchange fails.
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   * @throws `NoChannelError` when the Google account has no YouTube channel.
   */
  connect(
    callback: string | URL | URLSearchParams,
    session: LoginSession | undefined,
    options: CallOptions = {},
  ): Promise<ConnectResult<YouTubeAccount>> {
    return connectLogin(this.#context, callback, session, options);
  }

  /**
   * A fresh access token; the stored refresh token is kept (Google rarely sends a new one).
   * `invalid_grant` becomes an `OAuthError` with code `REAUTH_REQUIRED`.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the refresh token is expired or revoked.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  renewTokens(tokens: TokenSet, options: CallOptions = {}): Promise<TokenSet> {
    return refreshTokenSet(this.#context.oauth, tokens, options.signal);
  }

  /**
   * @deprecated Use {@link YouTube.renewTokens}.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the refresh token is expired or revoked.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  refreshTokens(tokens: TokenSet, options: CallOptions = {}): Promise<TokenSet> {
    return this.renewTokens(tokens, options);
  }

  /**
   * Revokes the grant at Google (the refresh token when there is one, which also ends its access
   * tokens) and deletes it from `tokenStore`. Sent once, never retried: after a `NetworkError`,
   * calling again is safe, and an `OAuthError` `invalid_token` then means it is already revoked.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  revoke(connection: Connection, options: CallOptions = {}): Promise<void> {
    return disconnect(this.#context, connection, options.signal);
  }

  /**
   * The channel, as the provider profile. Same as {@link YouTube.getChannel}.
   * @throws `NoChannelError` when the Google account has no YouTube channel.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  getProfile(connection: Connection, options: CallOptions = {}): Promise<YouTubeChannel> {
    return this.getChannel(connection, options);
  }

  /**
   * The connected channel (`channels.list?mine=true`). Throws `NoChannelError` when the Google
   * account has no channel, `ScopeError` when the grant only has `youtube.upload`.
   * @throws `NoChannelError` when the Google account has no YouTube channel.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  getChannel(connection: Connection, options: CallOptions = {}): Promise<YouTubeChannel> {
    const { signal } = options;
    return withAccessToken(this.#context, connection, "getProfile", signal, (token) =>
      fetchChannel(this.#context, token, signal),
    );
  }

  /**
   * Uploads a video with the resumable protocol (metadata validated before any request). The job
   * is `processing` (or `scheduled` with `publishAt`) with `ids.videoId`. With an
   * `idempotencyKey`, the same key never uploads twice. When the last bytes may have arrived but
   * the answer was lost for good, the job is `unknown` (never an error): reconcile it with
   * {@link YouTube.getPublishStatus}.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ConflictError` when the idempotency key was used for other content, before any request.
   * @throws `UploadError` (with a `resumeState`) when the upload cannot continue.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  publishVideo(connection: Connection, input: YouTubePublishInput): Promise<PublishJob> {
    return publishVideo(this.#context, connection, input);
  }

  /**
   * Continues an upload from a saved `ResumeState` (from `onResumeState` or an `UploadError`), in
   * this process or another, with the same bytes as `source`. `UPLOAD_SESSION_EXPIRED` when the
   * session is gone; a `ValidationError` before any request when its session URI is neither
   * `https` on a Google API host nor on the origin of `baseUrls.api`.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `UploadError` (with a `resumeState`) when the upload cannot continue.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  resumeUpload(connection: Connection, state: ResumeState, input: YouTubeResumeInput): Promise<PublishJob> {
    return resumeUpload(this.#context, connection, state, input);
  }

  /**
   * The job brought up to date: `processing` advances to `published` or `failed`; an `unknown`
   * job is reconciled by probing its upload session (never by uploading again).
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  getPublishStatus(connection: Connection, job: PublishJob, options: CallOptions = {}): Promise<PublishJob> {
    return getPublishStatus(this.#context, connection, job, options.signal);
  }

  /**
   * Polls {@link YouTube.getPublishStatus} (first after `intervalMs`, then growing) until the job
   * settles or `timeoutMs` passes; returns the job as it stands either way.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  waitForPublish(
    connection: Connection,
    job: PublishJob,
    options: YouTubeWaitOptions = {},
  ): Promise<PublishJob> {
    return waitForPublish(this.#context, connection, job, options);
  }

  /**
   * `videos.list?part=status,processingDetails`: upload and processing status of one video.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  getVideoStatus(
    connection: Connection,
    videoId: string,
    options: CallOptions = {},
  ): Promise<YouTubeVideoStatus> {
    const { signal } = options;
    return withAccessToken(this.#context, connection, "videos.list", signal, (token) =>
      getVideoStatus(this.#context, token, videoId, signal),
    );
  }

  /**
   * `thumbnails.set`: a JPEG or PNG of at most 2 MB, checked before sending.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  setThumbnail(
    connection: Connection,
    videoId: string,
    image: Uint8Array | Blob,
    options: ThumbnailOptions = {},
  ): Promise<unknown> {
    const { signal } = options;
    return withAccessToken(this.#context, connection, "thumbnails.set", signal, (token) =>
      setThumbnail(this.#context, token, videoId, image, signal),
    );
  }

  /**
   * One page (≤50, 1 quota unit) of the channel's videos, newest first, through its uploads
   * playlist. Pass `nextCursor` back as `cursor`; walk them all with {@link YouTube.iterateVideos}.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  listVideos(connection: Connection, options: ListVideosOptions = {}): Promise<Page<YouTubeVideoItem>> {
    return listVideos(this.#context, connection, options);
  }

  /**
   * Every video of the channel, newest first, page after page (core's `iteratePages`: stops when
   * a page token comes back instead of looping).
   * @example
   * ```ts
   * for await (const video of youtube.iterateVideos(connection)) console.log(video.videoId, video.title);
   * ```
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  iterateVideos(
    connection: Connection,
    options: IterateVideosOptions = {},
  ): AsyncGenerator<YouTubeVideoItem, void, undefined> {
    return iterateVideos(this.#context, connection, options);
  }

  /**
   * Changes some fields of a video. videos.update resets every field left out, so the current
   * snippet and status are read and merged first (1 + 50 quota units). The change is validated
   * before any request; a `publishAt` that conflicts with the stored privacy is caught after the
   * read, before the write.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  async updateVideo(
    connection: Connection,
    videoId: string,
    changes: YouTubeVideoUpdate,
    options: CallOptions = {},
  ): Promise<unknown> {
    checkUpdate(videoId, changes);
    const { signal } = options;
    return withAccessToken(this.#context, connection, "updateVideo", signal, (token) =>
      updateVideo(this.#context, token, videoId, changes, signal),
    );
  }

  /**
   * Deletes a video (50 quota units).
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `YouTubeApiError` when the platform refuses the call or cannot be reached.
   */
  deleteVideo(connection: Connection, videoId: string, options: CallOptions = {}): Promise<void> {
    const { signal } = options;
    return withAccessToken(this.#context, connection, "deleteVideo", signal, (token) =>
      deleteVideo(this.#context, token, videoId, signal),
    );
  }
}
