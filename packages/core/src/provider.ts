import type { AuthorizationRequest } from "./oauth/authorization-url.js";
import type { ScopeStyle } from "./oauth/scopes.js";
import type { TokenSet } from "./tokens/token-set.js";
import type { ProgressListener } from "./upload/progress.js";
import type { ResumeState } from "./upload/resume-state.js";
import type { UploadSource } from "./upload/source.js";

/**
 * The account kinds postkit knows. Platform packages outside this repository may use any string.
 * @group Provider
 */
export type PlatformId = "tiktok" | "youtube" | "facebook" | "instagram" | (string & {});

/** What every provider's profile has, whatever the platform. @group Provider */
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
}

/** What the callback handler needs from the login session. @group Provider */
export interface CallbackSession {
  /** The `state` returned by `createAuthorizationUrl`. */
  state: string;
  /** The `codeVerifier` returned by `createAuthorizationUrl`. */
  codeVerifier?: string | undefined;
  /** Aborts the code exchange. */
  signal?: AbortSignal | undefined;
}

/** @group Provider */
export interface CallOptions {
  /** Aborts the call; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** Where a publish stands. @group Provider */
export type PublishState = "processing" | "published" | "draft" | "failed";

/** @group Provider */
export interface PublishResult {
  /** The platform the publish went to. */
  platform: PlatformId;
  /** The id to poll with (TikTok `publish_id`, YouTube video id, Meta container id). */
  id: string;
  /** Where the publish stands now. */
  state: PublishState;
  /** The public post id, once published. */
  postId?: string | undefined;
  /** Why it failed, in the platform's words. */
  failureReason?: string | undefined;
  /** The last platform response, for extras. */
  raw?: unknown;
}

/** The uniform part of a video publish. @group Provider */
export interface VideoPublishInput<TOptions> {
  /** The video's bytes, read lazily by range. */
  source: UploadSource;
  /** Platform options (privacy, title, …), typed by each package. */
  options: TOptions;
  /** Called after every acknowledged chunk with bytes sent and total. */
  onProgress?: ProgressListener | undefined;
  /** Called with the state to persist after every acknowledged chunk. */
  onResumeState?: ((state: ResumeState) => void | Promise<void>) | undefined;
  /** Stops the upload; the error carries a resume state. */
  signal?: AbortSignal | undefined;
}

/**
 * The uniform part of a photo publish. Photos are given as public URLs the platform fetches
 * itself: TikTok (`PULL_FROM_URL`, a verified domain) and Instagram (`image_url`) only take photos
 * that way.
 * @group Provider
 */
export interface PhotoPublishInput<TOptions> {
  /** Public HTTPS URLs of the images, in order. */
  imageUrls: readonly string[];
  /** Platform options (privacy, caption, …), typed by each package. */
  options: TOptions;
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
}

/**
 * One account a login can publish to, with its own tokens. Returned by
 * {@link Provider.listAccounts} on platforms where one user login manages several accounts.
 * @group Provider
 */
export interface ConnectedAccount {
  /** Which kind of account this is (a Meta login yields `facebook` Pages and `instagram` accounts). */
  platform: PlatformId;
  /** The platform's id of the account (a Page id, an Instagram user id). */
  id: string;
  /** The name the platform shows for the account. */
  displayName: string;
  /** The tokens to act as this account; pass them to the provider's other methods. */
  tokens: TokenSet;
}

/** What a provider can publish. @group Provider */
export interface PublishingCapabilities {
  /** Can publish videos. */
  video: boolean;
  /** Can publish photos. */
  photo: boolean;
  /** Can upload to the creator's drafts / inbox instead of publishing. */
  drafts: boolean;
  /** An interrupted upload continues from a {@link ResumeState}. */
  resumableUploads: boolean;
}

/**
 * The contract every platform package implements, so an app can connect and post to any account
 * kind through one code path. Each package adds typed platform-specific methods on top.
 *
 * @typeParam TScope the platform's scope union.
 * @typeParam TProfile the platform's profile (a {@link Profile} plus extras).
 * @typeParam TVideoOptions the platform's video publish options.
 * @typeParam TPhotoOptions the platform's photo publish options.
 * @group Provider
 */
export interface Provider<
  TScope extends string = string,
  TProfile extends Profile = Profile,
  TVideoOptions = unknown,
  TPhotoOptions = unknown,
> {
  /** The platform this provider talks to. */
  readonly id: PlatformId;
  /** How this platform writes scope lists. */
  readonly scopeStyle: ScopeStyle;
  /** What the platform can publish through this provider. */
  readonly capabilities: PublishingCapabilities;
  /** The URL to send the user to, plus the `state` and PKCE verifier to keep for the callback. */
  createAuthorizationUrl(input: AuthorizationUrlInput<TScope>): Promise<AuthorizationRequest>;
  /** Validates the callback (state, error, code) and exchanges the code for tokens. */
  handleCallback(callback: string | URL | URLSearchParams, session: CallbackSession): Promise<TokenSet>;
  /** Exchanges the refresh token for new tokens; the stored refresh token is kept when none comes back. */
  refreshTokens(tokens: TokenSet, options?: CallOptions): Promise<TokenSet>;
  /** Revokes the account's tokens at the platform (disconnect). */
  revokeTokens(tokens: TokenSet, options?: CallOptions): Promise<void>;
  /** The account's profile, limited to what the granted scopes reveal. */
  getProfile(tokens: TokenSet, options?: CallOptions): Promise<TProfile>;
  /** Uploads and publishes (or drafts) a video; resolves once the platform has the bytes. */
  publishVideo(tokens: TokenSet, input: VideoPublishInput<TVideoOptions>): Promise<PublishResult>;
  /**
   * Publishes (or drafts) photos from public URLs. Present exactly when `capabilities.photo` is
   * `true`; the result's id works with `getPublishStatus`.
   */
  publishPhotos?(tokens: TokenSet, input: PhotoPublishInput<TPhotoOptions>): Promise<PublishResult>;
  /** The current state of a publish started by `publishVideo` or `publishPhotos`. */
  getPublishStatus(tokens: TokenSet, id: string, options?: CallOptions): Promise<PublishResult>;
  /**
   * The accounts this login can publish to, each with its own tokens, on platforms where one
   * login manages several (Meta: the user's Facebook Pages and their Instagram accounts). Left out
   * where the login is the account (TikTok, YouTube): use the login's tokens directly.
   */
  listAccounts?(tokens: TokenSet, options?: CallOptions): Promise<ConnectedAccount[]>;
}
