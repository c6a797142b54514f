import type { Account, ConnectResult, Connection, PlatformId } from "./contract/account.js";
import type { CapabilityManifest } from "./contract/capabilities.js";
import type { Page } from "./contract/page.js";
import type { PublishJob } from "./contract/publish-job.js";
import type { AuthorizationRequest } from "./oauth/authorization-url.js";
import type { LoginSession } from "./oauth/login-session.js";
import type { ScopeStyle } from "./oauth/scopes.js";
import type { Clock } from "./poll/clock.js";
import type { RenewalKind } from "./tokens/credential-source.js";
import type { TokenSet } from "./tokens/token-set.js";
import type { ProgressListener } from "./upload/progress.js";
import type { ResumeState } from "./upload/resume-state.js";
import type { UploadSource } from "./upload/source.js";

/**
 * The version of the provider contract this package defines. A provider says which one it
 * implements in `specificationVersion`; a breaking change to the contract gets a new version.
 * @group Provider
 */
export const CONTRACT_VERSION = "v1" as const;

/** What every provider's profile has, whatever the platform. Plain JSON. @group Provider */
export interface Profile {
  /** Which kind of account this is. */
  platform: PlatformId;
  /** The platform's stable id of the account (TikTok `open_id`, YouTube channel id, Page id). */
  id: string;
  /** The name the platform shows for the account. */
  displayName: string;
  /** Handle without `@`, when the platform has one and the granted scopes reveal it. */
  username?: string | undefined;
  /** The avatar image URL, when the granted scopes reveal it (TikTok's expire after a while). */
  avatarUrl?: string | undefined;
  /** A link to the account's public page, when known. */
  profileUrl?: string | undefined;
}

/** @group Provider */
export interface AuthorizationUrlInput<TScope extends string> {
  /** The scopes to request, in the platform's vocabulary; the user may grant fewer. */
  scopes: readonly TScope[];
  /** Your own state; a CSPRNG one by default. */
  state?: string | undefined;
  /** Extra authorization parameters, added last. */
  params?: Record<string, string | undefined> | undefined;
  /** How long the login may take before its session expires. @default 600000 (10 minutes) */
  sessionTtlMs?: number | undefined;
}

/**
 * The authorization URL to send the user to, and the login session to keep until they come
 * back (server-side, or sealed into a cookie with `sealLoginSession`).
 * @group Provider
 */
export interface LoginStart extends AuthorizationRequest {
  /** Everything the callback needs; pass it to `connect`. */
  session: LoginSession;
}

