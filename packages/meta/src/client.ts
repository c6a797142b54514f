// The Meta client: core's v1 provider contract for Facebook Pages and Instagram accounts via
// Facebook Login. Thin: it builds one context and hands each call to the module of its concern.
import {
  assertCapability,
  type CallOptions,
  type CapabilityManifest,
  checkLoginSession,
  type Clock,
  type ConnectResult,
  type Connection,
  createCredentialResolver,
  ErrorCode,
  type HttpOptions,
  type IdempotencyStore,
  type LoginSession,
  type LoginStart,
  OAuthError,
  type Page,
  type PhotoPublishInput,
  type Provider,
  type PublishJob,
  type ResumeState,
  type ResumeUploadInput,
  type ScopeStyle,
  type TokenSet,
  type TokenStore,
  type VideoPublishInput,
  type WaitOptions,
} from "@postkit/core";
import { type MetaAccount, listAccounts } from "./accounts.js";
import { META_CAPABILITIES } from "./capabilities.js";
import type { MetaContext } from "./context.js";
import { inspectToken, type MetaTokenInfo } from "./debug-token.js";
import { createMetaContext } from "./create-context.js";
import type { MetaBaseUrls } from "./endpoints.js";
import type { GraphClient } from "./graph.js";
import { requireLogin } from "./login-kind.js";
import {
  type InstagramPhotoOptions,
  type InstagramVideoOptions,
  publishInstagramPhotos,
  publishInstagramVideo,
} from "./instagram-contract.js";
import {
  type InstagramPublishInput,
  instagramPublishStatus,
  publishInstagram,
  resumeInstagramUpload,
  waitForInstagramPublish,
} from "./instagram-jobs.js";
import { instagramTarget } from "./instagram-account.js";
import { type InstagramPublishingLimit, readPublishingLimit } from "./instagram-limit.js";
import {
  createAuthorizationUrl,
  exchangeForUserToken,
  type FacebookAuthorizationUrlInput,
  readPermissions,
} from "./oauth.js";
import {
  type FacebookPostInput,
  type FacebookPhotoOptions,
  type FacebookPhotosInput,
  publishPagePhotos,
  publishPagePost,
} from "./page-posts.js";
import { type FacebookVideoOptions, publishFacebookVideo, resumeFacebookUpload } from "./page-publish.js";
import { pageVideoStatusJob, waitForPageVideo } from "./page-status.js";
import { getProfile, type MetaProfile } from "./profile.js";
import { saveConnections } from "./save-connections.js";
import { type MetaScope, metaScopeStyle } from "./scopes.js";
import type { GraphUsageGate, UsageGateOptions } from "./usage.js";

/** Options of {@link Meta}. @group Client */
export interface MetaOptions extends HttpOptions {
  /** The Meta app id. */
  clientId: string;
  /** The app secret: sent to the token endpoints, and the key of `appsecret_proof` on every call. */
  clientSecret: string;
  /** Must be one of the app's Valid OAuth redirect URIs, exactly. */
  redirectUri: string;
  /** The Graph API version. @default DEFAULT_GRAPH_VERSION ("v25.0") */
  graphVersion?: string | undefined;
  /** Hosts by role; pass the emulator's `baseUrls.meta` in tests. */
  baseUrls?: Partial<MetaBaseUrls> | undefined;
  /** Send `appsecret_proof` with every call that carries a token. @default true */
  appSecretProof?: boolean | undefined;
  /** Pacing on Meta's usage headers (slows down above 90% by default). */
  usage?: UsageGateOptions | GraphUsageGate | undefined;
  /** Where each account's token is kept; `connect` saves every account there. */
  tokenStore?: TokenStore | undefined;
  /** Time, for tests: login sessions and token expiry. @default systemClock */
  clock?: Clock | undefined;
  /** Remembers idempotency keys of publishes. @default a MemoryIdempotencyStore (one process) */
  idempotencyStore?: IdempotencyStore | undefined;
}

/** The video options of `publishVideo`: a Facebook Page's video or Reel. @group Publishing */
export type MetaVideoOptions = FacebookVideoOptions;

/** The photo options of `publishPhotos`: a Facebook Page's photo post. @group Publishing */
export type MetaPhotoOptions = FacebookPhotoOptions;

