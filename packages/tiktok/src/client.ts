import {
  type Account,
  type AuthorizationUrlInput,
  type CallOptions,
  type Clock,
  type ConnectResult,
  type Connection,
  commaSeparatedScopes,
  createCredentialResolver,
  createHttpClient,
  credentialKeyOf,
  type CredentialResolver,
  type CredentialSource,
  fingerprint,
  type HttpOptions,
  type IdempotencyStore,
  isPostkitError,
  isSettled,
  type ListOptions,
  type LoginSession,
  type LoginStart,
  MemoryIdempotencyStore,
  type Page,
  type PhotoPublishInput,
  type Provider,
  type PublishJob,
  pollUntil,
  publishOnce,
  type RenewalKind,
  type ResumeState,
  type ResumeUploadInput,
  replaceStoredTokens,
  type ScopeStyle,
  type TokenSet,
  type TokenStore,
  ValidationError,
  type VideoPublishInput,
  type WaitOptions,
  assertCapability,
} from "@postkit/core";
import { createApi } from "./api.js";
import type { TikTokContext } from "./context.js";
import type { TikTokCreatorInfo } from "./creator-info.js";
import { queryCreatorInfo } from "./creator-info.js";
import { TIKTOK_BASE_URLS, type TikTokBaseUrls } from "./endpoints.js";
import * as oauth from "./oauth.js";
import type { TikTokAuthorizationUrlInput, TikTokCallback } from "./oauth.js";
import { checkTikTokSession } from "./session.js";
import { TIKTOK_CAPABILITIES } from "./capabilities.js";
import { jobWithStatus, lostInitJob, startedJob } from "./jobs.js";
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
import { realTimers } from "./timers.js";
import type { TikTokVideoContentType } from "./upload.js";
import * as videos from "./videos.js";
import type { QueryVideosOptions, TikTokVideo, TikTokVideoField } from "./videos.js";

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
  /** Time for the limiter, upload expiry and polling; inject one in tests. @default systemClock */
  clock?: Clock | undefined;
  /**
   * Where connections without `credentials` load their tokens from, and where `connect` saves
   * them; share one across instances (`@postkit/redis`) so every instance renews through it.
   */
  tokenStore?: TokenStore | undefined;
  /**
   * Receives renewed token sets of connections that carry plain tokens, before the new tokens
   * are used; persist them here (a failure fails the call with a `StoreError`, and the same set
   * is offered again next time, so a rotated refresh token is never lost).
   */
  onTokens?: ((tokens: TokenSet, credentialKey: string) => void | Promise<void>) | undefined;
  /** Remembers idempotency keys. @default a MemoryIdempotencyStore (one process) */
  idempotencyStore?: IdempotencyStore | undefined;
}

