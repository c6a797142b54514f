// The YouTube client: the core Provider contract plus typed YouTube extras.
import {
  type AuthorizationRequest,
  type CallbackSession,
  type CallOptions,
  createHttpClient,
  type HttpClient,
  type HttpOptions,
  type Provider,
  type PublishingCapabilities,
  type PublishResult,
  readBodyText,
  type ResumeState,
  type ScopeStyle,
  spaceSeparatedScopes,
  TokenManager,
  type TokenSet,
  type VideoPublishInput,
} from "@postkit/core";
import { type YouTubeChannel, fetchChannel } from "./channel.js";
import { resolveBaseUrls, type YouTubeBaseUrls } from "./endpoints.js";
import { YouTubeApiError } from "./errors.js";
import { toVideoResource, type YouTubeVideoOptions } from "./metadata.js";
import {
  buildAuthorizationRequest,
  exchangeCallback,
  type OAuthContext,
  refreshTokenSet,
  revokeTokenSet,
  type YouTubeAuthorizationUrlInput,
} from "./oauth.js";
import {
  chargedUnits,
  DEFAULT_FAILED_QUOTA_COST,
  defaultQuotaCosts,
  operationOf,
  type QuotaListener,
} from "./quota.js";
import {
  type ResumableUploadOptions,
  resumeResumableUpload,
  startResumableUpload,
  type UploadAuth,
  type UploadContext,
  type UploadedVideo,
} from "./resumable-upload.js";
import { assertOperationScopes, type YouTubeOperation, type YouTubeScope } from "./scopes.js";
import { setThumbnail } from "./thumbnails.js";
import {
  checkUpdate,
  deleteVideo,
  getVideoStatus,
  type ListVideosOptions,
  listPlaylistVideos,
  updateVideo,
  type VideosContext,
  type WaitOptions,
  waitForProcessing,
  type YouTubePlaylistVideo,
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
  /** Receives token sets refreshed on the way (when you pass a `TokenSet` rather than a `TokenManager`); persist them. */
  onTokens?: ((tokens: TokenSet) => void | Promise<void>) | undefined;
  /** Clock for token expiry, for tests. @default Date.now */
  now?: (() => number) | undefined;
  /**
   * Time limit of one upload PUT in milliseconds, or `false` for none. API calls keep
   * `timeoutMs`; an upload chunk needs longer. @default 300000 per chunk; none for a
   * single-request upload, which carries the whole file
   */
  uploadTimeoutMs?: number | false | undefined;
}

/**
 * Whose account a call acts for: a `TokenSet` (refreshed when needed; new sets go to `onTokens`),
 * or anything with `getAccessToken` such as a core `TokenManager` (recommended for long uploads).
 * @group Client
 */
export type YouTubeAuth = TokenSet | UploadAuth;

/** What {@link YouTube.uploadVideo} takes. @group Upload */
export interface YouTubeUploadInput extends ResumableUploadOptions {
  /** Title, description, privacy… validated before any request. */
  metadata: YouTubeVideoOptions;
}

/** Options of {@link YouTube.setThumbnail}. @group Thumbnails */
export interface ThumbnailOptions extends CallOptions {}

/**
 * YouTube for postkit: Google OAuth with offline access, the channel profile, a resumable upload
 * that survives restarts, processing status, thumbnails, listing, update and delete, with typed
 * errors and quota reporting. No googleapis.
 *
 * @example
 * ```ts
 * const youtube = new YouTube({ clientId, clientSecret, redirectUri });
 * const { url, state, codeVerifier } = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
 * // … redirect, then on the callback:
 * const tokens = await youtube.handleCallback(request.url, { state, codeVerifier });
 * const channel = await youtube.getChannel(tokens);
 * ```
 * @group Client
 */
