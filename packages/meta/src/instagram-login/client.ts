// The InstagramLogin client: core's v1 provider contract for Instagram professional accounts that
// log in with Instagram itself (no Facebook Page), with the Instagram app's own id and secret.
// Thin: it builds one context and hands each call to the module of its concern.
import {
  assertCapability,
  type CallOptions,
  type CapabilityManifest,
  type Clock,
  type ConnectResult,
  type Connection,
  checkLoginSession,
  createCredentialResolver,
  credentialKeyOf,
  type HttpOptions,
  type IdempotencyStore,
  type LoginSession,
  type LoginStart,
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
import type { MetaAccount } from "../accounts.js";
import type { MetaContext } from "../context.js";
import { createMetaContext } from "../create-context.js";
import type { MetaBaseUrls } from "../endpoints.js";
import type { GraphClient } from "../graph.js";
import { instagramTarget } from "../instagram-account.js";
import { type InstagramPhotoOptions, publishInstagramPhotos } from "../instagram-contract.js";
import {
  type InstagramPublishInput,
  instagramPublishStatus,
  publishInstagram,
  waitForInstagramPublish,
} from "../instagram-jobs.js";
import { type InstagramPublishingLimit, readPublishingLimit } from "../instagram-limit.js";
import { requireLogin } from "../login-kind.js";
import type { MetaProfile } from "../profile.js";
import { saveConnections } from "../save-connections.js";
import { type InstagramLoginScope, metaScopeStyle } from "../scopes.js";
import type { GraphUsageGate, UsageGateOptions } from "../usage.js";
import { INSTAGRAM_LOGIN_CAPABILITIES } from "./capabilities.js";
import {
  createAuthorizationUrl,
  exchangeCode,
  type InstagramAuthorizationUrlInput,
  refreshToken,
} from "./oauth.js";
import { getProfile, profileOf, readMe } from "./profile.js";
import { DEFAULT_INSTAGRAM_RENEW_WITHIN_MS, instagramNeedsRenewal } from "./tokens.js";

/** Options of {@link InstagramLogin}. @group Instagram Login */
export interface InstagramLoginOptions extends HttpOptions {
  /** The Instagram app id (App Dashboard › Instagram › API setup with Instagram login), not the Facebook app's. */
  clientId: string;
  /** The Instagram app secret, sent to the token endpoints. */
  clientSecret: string;
  /** Must be one of the Instagram app's OAuth redirect URIs, exactly. */
  redirectUri: string;
  /** The Graph API version of graph.instagram.com calls. @default DEFAULT_GRAPH_VERSION ("v25.0") */
  graphVersion?: string | undefined;
  /** Hosts by role; pass the emulator's `baseUrls.meta` in tests. */
  baseUrls?: Partial<MetaBaseUrls> | undefined;
  /** Pacing on Meta's usage headers (slows down above 90% by default). */
  usage?: UsageGateOptions | GraphUsageGate | undefined;
  /** Where each account's token is kept; `connect` saves the account there, renewals too. */
  tokenStore?: TokenStore | undefined;
  /** Where idempotency keys of publishes live; share one across instances. @default a MemoryIdempotencyStore */
  idempotencyStore?: IdempotencyStore | undefined;
  /**
   * Receives every renewed token set of a connection given plain tokens, before it is used:
   * persist it here (a failure fails the call and the set is offered again next time).
   */
  onTokens?: ((tokens: TokenSet, credentialKey: string) => void | Promise<void>) | undefined;
  /**
   * Renew a long-lived token on use once it is within this long of expiry (and at least 24
   * hours old, as Meta requires). @default DEFAULT_INSTAGRAM_RENEW_WITHIN_MS (30 days)
   */
  renewWithinMs?: number | undefined;
  /** Time, for tests: login sessions and token age and expiry. @default systemClock */
  clock?: Clock | undefined;
}

/**
 * What `connect` returns for an Instagram login: the long-lived token (60 days, renewable), the
 * one Instagram professional account that logged in, and the permissions granted.
 * @group Instagram Login
 */
export type InstagramLoginConnectResult = ConnectResult<MetaAccount>;

/**
 * Instagram Login for postkit: an Instagram professional account logs in with Instagram itself
 * (no Facebook Page needed), with the Instagram app's id and secret. Its long-lived token lasts 60
 * days and is renewed on use (`renewal: "exchange"`) once at least a day old; its account
 * (`platform: "instagram"`, `login: "instagram"`) is served on graph.instagram.com.
 *
 * @example
 * ```ts
 * const instagram = new InstagramLogin({ clientId: igAppId, clientSecret: igAppSecret, redirectUri });
 * const { url, session } = await instagram.createAuthorizationUrl({ scopes: ["instagram_business_basic"] });
 * // … keep `session`, redirect to `url`; on the callback:
 * const { accounts } = await instagram.connect(callbackUrl, session);
 * const profile = await instagram.getProfile(accounts[0]!);
 * ```
 * @group Instagram Login
 */
export class InstagramLogin implements Provider<InstagramLoginScope, MetaProfile> {
  /** The contract version implemented. */
  readonly specificationVersion = "v1" as const;
  /** The provider id and its accounts' platform, `"instagram"`. */
  readonly id = "instagram" as const;
  /** Sent comma-separated (Meta accepts commas or spaces on this window). */
  readonly scopeStyle: ScopeStyle = metaScopeStyle;
  /** A long-lived token is exchanged for a new one (`refresh_access_token`). */
  readonly renewal = "exchange" as const;
  /** Per operation: available with its permissions, or why not. */
  readonly capabilities: CapabilityManifest<InstagramLoginScope> = INSTAGRAM_LOGIN_CAPABILITIES;
  /** The graph.instagram.com client every API call goes through. */
  readonly graph: GraphClient;
  readonly #context: MetaContext;

  constructor(options: InstagramLoginOptions) {
    const renewWithinMs = options.renewWithinMs ?? DEFAULT_INSTAGRAM_RENEW_WITHIN_MS;
    this.#context = createMetaContext(options, {
      graphHost: "instagramGraph",
      // appsecret_proof on graph.instagram.com is not in Meta's Instagram Login pages: not sent.
      appSecret: undefined,
      resolver: (context, clock) =>
        createCredentialResolver({
          platform: "instagram",
          renewal: "exchange",
          // The resolver renews when due (never a young token), or after Meta refused the token:
          // then a young one cannot be cured by waiting, so it is a reconnect.
          renew: (tokens) =>
            refreshToken(
              context(),
              tokens,
              !instagramNeedsRenewal(tokens, clock.now(), renewWithinMs),
              undefined,
            ),
          needsRenewal: (tokens, now) => instagramNeedsRenewal(tokens, now, renewWithinMs),
          tokenStore: options.tokenStore,
          onTokens: options.onTokens,
          now: () => clock.now(),
        }),
    });
    this.graph = this.#context.graph;
  }

  /**
   * The Instagram authorize window URL (`https://www.instagram.com/oauth/authorize`, comma-separated
   * Instagram Login scopes, `state`), with the login session to keep.
   * @throws `ValidationError` when the scopes or parameters make an invalid authorization request.
   */
  createAuthorizationUrl(input: InstagramAuthorizationUrlInput): Promise<LoginStart> {
    return createAuthorizationUrl(this.#context, input);
  }

  /**
   * Checks the login session and the callback before any request (Instagram's `#_` suffix on the
   * code is stripped), exchanges the code on api.instagram.com (either answer shape Meta
   * documents), then the short-lived token for a long-lived one, reads the account from `/me`,
   * and returns it with its token (saved to `tokenStore` when there is one).
   * @throws `OAuthError` when the login session is missing, expired or foreign (`OAUTH_SESSION_INVALID`), the callback is refused (`OAUTH_ACCESS_DENIED` when the user declined) or the code exchange fails.
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async connect(
    callback: string | URL | URLSearchParams,
    session: LoginSession | undefined,
    options: CallOptions = {},
  ): Promise<InstagramLoginConnectResult> {
    const { signal } = options;
    const context = this.#context;
    const login = checkLoginSession(session, { platform: "instagram", now: () => context.clock.now() });
    const { tokens, userId } = await exchangeCode(context, callback, login, signal);
    const me = await readMe(context, tokens.accessToken, signal);
    const profile = profileOf(me, userId ?? "");
    const account: MetaAccount = {
      platform: "instagram",
      id: profile.id,
      displayName: profile.displayName,
      credentialKey: credentialKeyOf("instagram", profile.id),
      login: "instagram",
      ...(profile.username ? { username: profile.username } : {}),
      ...(profile.avatarUrl ? { avatarUrl: profile.avatarUrl } : {}),
    };
    const connection = { account, credentials: tokens };
    await saveConnections(context.tokenStore, [connection]);
    return { tokens, accounts: [connection], grantedScopes: [...tokens.scopes] };
  }

  /**
   * A new long-lived token for `tokens` (`refresh_access_token`), valid 60 days from now. Refused
   * before any request when Meta would refuse it: an expired token (`REAUTH_REQUIRED`: log in
   * again) or one less than 24 hours old (`ValidationError`: keep using it).
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the refresh token is expired or revoked.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  renewTokens(tokens: TokenSet, options: CallOptions = {}): Promise<TokenSet> {
    return refreshToken(this.#context, tokens, false, options.signal);
  }

  /**
   * Not available in this release (see `capabilities.revoke`).
   * @throws `CapabilityError` always: revoking is not available in this release.
   */
  async revoke(_connection: Connection, _options: CallOptions = {}): Promise<void> {
    assertCapability("instagram", this.capabilities, "revoke", undefined);
  }

  /**
   * The account's profile from graph.instagram.com: needs `instagram_business_basic`.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  getProfile(connection: Connection, options: CallOptions = {}): Promise<MetaProfile> {
    return getProfile(this.#context, connection, options);
  }

  /**
   * Not available: Meta documents uploading bytes for Facebook Login apps only, so an Instagram
   * Login account publishes a Reel by public URL with {@link InstagramLogin.publishInstagram}.
   * @throws `CapabilityError` always: Instagram Login publishes by public URL (use `publishInstagram`).
   */
  async publishVideo(_connection: Connection, _input: VideoPublishInput<unknown>): Promise<PublishJob> {
    assertCapability("instagram", this.capabilities, "publishVideo", undefined);
    throw new Error("unreachable");
  }

  /**
   * One image is an image post (or a Story), 2–10 a carousel; from public JPEG URLs.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ConflictError` when the idempotency key was used for other content, before any request.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async publishPhotos(
    connection: Connection,
    input: PhotoPublishInput<InstagramPhotoOptions>,
  ): Promise<PublishJob> {
    requireLogin(connection, "instagram");
    return publishInstagramPhotos(this.#context, connection, input);
  }

  /**
   * Anything Instagram publishes by public URL (image, carousel, Reel, Story), checked against
   * Instagram's media rules before any request. The publishing limit is read first, then the
   * containers are created and polled until `FINISHED`, and `media_publish` runs once.
   * @throws `ValidationError` when the input is invalid, before any request.
   * @throws `ConflictError` when the idempotency key was used for other content, before any request.
   * @throws `InstagramContainerError` when Instagram refuses or expires the media container.
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async publishInstagram(connection: Connection, input: InstagramPublishInput): Promise<PublishJob> {
    requireLogin(connection, "instagram");
    return publishInstagram(this.#context, connection, input);
  }

  /**
   * How many API posts the account has left in its moving 24 hours (`content_publishing_limit`).
   * @throws `ScopeError` when the grant lacks a scope the call needs, before any request.
   * @throws `OAuthError` with code `REAUTH_REQUIRED` when the grant is gone (the user connects again).
   * @throws `StoreError` when the token store fails.
   * @throws `RateLimitError`, `NetworkError`, `HttpError` or a `MetaGraphError` when the platform refuses the call or cannot be reached.
   */
  async getInstagramPublishingLimit(
    connection: Connection,
    options: CallOptions = {},
  ): Promise<InstagramPublishingLimit> {
    requireLogin(connection, "instagram");
    return readPublishingLimit(this.#context, instagramTarget(this.#context, connection), options.signal);
  }

  /**
   * Not available: there are no uploads to resume (see `capabilities.resumeUpload`).
   * @throws `CapabilityError` always: there are no uploads to resume.
   */
  async resumeUpload(
    _connection: Connection,
    _state: ResumeState,
    _input: ResumeUploadInput,
  ): Promise<PublishJob> {
    assertCapability("instagram", this.capabilities, "resumeUpload", undefined);
    throw new Error("unreachable");
  }

  /**
   * The job brought up to date from its container's `status_code`, publishing it once
   * `FINISHED`; an `unknown` job is reconciled (`PUBLISHED`: it was published).
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
    requireLogin(connection, "instagram");
    return instagramPublishStatus(this.#context, connection, job, options);
  }

  /**
   * Polls `getPublishStatus` at Meta's pace (5 s, doubling to a minute) until settled or `timeoutMs`.
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
    requireLogin(connection, "instagram");
    return waitForInstagramPublish(this.#context, connection, job, options);
  }

  /**
   * Not available in this release (see `capabilities.listVideos`).
   * @throws `CapabilityError` always: listing videos is not available in this release.
   */
  async listVideos(_connection: Connection, _options: CallOptions = {}): Promise<Page<unknown>> {
    assertCapability("instagram", this.capabilities, "listVideos", undefined);
    throw new Error("unreachable");
  }
}