/**
 * What `connect` returns for a Facebook login: the long-lived user token, one account per
 * granted Page (with its Page token) and per linked Instagram account (sharing its Page's
 * token), and the permissions granted and declined.
 * @group Client
 */
export interface MetaConnectResult extends ConnectResult<MetaAccount> {
  /** Permissions the user declined: ask again with `authType: "rerequest"`. */
  declinedScopes: string[];
  /** What Meta's `debug_token` says of the long-lived user token: validity, expiry, data access. */
  token: MetaTokenInfo;
}

/**
 * Meta for postkit: Facebook Login (long-lived user token, no refresh), every Page the user
 * granted and each linked Instagram professional account as an account, and their profiles,
 * over a Graph client with `appsecret_proof`, usage-header pacing and typed Graph errors.
 *
 * @example
 * ```ts
 * const meta = new Meta({ clientId, clientSecret, redirectUri });
 * const { url, session } = await meta.createAuthorizationUrl({ scopes: [...defaultFacebookScopes] });
 * // … keep `session`, redirect to `url`; on the callback:
 * const { accounts } = await meta.connect(callbackUrl, session);
 * for (const connection of accounts) console.log(connection.account.platform, connection.account.displayName);
 * ```
 * @group Client
 */
export class Meta implements Provider<MetaScope, MetaProfile, MetaVideoOptions, MetaPhotoOptions> {
  /** The contract version implemented. */
  readonly specificationVersion = "v1" as const;
  /** The provider id, `"meta"`; its accounts are `"facebook"` and `"instagram"`. */
  readonly id = "meta" as const;
  /** Meta writes permission lists comma-separated. */
  readonly scopeStyle: ScopeStyle = metaScopeStyle;
  /** Page tokens have no refresh: when one stops working, the user logs in again. */
  readonly renewal = "none" as const;
  /** Per operation: available with its permissions, or why not. */
  readonly capabilities: CapabilityManifest<MetaScope> = META_CAPABILITIES;
  /** The Graph client every call goes through (for calls postkit does not wrap yet). */
  readonly graph: GraphClient;
  readonly #context: MetaContext;