/** A connection to a TikTok account: the account and what acts for it. @group Client */
export type TikTokConnection = Connection<Account>;

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
 * TikTok's video options for core's `Provider.publishVideo`: `mode: "direct"` posts
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
  readonly #pkce: "hex" | "base64url";
  readonly #credentials: CredentialResolver;
  readonly #tokenStore: TokenStore | undefined;
  readonly #idempotency: IdempotencyStore;

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
      clock: givenClock,
      tokenStore,
      onTokens,
      idempotencyStore,
      ...http
    } = options;
    const urls: TikTokBaseUrls = { ...TIKTOK_BASE_URLS, ...baseUrls };
    const clock = givenClock ?? realTimers;
    const limiter = new TikTokRateLimiter(clock, rateLimit);
    this.#pkce = pkce ?? "hex";
    this.#tokenStore = tokenStore;
    this.#idempotency = idempotencyStore ?? new MemoryIdempotencyStore({ now: () => clock.now() });
    this.#context = {
      clientKey,
      clientSecret,
      redirectUri: checkRedirectUri(redirectUri),
      baseUrls: urls,
      api: createApi(urls.api, http, limiter, rateLimit?.mode !== "off"),
      // Chunk PUTs get their own client: a 64 MB chunk needs a longer time limit than an API call.
      upload: createHttpClient("tiktok", { ...http, timeoutMs: uploadTimeoutMs ?? 300_000 }),
      uploadRetry: http.retry,
      logger: http.logger,
      limiter,
      timers: clock,
    };
    // One resolver per client: every call for a grant shares one refresh.
    this.#credentials = createCredentialResolver({
      platform: "tiktok",
      renewal: this.renewal,
      renew: (tokens) => this.renewTokens(tokens),
      tokenStore,
      onTokens,
      now: () => clock.now(),
    });
  }

  // ── OAuth ────────────────────────────────────────────────────────────────────────────────

  /**
   * The authorization URL (`client_key`, comma-separated scopes, `response_type=code`,
   * `redirect_uri`, `state`, PKCE `S256`) plus the login session to keep for {@link connect}
   * (server-side, or sealed into a cookie with core's `sealLoginSession`).
   */
  async createAuthorizationUrl(
    input: TikTokAuthorizationUrlInput | AuthorizationUrlInput<TikTokScope>,
  ): Promise<LoginStart> {
    const request = await oauth.createAuthorizationUrl(this.#context, this.#pkce, input);
    const now = this.#context.timers.now();
    const session: LoginSession = {
      v: 1,
      platform: "tiktok",
      state: request.state,
      codeVerifier: request.codeVerifier,
      redirectUri: this.#context.redirectUri,
      scopes: [...input.scopes],
      createdAt: now,
      expiresAt: now + (input.sessionTtlMs ?? 600_000),
    };
    return { ...request, session };
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
   * Finishes a login: checks the session (a missing, expired or foreign one is an `OAuthError`
   * `OAUTH_SESSION_INVALID`), validates the callback, exchanges the code with the PKCE verifier,
   * and returns the grant and its one account (the user's `open_id`, named from user info when
   * `user.info.basic` was granted). With a `tokenStore`, the tokens are saved there first.
   */
  async connect(
    callback: string | URL | URLSearchParams,
    session: LoginSession | undefined,
    options: CallOptions = {},
  ): Promise<ConnectResult> {
    const checked = checkTikTokSession(session, this.#context.timers.now());
    const tokens = await oauth.handleCallback(this.#context, callback, {
      state: checked.state,
      codeVerifier: checked.codeVerifier,
      signal: options.signal,
    });
    const openId = typeof tokens.raw.open_id === "string" ? tokens.raw.open_id : undefined;
    if (!openId) throw new ValidationError("tiktok: the token response has no open_id.");
    const named = tokens.scopes.includes("user.info.basic")
      ? await profile.getProfile(this.#context, tokens, options)
      : undefined;
    const account: Account = {
      platform: "tiktok",
      id: openId,
      displayName: named?.displayName ?? openId,
      credentialKey: credentialKeyOf("tiktok", openId),
      username: named?.username,
      avatarUrl: named?.avatarUrl,
    };
    if (this.#tokenStore) await replaceStoredTokens(this.#tokenStore, account.credentialKey, tokens);
    return { tokens, grantedScopes: tokens.scopes, accounts: [{ account, credentials: tokens }] };
  }

  /**
   * New tokens from the refresh token. TikTok may rotate the refresh token: the returned set
   * carries the new one (the old is kept when none is returned). An expired or revoked refresh
   * token gives an `OAuthError` with code `REAUTH_REQUIRED`. Connections renew by themselves;
   * call this only to manage tokens by hand.
   */
  renewTokens(tokens: TokenSet, options: CallOptions = {}): Promise<TokenSet> {
    return oauth.refreshTokens(this.#context, tokens, options.signal);
  }

  /** Revokes the grant at TikTok (the user's authorization of the app) and forgets it in the store. */
  async revoke(connection: TikTokConnection, options: CallOptions = {}): Promise<void> {
    const source = this.#credentials.sourceFor(connection);
    await oauth.revokeTokens(this.#context, await source.get(options), options.signal);
    await this.#tokenStore?.delete(connection.account.credentialKey);
  }

  /** The credential source acting for an account, bound to the client's `tokenStore`. */
  credentialsFor(account: Account): CredentialSource {
    return this.#credentials.sourceFor({ account });
  }

  // ── Profile ──────────────────────────────────────────────────────────────────────────────

  /**
   * The profile, with the fields the granted scopes allow: basic always, bio/username/verified
   * with `user.info.profile`, counts with `user.info.stats`. Needs `user.info.basic`. A field
   * TikTok leaves out does not fail it (see {@link TikTokProfile}); only `open_id` must come back.
   */
  getProfile(connection: TikTokConnection, options: CallOptions = {}): Promise<TikTokProfile> {
    return this.#run(connection, "getProfile", options.signal, (tokens) =>
      profile.getProfile(this.#context, tokens, options),
    );
  }

  /**
   * Exactly the requested `/v2/user/info/` fields, typed by the request. A field whose scope was
   * not granted throws a `ScopeError` naming the scope, before any request.
   */
  getUserInfo<F extends TikTokUserField>(
    connection: TikTokConnection,
    options: GetUserInfoOptions<F>,
  ): Promise<TikTokUserInfo<F>> {
    return this.#run(connection, undefined, options.signal, (tokens) =>
      profile.getUserInfo(this.#context, tokens, options),
    );
  }

  // ── Videos ───────────────────────────────────────────────────────────────────────────────

  /**
   * One page (at most 20) of the user's public videos, newest first. Needs `video.list`. Pass
   * the page's `nextCursor` back as `cursor`; walk them all with core's `iteratePages`.
   */
  async listVideos(
    connection: TikTokConnection,
    options: ListOptions & { fields?: readonly TikTokVideoField[] | undefined } = {},
  ): Promise<Page<TikTokVideo>> {
    const cursor = options.cursor === undefined ? undefined : Number(options.cursor);
    if (cursor !== undefined && !Number.isSafeInteger(cursor)) {
      throw new ValidationError("tiktok: a video list cursor is the nextCursor of a previous page.");
    }
    const page = await this.#run(connection, "listVideos", options.signal, (tokens) =>
      videos.listVideos(this.#context, tokens, {
        fields: options.fields,
        cursor,
        maxCount: options.pageSize,
        signal: options.signal,
      }),
    );
    return { items: page.videos, nextCursor: page.hasMore ? String(page.cursor) : undefined };
  }

  /** The user's videos with these ids (1–20, as strings); refreshes cover URLs. Needs `video.list`. */
  queryVideos<F extends TikTokVideoField = TikTokVideoField>(
    connection: TikTokConnection,
    videoIds: readonly string[],
    options: QueryVideosOptions<F> = {},
  ): Promise<TikTokVideo<F>[]> {
    return this.#run(connection, "listVideos", options.signal, (tokens) =>
      videos.queryVideos(this.#context, tokens, videoIds, options),
    );
  }

  // ── Posting ──────────────────────────────────────────────────────────────────────────────

  /**
   * The creator's current posting settings (nickname, privacy options, disabled interactions,
   * max duration). Call it when rendering the post UI. Needs `video.publish`; 20 per minute.
   */
  getCreatorInfo(connection: TikTokConnection, options: CallOptions = {}): Promise<TikTokCreatorInfo> {
    return this.#run(connection, undefined, options.signal, (tokens) =>
      queryCreatorInfo(this.#context, tokens, options),
    );
  }

  /**
   * Posts a video directly (`video.publish`): options are checked against the creator info, then
   * one init call (never repeated), then the chunks when uploading bytes. Resolves when TikTok
   * has the bytes; follow it with {@link fetchPublishStatus} or core's jobs ({@link publishVideo}).
   */
  postVideo(connection: TikTokConnection, input: TikTokDirectPostInput): Promise<TikTokPublishStart> {
    return this.#run(connection, undefined, input.signal, (tokens) =>
      publish.directPostVideo(this.#context, tokens, input),
    );
  }

  /**
   * Uploads a video to the creator's TikTok inbox as a draft (`video.upload`); the creator gets a
   * notification and finishes the post in the app. At most 5 pending drafts per 24 h.
   */
  uploadDraft(connection: TikTokConnection, input: TikTokDraftInput): Promise<TikTokPublishStart> {
    return this.#run(connection, undefined, input.signal, (tokens) =>
      publish.uploadDraft(this.#context, tokens, input),
    );
  }

  /** A photo post (1–35 image URLs on a verified domain), `DIRECT_POST` or `MEDIA_UPLOAD`. */
  postPhotos(connection: TikTokConnection, input: TikTokPhotoPostInput): Promise<TikTokPublishStart> {
    return this.#run(connection, undefined, input.signal, (tokens) =>
      publish.postPhotos(this.#context, tokens, input),
    );
  }

  /** Cancels a `PULL_FROM_URL` download still in progress (best effort). */
  cancelPublish(connection: TikTokConnection, publishId: string, options: CallOptions = {}): Promise<void> {
    return this.#run(connection, undefined, options.signal, (tokens) =>
      publish.cancelPublish(this.#context, tokens, publishId, options),
    );
  }

  /** The publish's current status, with `publicPostIds` as exact strings. */
  fetchPublishStatus(
    connection: TikTokConnection,
    publishId: string,
    options: CallOptions = {},
  ): Promise<TikTokPublishStatus> {
    return this.#run(connection, "getPublishStatus", options.signal, (tokens) =>
      status.fetchPublishStatus(this.#context, tokens, publishId, options),
    );
  }

  /**
   * Polls the status with a doubling delay (at least 2 s, within TikTok's 30/min) until
   * `PUBLISH_COMPLETE`, `SEND_TO_USER_INBOX` or `FAILED` (with `failReason`), or `timeoutMs`
   * passes, and returns the last status either way.
   */
  waitForPublishStatus(
    connection: TikTokConnection,
    publishId: string,
    options: WaitForPublishOptions = {},
  ): Promise<TikTokPublishStatus> {
    return this.#run(connection, "getPublishStatus", options.signal, (tokens) =>
      status.waitForPublish(this.#context, tokens, publishId, options),
    );
  }

  // ── Publishing as jobs (core's Provider) ─────────────────────────────────────────────────

  /**
   * core's `Provider.publishVideo`: `mode: "direct"` → {@link postVideo}, `mode: "draft"` →
   * {@link uploadDraft}, as a job (`processing` once TikTok has the bytes). With an
   * `idempotencyKey`, the same key never publishes twice.
   */
  async publishVideo(
    connection: TikTokConnection,
    input: VideoPublishInput<TikTokVideoOptions>,
  ): Promise<PublishJob> {
    const { options, source, onProgress, onResumeState, signal } = input;
    if (options?.mode !== "direct" && options?.mode !== "draft") {
      throw new ValidationError('tiktok: publishVideo options need mode "direct" or "draft".');
    }
    assertCapability(
      "tiktok",
      this.capabilities,
      options.mode === "direct" ? "publishVideo" : "saveDraft",
      undefined,
    );
    const controls = { onProgress, onResumeState, signal };
    const run = async (): Promise<PublishJob> => {
      let started: TikTokPublishStart;
      if (options.mode === "direct") {
        const { mode: _mode, creatorInfo, chunkSize, contentType, ...postOptions } = options;
        started = await this.postVideo(connection, {
          source,
          chunkSize,
          contentType,
          creatorInfo,
          options: postOptions,
          ...controls,
        });
      } else {
        started = await this.uploadDraft(connection, {
          source,
          chunkSize: options.chunkSize,
          contentType: options.contentType,
          ...controls,
        });
      }
      return startedJob(connection.account.id, started.publishId, this.#context.timers.now());
    };
    if (input.idempotencyKey === undefined) return run();
    const { creatorInfo: _creatorInfo, ...fingerprinted } = options as TikTokVideoOptions & {
      creatorInfo?: unknown;
    };
    return this.#once(
      input.idempotencyKey,
      {
        account: connection.account.id,
        options: fingerprinted,
        source: { size: source.size, name: source.name, type: source.type },
      },
      run,
    );
  }

  /**
   * core's `Provider.publishPhotos`: {@link postPhotos} with the images from `imageUrls`, as a
   * job. TikTok fetches the images itself, so a lost response to the init call may still become
   * a post: the job is then `unknown` (TikTok offers no way to look it up without its id) and is
   * never repeated by postkit.
   */
  async publishPhotos(
    connection: TikTokConnection,
    input: PhotoPublishInput<TikTokPhotoOptions>,
  ): Promise<PublishJob> {
    const run = async (): Promise<PublishJob> => {
      try {
        const started = await this.postPhotos(connection, {
          ...input.options,
          imageUrls: input.imageUrls,
          signal: input.signal,
        });
        return startedJob(connection.account.id, started.publishId, this.#context.timers.now());
      } catch (error) {
        // The init went out and no answer came back: TikTok may be fetching the images now.
        if (isPostkitError(error, "NETWORK_ERROR", "TIMEOUT") && !input.signal?.aborted) {
          return lostInitJob(connection.account.id, this.#context.timers.now());
        }
        throw error;
      }
    };
    if (input.idempotencyKey === undefined) return run();
    const { creatorInfo: _creatorInfo, ...fingerprinted } = input.options;
    return this.#once(
      input.idempotencyKey,
      { account: connection.account.id, options: fingerprinted, imageUrls: input.imageUrls },
      run,
    );
  }

  /**
   * Continues an interrupted upload from a state saved by `onResumeState` (or an `UploadError`'s
   * `resumeState`) with the same bytes, within the hour the upload URL lives. An upload URL that
   * is not `https` on TikTok's upload hosts (`tiktokapis.com`) or on the configured `upload` base
   * URL's origin is refused with a `ValidationError`, before anything is sent.
   */
  async resumeUpload(
    connection: TikTokConnection,
    state: ResumeState,
    input: ResumeUploadInput,
  ): Promise<PublishJob> {
    const { source, ...controls } = input;
    const started = await publish.resumeUpload(this.#context, state, source, controls);
    return startedJob(connection.account.id, started.publishId, this.#context.timers.now());
  }

  /**
   * core's `Provider.getPublishStatus`: the job brought up to date from TikTok's status. A job
   * whose init response was lost (no `publishId`) stays `unknown`: TikTok cannot look it up.
   */
  async getPublishStatus(
    connection: TikTokConnection,
    job: PublishJob,
    options: CallOptions = {},
  ): Promise<PublishJob> {
    const publishId = job.ids.publishId;
    if (!publishId) return job;
    const current = await this.fetchPublishStatus(connection, publishId, options);
    return jobWithStatus(job, current, this.#context.timers.now());
  }

  /** core's `Provider.waitForPublish`: polls at TikTok's pace (2 s, doubling) until the job settles or `timeoutMs` passes. */
  waitForPublish(
    connection: TikTokConnection,
    job: PublishJob,
    options: WaitOptions = {},
  ): Promise<PublishJob> {
    if (!job.ids.publishId) return Promise.resolve(job);
    return pollUntil(() => this.getPublishStatus(connection, job, options), isSettled, {
      intervalMs: 3000,
      backoff: 2,
      maxIntervalMs: 30_000,
      timeoutMs: options.timeoutMs ?? 600_000,
      signal: options.signal,
      clock: options.clock ?? this.#context.timers,
    });
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────

  /**
   * Checks the capability (and its scopes, when the grant's are known), then runs `call` with
   * valid tokens: renewed ahead of expiry, and once more after TikTok refuses the access token.
   */
  #run<T>(
    connection: TikTokConnection,
    operation: keyof typeof TIKTOK_CAPABILITIES | undefined,
    signal: AbortSignal | undefined,
    call: (tokens: TokenSet) => Promise<T>,
  ): Promise<T> {
    return this.#credentials.withAccessToken(connection, signal, (_accessToken, tokens) => {
      if (operation) assertCapability("tiktok", this.capabilities, operation, tokens.scopes);
      return call(tokens);
    });
  }

  async #once(key: string, content: unknown, run: () => Promise<PublishJob>): Promise<PublishJob> {
    const print = await fingerprint({ platform: "tiktok", content });
    return publishOnce(
      { store: this.#idempotency, key, fingerprint: print, now: () => this.#context.timers.now() },
      run,
    );
  }
}