/** @group Provider */
export interface CallOptions {
  /** Aborts the call; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** The uniform part of a video publish. @group Provider */
export interface VideoPublishInput<TOptions> {
  /** The video's bytes, read lazily by range. */
  source: UploadSource;
  /** Platform options (privacy, title, …), typed by each package. */
  options: TOptions;
  /**
   * Your key for this publish (e.g. your own post id). The same key never publishes twice: a
   * repeat returns the first publish's job, and a repeat with other content is a `ConflictError`
   * before any request. Needs the provider's `idempotencyStore` (in memory by default).
   */
  idempotencyKey?: string | undefined;
  /** Called after every acknowledged chunk with bytes sent and total. */
  onProgress?: ProgressListener | undefined;
  /** Called with the state to persist after every acknowledged chunk. */
  onResumeState?: ((state: ResumeState) => void | Promise<void>) | undefined;
  /** Stops the upload; the error carries a resume state. */
  signal?: AbortSignal | undefined;
}

/** Continuing an interrupted upload: the same source, with the saved state. @group Provider */
export interface ResumeUploadInput {
  /** The same bytes as the interrupted upload. */
  source: UploadSource;
  /** Called after every acknowledged chunk with bytes sent and total. */
  onProgress?: ProgressListener | undefined;
  /** Called with the state to persist after every acknowledged chunk. */
  onResumeState?: ((state: ResumeState) => void | Promise<void>) | undefined;
  /** Stops the upload; the error carries a resume state. */
  signal?: AbortSignal | undefined;
}

/**
 * The uniform part of a photo publish. Photos are given as public URLs the platform fetches
 * itself: TikTok (`PULL_FROM_URL`, a verified domain) and Instagram (`image_url`) take photos
 * that way.
 * @group Provider
 */
export interface PhotoPublishInput<TOptions> {
  /** Public HTTPS URLs of the images, in order. */
  imageUrls: readonly string[];
  /** Platform options (privacy, caption, …), typed by each package. */
  options: TOptions;
  /** See {@link VideoPublishInput.idempotencyKey}. */
  idempotencyKey?: string | undefined;
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
}

/** How long `waitForPublish` waits, and on which clock. @group Provider */
export interface WaitOptions extends CallOptions {
  /** Give up waiting after this long and return the job as it stands. @default 600000 */
  timeoutMs?: number | undefined;
  /** Time, for tests. */
  clock?: Clock | undefined;
}

/** A page request of a list operation. @group Provider */
export interface ListOptions extends CallOptions {
  /** The `nextCursor` of the previous page; the first page when absent. */
  cursor?: string | undefined;
  /** Items per page, within the platform's bounds. */
  pageSize?: number | undefined;
}

/**
 * The contract every platform package implements (version {@link CONTRACT_VERSION}), so an app
 * can connect and post to any account kind through one code path. Each package adds typed
 * platform-specific methods on top, with the same argument order: a {@link Connection} first,
 * then the input, then options.
 *
 * @typeParam TScope the platform's scope union.
 * @typeParam TProfile the platform's profile (a {@link Profile} plus extras).
 * @typeParam TVideoOptions the platform's video publish options.
 * @typeParam TPhotoOptions the platform's photo publish options.
 * @typeParam TVideo what `listVideos` returns per item.
 * @group Provider
 */
export interface Provider<
  TScope extends string = string,
  TProfile extends Profile = Profile,
  TVideoOptions = unknown,
  TPhotoOptions = unknown,
  TVideo = unknown,
> {
  /** The contract version implemented. */
  readonly specificationVersion: typeof CONTRACT_VERSION;
  /** The platform this provider talks to. */
  readonly id: PlatformId;
  /** How this platform writes scope lists. */
  readonly scopeStyle: ScopeStyle;
  /** How its tokens are renewed. */
  readonly renewal: RenewalKind;
  /** What it can do, per operation, and with which scopes. */
  readonly capabilities: CapabilityManifest<TScope>;
  /** The URL to send the user to, plus the login session to keep for `connect`. */
  createAuthorizationUrl(input: AuthorizationUrlInput<TScope>): Promise<LoginStart>;
  /**
   * Validates the callback against the login session (state, expiry, error, code), exchanges
   * the code, and returns the grant and the accounts it can act as (saved to the provider's
   * `tokenStore` when it has one).
   */
  connect(
    callback: string | URL | URLSearchParams,
    session: LoginSession | undefined,
    options?: CallOptions,
  ): Promise<ConnectResult>;
  /** Renews a token set (refresh or exchange); the old refresh token is kept when none comes back. */
  renewTokens(tokens: TokenSet, options?: CallOptions): Promise<TokenSet>;
  /** Revokes the account's grant at the platform (disconnect) and forgets it in the store. */
  revoke(connection: Connection, options?: CallOptions): Promise<void>;
  /** The account's profile, limited to what the granted scopes reveal. */
  getProfile(connection: Connection, options?: CallOptions): Promise<TProfile>;
  /** Uploads and publishes (or drafts) a video; the job says where it stands. */
  publishVideo(connection: Connection, input: VideoPublishInput<TVideoOptions>): Promise<PublishJob>;
  /** Continues an interrupted upload from its saved state; same job as `publishVideo`. */
  resumeUpload(connection: Connection, state: ResumeState, input: ResumeUploadInput): Promise<PublishJob>;
  /** Publishes (or drafts) photos from public URLs. Present when `capabilities.publishPhotos` is available. */
  publishPhotos?(connection: Connection, input: PhotoPublishInput<TPhotoOptions>): Promise<PublishJob>;
  /**
   * The job brought up to date from the platform: a `processing` job advances, an `unknown` one
   * is reconciled to what really happened (never by repeating the write).
   */
  getPublishStatus(connection: Connection, job: PublishJob, options?: CallOptions): Promise<PublishJob>;
  /** Polls `getPublishStatus` at the platform's pace until the job settles or the bound passes. */
  waitForPublish(connection: Connection, job: PublishJob, options?: WaitOptions): Promise<PublishJob>;
  /** One page of the account's videos, newest first. */
  listVideos(connection: Connection, options?: ListOptions): Promise<Page<TVideo>>;
}

export type { Account, Connection };