  constructor(options: MetaOptions) {
    this.#context = createMetaContext(options, {
      graphHost: "graph",
      appSecret: options.appSecretProof === false ? undefined : options.clientSecret,
      resolver: (_context, clock) =>
        createCredentialResolver({
          platform: "meta",
          renewal: "none",
          renew: (tokens) => this.renewTokens(tokens),
          tokenStore: options.tokenStore,
          now: () => clock.now(),
        }),
    });
    this.graph = this.#context.graph;
  }

  /**
   * The Facebook Login dialog URL (`/{version}/dialog/oauth`, comma-separated scopes, `state`;
   * `auth_type=rerequest` and `config_id` as options), with the login session to keep.
   * @throws `ValidationError` when the scopes or parameters make an invalid authorization request.
   */
  createAuthorizationUrl(input: FacebookAuthorizationUrlInput): Promise<LoginStart> {
    return createAuthorizationUrl(this.#context, input);
  }

  /**
   * Checks the login session and the callback before any request, exchanges the code, then the
   * short-lived user token for a long-lived one, reads the granted and declined permissions, and
   * returns every granted Page and linked Instagram account with its token (saved to
   * `tokenStore` when there is one).
   * @throws `OAuthError` when the login session is missing, expired or foreign (`OAUTH_SESSION_INVALID`), the callback is refused (`OAUTH_ACCESS_DENIED` when the user declined) or the code exchange fails.
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async connect(
    callback: string | URL | URLSearchParams,
    session: LoginSession | undefined,
    options: CallOptions = {},
  ): Promise<MetaConnectResult> {
    const { signal } = options;
    const login = checkLoginSession(session, { platform: "meta", now: () => this.#context.clock.now() });
    const user = await exchangeForUserToken(this.#context, callback, login, signal);
    const permissions = await readPermissions(this.#context, user.accessToken, signal);
    const token = await inspectToken(this.#context, user.accessToken, signal);
    const tokens: TokenSet = { ...user, scopes: permissions.granted };
    const accounts = await listAccounts(this.#context, tokens.accessToken, permissions.granted, signal);
    await saveConnections(this.#context.tokenStore, accounts);
    return {
      tokens,
      accounts,
      grantedScopes: permissions.granted,
      declinedScopes: permissions.declined,
      token,
    };
  }

  /**
   * What Meta's `debug_token` says of the connection's token (asked with the app token): its
   * type (`PAGE` for a Page's connection), validity, expiry and scopes. Nothing is renewed.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async inspectToken(connection: Connection, options: CallOptions = {}): Promise<MetaTokenInfo> {
    requireLogin(connection, "facebook");
    const tokens = await this.#context.resolver.sourceFor(connection).get({ signal: options.signal });
    return inspectToken(this.#context, tokens.accessToken, options.signal);
  }

  /**
   * Meta has no refresh: always an `OAuthError` `REAUTH_REQUIRED` (the user logs in again).
   * @throws `OAuthError` with code `REAUTH_REQUIRED` always: Facebook tokens cannot be refreshed.
   */
  renewTokens(_tokens: TokenSet, _options: CallOptions = {}): Promise<TokenSet> {
    return Promise.reject(
      new OAuthError("meta: Facebook tokens cannot be refreshed, so the user must log in again.", {
        code: ErrorCode.REAUTH_REQUIRED,
        error: "no_refresh",
        hint: "Start a new Facebook login; Page tokens from a long-lived user token do not expire on their own.",
      }),
    );
  }

  /**
   * Not available in this release (see `capabilities.revoke`).
   * @throws `CapabilityError` always: revoking is not available in this release.
   */
  async revoke(_connection: Connection, _options: CallOptions = {}): Promise<void> {
    assertCapability("meta", this.capabilities, "revoke", undefined);
  }

  /**
   * The Page's or Instagram account's profile.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async getProfile(connection: Connection, options: CallOptions = {}): Promise<MetaProfile> {
    requireLogin(connection, "facebook");
    return getProfile(this.#context, connection, options);
  }

  /**
   * A Page's video (`options.kind: "video"`: Resumable Upload API, then `/videos`) or Reel
   * (`"reel"`: `/video_reels` start, the bytes to rupload.facebook.com, finish as published,
   * draft or scheduled), with the Page's token; or, for an Instagram account, a Reel (or a Story,
   * `options.type: "story"`) uploaded to its container's rupload URL, then published once ready.
   * From the app's bytes. The job is `processing` until Meta has processed it (`waitForPublish`);
   * a lost answer to the final call is `unknown`.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ConflictError` when the idempotency key was used for other content, before any request.
   * @throws `UploadError` (with a `resumeState`) when the upload cannot continue.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async publishVideo(
    connection: Connection,
    input: VideoPublishInput<MetaVideoOptions | InstagramVideoOptions>,
  ): Promise<PublishJob> {
    // Each module checks its options with its own schema before any request.
    // Instagram Login accounts belong to the InstagramLogin client, which can renew their tokens.
    requireLogin(connection, "facebook");
    if (connection?.account?.platform === "instagram")
      return publishInstagramVideo(
        this.#context,
        connection,
        input as VideoPublishInput<InstagramVideoOptions>,
      );
    return publishFacebookVideo(this.#context, connection, input as VideoPublishInput<MetaVideoOptions>);
  }

  /**
   * Photos from public URLs. A Page: one as a photo post (`/photos`), several (or a scheduled one)
   * as one post with `attached_media` (for the app's bytes use {@link Meta.publishPagePhotos}). An
   * Instagram account: one image is an image post (or a Story), 2–10 a carousel.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ConflictError` when the idempotency key was used for other content, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async publishPhotos(
    connection: Connection,
    input: PhotoPublishInput<MetaPhotoOptions | InstagramPhotoOptions>,
  ): Promise<PublishJob> {
    // Instagram Login accounts belong to the InstagramLogin client, which can renew their tokens.
    requireLogin(connection, "facebook");
    if (connection?.account?.platform === "instagram")
      return publishInstagramPhotos(
        this.#context,
        connection,
        input as PhotoPublishInput<InstagramPhotoOptions>,
      );
    const urls = Array.isArray(input?.imageUrls) ? input.imageUrls : [];
    return publishPagePhotos(this.#context, connection, {
      ...(input.options as MetaPhotoOptions | undefined),
      photos: urls.map((url) => ({ url })),
      idempotencyKey: input.idempotencyKey,
      signal: input.signal,
    });
  }

  /**
   * A text or link post on a Facebook Page (`/{page-id}/feed`), now or scheduled 10 minutes to
   * 30 days ahead. Meta-specific: the contract has no text post.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ConflictError` when the idempotency key was used for other content, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  publishPagePost(connection: Connection, input: FacebookPostInput): Promise<PublishJob> {
    return publishPagePost(this.#context, connection, input);
  }

  /**
   * Photos on a Facebook Page from URLs or the app's bytes (JPEG or PNG under 4 MB, multipart
   * `source`): one as a photo post, several (or a scheduled one) as one post with `attached_media`.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ConflictError` when the idempotency key was used for other content, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  publishPagePhotos(connection: Connection, input: FacebookPhotosInput): Promise<PublishJob> {
    return publishPagePhotos(this.#context, connection, input);
  }

  /**
   * Anything Instagram publishes (image, carousel, Reel, Story; media by public URL, or video
   * bytes), checked against Instagram's media rules before any request. The publishing limit is
   * read first (`onPublishingLimit`; a spent quota is a `RateLimitError`), then the containers are
   * created and polled until `FINISHED`, and `media_publish` runs once.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ConflictError` when the idempotency key was used for other content, before any request.
   * @throws `UploadError` (with a `resumeState`) when the upload cannot continue.
   * @throws `InstagramContainerError` when Instagram refuses or expires the media container.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async publishInstagram(connection: Connection, input: InstagramPublishInput): Promise<PublishJob> {
    requireLogin(connection, "facebook");
    return publishInstagram(this.#context, connection, input);
  }

  /**
   * How many API posts the Instagram account has left in its moving 24 hours (`content_publishing_limit`).
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async getInstagramPublishingLimit(
    connection: Connection,
    options: CallOptions = {},
  ): Promise<InstagramPublishingLimit> {
    requireLogin(connection, "facebook");
    return readPublishingLimit(this.#context, instagramTarget(this.#context, connection), options.signal);
  }

  /**
   * Continues an interrupted upload from its saved state with the same bytes: a Page video or
   * Reel, or an Instagram container's video, from the offset Meta reports; then the final call.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `UploadError` (with a `resumeState`) when the upload cannot continue.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async resumeUpload(
    connection: Connection,
    state: ResumeState,
    input: ResumeUploadInput,
  ): Promise<PublishJob> {
    // Instagram Login accounts belong to the InstagramLogin client, which can renew their tokens.
    requireLogin(connection, "facebook");
    if (connection?.account?.platform === "instagram")
      return resumeInstagramUpload(this.#context, connection, state, input);
    return resumeFacebookUpload(this.#context, connection, state, input);
  }

  /**
   * The job brought up to date. A Page video or Reel from its `status` (uploading, processing,
   * publishing phases); posts and photos are settled when returned, and an `unknown` one without a
   * video id stays as it is (nothing to look up). Instagram: from the container's `status_code`,
   * publishing it once `FINISHED`; an `unknown` job is reconciled (`PUBLISHED`: it was published).
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async getPublishStatus(
    connection: Connection,
    job: PublishJob,
    options: CallOptions = {},
  ): Promise<PublishJob> {
    // Instagram Login accounts belong to the InstagramLogin client, which can renew their tokens.
    requireLogin(connection, "facebook");
    if (connection?.account?.platform === "instagram")
      return instagramPublishStatus(this.#context, connection, job, options);
    return pageVideoStatusJob(this.#context, connection, job, options);
  }

  /**
   * Polls `getPublishStatus` at Meta's pace (5 s, growing to 60 s) until the job settles or
   * `timeoutMs` passes (Page videos: 10 minutes by default).
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async waitForPublish(
    connection: Connection,
    job: PublishJob,
    options: WaitOptions = {},
  ): Promise<PublishJob> {
    // Instagram Login accounts belong to the InstagramLogin client, which can renew their tokens.
    requireLogin(connection, "facebook");
    if (connection?.account?.platform === "instagram")
      return waitForInstagramPublish(this.#context, connection, job, options);
    return waitForPageVideo(this.#context, connection, job, options);
  }

  /**
   * Not available in this release (see `capabilities.listVideos`).
   * @throws `CapabilityError` always: listing videos is not available in this release.
   */
  async listVideos(_connection: Connection, _options: CallOptions = {}): Promise<Page<unknown>> {
    assertCapability("meta", this.capabilities, "listVideos", undefined);
    throw new Error("unreachable");
  }
}
