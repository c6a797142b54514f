// The contract before v1, kept only while TikTok and YouTube move to v1 (provider.ts); removed
// once they have. Do not build on it.
import type { PlatformId } from "./contract/account.js";
import type { AuthorizationRequest } from "./oauth/authorization-url.js";
import type {
  AuthorizationUrlInput,
  CallOptions,
  PhotoPublishInput,
  Profile,
  VideoPublishInput,
} from "./provider.js";
import type { ScopeStyle } from "./oauth/scopes.js";
import type { TokenSet } from "./tokens/token-set.js";
import type { ResumeState } from "./upload/resume-state.js";

/** What the callback handler needs from the login session. @group Provider v0 (deprecated) */
export interface CallbackSession {
  /** The `state` returned by `createAuthorizationUrl`. */
  state: string;
  /** The `codeVerifier` returned by `createAuthorizationUrl`. */
  codeVerifier?: string | undefined;
  /** Aborts the code exchange. */
  signal?: AbortSignal | undefined;
}

/** Where a publish stands. @group Provider v0 (deprecated) */
export type PublishState = "processing" | "published" | "draft" | "failed";

/** @group Provider v0 (deprecated) */
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

/**
 * One account a login can publish to, with its own tokens. Returned by
 * {@link Provider.listAccounts} on platforms where one user login manages several accounts.
 * @group Provider v0 (deprecated)
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

/** What a provider can publish. @group Provider v0 (deprecated) */
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
 * @group Provider v0 (deprecated)
 */
export interface ProviderV0<
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