export class YouTube implements Provider<YouTubeScope, YouTubeChannel, YouTubeVideoOptions> {
  /** The platform id, `"youtube"`. */
  readonly id = "youtube" as const;
  readonly scopeStyle: ScopeStyle = spaceSeparatedScopes;
  /** Videos and resumable uploads; no photos and no drafts. */
  readonly capabilities: PublishingCapabilities = Object.freeze({
    video: true,
    photo: false,
    drafts: false,
    resumableUploads: true,
  });
  readonly #options: YouTubeOptions;
  readonly #http: HttpClient;
  readonly #oauth: OAuthContext;
  readonly #apiBase: string;
  readonly #costs: Record<YouTubeOperation, number>;

  constructor(options: YouTubeOptions) {
    this.#options = options;
    this.#costs = { ...defaultQuotaCosts, ...options.quotaCosts };
    const userHooks = options.hooks;
    this.#http = createHttpClient("youtube", {
      ...options,
      hooks: {
        ...(userHooks?.beforeRequest ? { beforeRequest: userHooks.beforeRequest } : {}),
        afterResponse: async (request, response) => {
          await userHooks?.afterResponse?.(request, response);
          await this.#reportQuota(request.method, request.url, response);
        },
      },
    });
    const bases = resolveBaseUrls(options.baseUrls);
    this.#apiBase = bases.api;
    this.#oauth = {
      http: this.#http,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri: options.redirectUri,
      authBase: bases.auth,
      oauthBase: bases.oauth,
      now: options.now,
    };
  }

  async #reportQuota(method: string, url: string, response: Response): Promise<void> {
    if (!this.#options.onQuota) return;
    const operation = operationOf(method, url);
    if (!operation) return;
    // Only a 403 can be quotaExceeded (spec §6); its small JSON body is read from a copy.
    const reason = response.status === 403 ? await firstReason(response.clone()) : undefined;
    const cost = chargedUnits(
      operation,
      response.status,
      reason,
      this.#costs,
      this.#options.failedQuotaCost ?? DEFAULT_FAILED_QUOTA_COST,
    );
    this.#options.onQuota({ operation, cost, status: response.status });
  }

  /**
   * The Google authorization URL: space-separated scopes, PKCE S256, `state`, and by default
   * `access_type=offline`, `prompt=consent` and `include_granted_scopes=true` so a refresh token
   * comes back every time. Keep `state` and `codeVerifier` for {@link YouTube.handleCallback}.
   */
  createAuthorizationUrl(input: YouTubeAuthorizationUrlInput): Promise<AuthorizationRequest> {
    return buildAuthorizationRequest(this.#oauth, input);
  }

  /**
   * Validates the callback (state, `error=access_denied`, code) and exchanges the code.
   * `tokens.scopes` are the scopes the user actually granted (Google lets users untick some).
   */
  handleCallback(callback: string | URL | URLSearchParams, session: CallbackSession): Promise<TokenSet> {
    return exchangeCallback(this.#oauth, callback, session);
  }

  /**
   * A fresh access token. The stored refresh token is kept (Google rarely sends a new one).
   * `invalid_grant` becomes an `OAuthError` with code `REAUTH_REQUIRED`.
   */
  refreshTokens(tokens: TokenSet, options: CallOptions = {}): Promise<TokenSet> {
    return refreshTokenSet(this.#oauth, tokens, options.signal);
  }

  /**
   * Revokes the grant (the refresh token when there is one, which also ends its access tokens).
   * Sent once and never retried automatically: a repeat after a lost response would fail with
   * `invalid_token` although the revoke worked. After a `NetworkError`, calling again is safe; an
   * `OAuthError` whose `error` is `invalid_token` then means the token is already revoked.
   */
  revokeTokens(tokens: TokenSet, options: CallOptions = {}): Promise<void> {
    return revokeTokenSet(this.#oauth, tokens, options.signal);
  }

  /** The Provider profile: the channel. Same as {@link YouTube.getChannel}. */
  getProfile(auth: YouTubeAuth, options: CallOptions = {}): Promise<YouTubeChannel> {
    return this.getChannel(auth, options);
  }

  /**
   * The connected channel (`channels.list?mine=true`). Throws `NoChannelError` when the Google
   * account has no channel, `ScopeError` when the token only has `youtube.upload`.
   */
  getChannel(auth: YouTubeAuth, options: CallOptions = {}): Promise<YouTubeChannel> {
    return this.#call(
      auth,
      "channels.list",
      (token) => fetchChannel(this.#http, this.#apiBase, token, options.signal),
      options.signal,
    );
  }

  /**
   * Uploads a video with the resumable protocol and resolves with the new video (still processing).
   * Metadata and options are validated before any request.
   */
  async uploadVideo(auth: YouTubeAuth, input: YouTubeUploadInput): Promise<UploadedVideo> {
    const resource = toVideoResource(input.metadata);
    const manager = this.#manager(auth, "videos.insert");
    return startResumableUpload(this.#uploadContext(manager), resource, {
      ...input,
      notifySubscribers: input.metadata.notifySubscribers,
    });
  }

  /**
   * Continues an upload from a saved `ResumeState` (from `onResumeState` or an
   * `UploadError`), in this process or another one. Pass the same bytes as `source`.
   * Throws `UploadError` with code `UPLOAD_SESSION_EXPIRED` when the session is gone, and a
   * `ValidationError` before any request when the session URI is neither `https` on a Google API
   * host (`googleapis.com`) nor on the origin of `baseUrls.api`: the access token goes nowhere else.
   */
  resumeUpload(
    auth: YouTubeAuth,
    resumeState: ResumeState,
    input: ResumableUploadOptions,
  ): Promise<UploadedVideo> {
    const manager = this.#manager(auth, "videos.insert");
    return resumeResumableUpload(this.#uploadContext(manager), resumeState, input);
  }

  /** Provider contract: uploads and returns `processing` with the video id; poll with `getPublishStatus`. */
  async publishVideo(
    auth: YouTubeAuth,
    input: VideoPublishInput<YouTubeVideoOptions>,
  ): Promise<PublishResult> {
    const video = await this.uploadVideo(auth, {
      source: input.source,
      metadata: input.options,
      onProgress: input.onProgress,
      onResumeState: input.onResumeState,
      signal: input.signal,
    });
    return { platform: "youtube", id: video.id, state: "processing", postId: video.id, raw: video.raw };
  }

  /** Provider contract: the processing state of a video. */
  async getPublishStatus(auth: YouTubeAuth, id: string, options: CallOptions = {}): Promise<PublishResult> {
    const status = await this.getVideoStatus(auth, id, options);
    const failureReason = status.failureReason ?? status.rejectionReason ?? status.processingFailureReason;
    return {
      platform: "youtube",
      id,
      state: status.state,
      postId: id,
      ...(failureReason ? { failureReason } : {}),
      raw: status.raw,
    };
  }

  /** `videos.list?part=status,processingDetails`: upload and processing status of one video. */
  getVideoStatus(auth: YouTubeAuth, id: string, options: CallOptions = {}): Promise<YouTubeVideoStatus> {
    return this.#call(
      auth,
      "videos.list",
      (_token, context) => getVideoStatus(context, id, options.signal),
      options.signal,
    );
  }

  /** Polls the status until processing ends (`published` or `failed`), at most `maxPolls` times. */
  waitForProcessing(auth: YouTubeAuth, id: string, options: WaitOptions = {}): Promise<YouTubeVideoStatus> {
    return this.#call(
      auth,
      "videos.list",
      (_token, context) => waitForProcessing(context, id, options),
      options.signal,
    );
  }

  /** `thumbnails.set`: a JPEG or PNG of at most 2 MB, checked before sending. */
  setThumbnail(
    auth: YouTubeAuth,
    videoId: string,
    image: Uint8Array | Blob,
    options: ThumbnailOptions = {},
  ): Promise<unknown> {
    return this.#call(
      auth,
      "thumbnails.set",
      (_token, context) =>
        setThumbnail(this.#http, this.#apiBase, context.accessToken, videoId, image, options.signal),
      options.signal,
    );
  }

  /**
   * The channel's videos, newest first, through its uploads playlist, one page (≤50, 1 quota
   * unit) at a time. A `nextPageToken` that was already followed throws a `ResponseShapeError`
   * instead of looping over the same pages forever.
   * @example
   * ```ts
   * for await (const video of youtube.listVideos(tokens)) console.log(video.videoId, video.title);
   * ```
   */
  async *listVideos(
    auth: YouTubeAuth,
    options: ListVideosOptions = {},
  ): AsyncGenerator<YouTubePlaylistVideo, void> {
    const manager = this.#manager(auth, "playlistItems.list");
    const playlistId = options.playlistId ?? (await this.getChannel(manager, options)).uploadsPlaylistId;
    yield* listPlaylistVideos(this.#videosContext(manager, options.signal), playlistId, options);
  }

  /**
   * Changes some fields of a video. videos.update resets every field left out, so the current
   * snippet and status are read and merged first (1 + 50 quota units). The change is validated
   * before any request; a `publishAt` that conflicts with the stored privacy is caught after the
   * read, before the write.
   */
  async updateVideo(
    auth: YouTubeAuth,
    id: string,
    update: YouTubeVideoUpdate,
    options: CallOptions = {},
  ): Promise<unknown> {
    checkUpdate(id, update);
    return this.#call(
      auth,
      "videos.update",
      (_token, context) => updateVideo(context, id, update, options.signal),
      options.signal,
    );
  }

  /** Deletes a video (50 quota units). */
  deleteVideo(auth: YouTubeAuth, id: string, options: CallOptions = {}): Promise<void> {
    return this.#call(
      auth,
      "videos.delete",
      (_token, context) => deleteVideo(context, id, options.signal),
      options.signal,
    );
  }

  #manager(auth: YouTubeAuth, operation: YouTubeOperation): UploadAuth {
    if (isTokenSet(auth)) {
      assertOperationScopes(auth.scopes, operation);
      return new TokenManager({
        tokens: auth,
        refresh: (tokens) => this.refreshTokens(tokens),
        onTokens: this.#options.onTokens,
        now: this.#options.now,
      });
    }
    const scopes = (auth as { tokens?: { scopes?: unknown } }).tokens?.scopes;
    if (Array.isArray(scopes)) assertOperationScopes(scopes as string[], operation);
    return auth;
  }

  #uploadContext(auth: UploadAuth): UploadContext {
    return {
      http: this.#http,
      uploadTimeoutMs: this.#options.uploadTimeoutMs,
      apiBase: this.#apiBase,
      auth,
      headers: this.#options.headers,
      retry: this.#options.retry,
      logger: this.#options.logger,
    };
  }

  /** `signal` also stops the wait for a token refresh (the refresh itself is seen through by a `TokenManager`). */
  #videosContext(auth: UploadAuth, signal: AbortSignal | undefined): VideosContext {
    return { http: this.#http, apiBase: this.#apiBase, accessToken: () => auth.getAccessToken({ signal }) };
  }

  /** Scope check, then the call; one refresh and retry after a 401 `authError`. `signal` covers the refresh too. */
  async #call<T>(
    auth: YouTubeAuth,
    operation: YouTubeOperation,
    run: (token: string, context: VideosContext) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const manager = this.#manager(auth, operation);
    const context = this.#videosContext(manager, signal);
    try {
      return await run(await manager.getAccessToken({ signal }), context);
    } catch (error) {
      if (!(YouTubeApiError.isInstance(error) && error.status === 401 && manager.refresh)) throw error;
      if (error.reason !== "authError") throw error;
      await manager.refresh({ signal });
      return run(await manager.getAccessToken({ signal }), context);
    }
  }
}

async function firstReason(response: Response): Promise<string | undefined> {
  try {
    // Capped: a hostile 403 with an endless body must not exhaust memory here.
    const { text } = await readBodyText(response);
    const body = JSON.parse(text) as { error?: { errors?: { reason?: unknown }[] } } | null;
    const reason = body?.error?.errors?.[0]?.reason;
    return typeof reason === "string" ? reason : undefined;
  } catch {
    return undefined;
  }
}

function isTokenSet(auth: YouTubeAuth): auth is TokenSet {
  return typeof (auth as TokenSet).accessToken === "string";
}
