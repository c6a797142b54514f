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
  platform: PlatformId;
  /** The platform's stable id of the account (TikTok `open_id`, YouTube channel id, Page id). */
  id: string;
  displayName: string;
  /** Handle without `@`, when the platform has one and the granted scopes reveal it. */
  username?: string | undefined;
  avatarUrl?: string | undefined;
  profileUrl?: string | undefined;
}

/** @group Provider */
export interface AuthorizationUrlInput<TScope extends string> {
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
  signal?: AbortSignal | undefined;
}

/** @group Provider */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** Where a publish stands. @group Provider */
export type PublishState = "processing" | "published" | "draft" | "failed";

/** @group Provider */
export interface PublishResult {
  platform: PlatformId;
  /** The id to poll with (TikTok `publish_id`, YouTube video id, Meta container id). */
  id: string;
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
  source: UploadSource;
  /** Platform options (privacy, title, …), typed by each package. */
  options: TOptions;
  onProgress?: ProgressListener | undefined;
  /** Called with the state to persist after every acknowledged chunk. */
  onResumeState?: ((state: ResumeState) => void | Promise<void>) | undefined;
  signal?: AbortSignal | undefined;
}

/** What a provider can publish. @group Provider */
export interface PublishingCapabilities {
  video: boolean;
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
 * @group Provider
 */
export interface Provider<
  TScope extends string = string,
  TProfile extends Profile = Profile,
  TVideoOptions = unknown,
> {
  readonly id: PlatformId;
  /** How this platform writes scope lists. */
  readonly scopeStyle: ScopeStyle;
  readonly capabilities: PublishingCapabilities;
  /** The URL to send the user to, plus the `state` and PKCE verifier to keep for the callback. */
  createAuthorizationUrl(input: AuthorizationUrlInput<TScope>): Promise<AuthorizationRequest>;
  /** Validates the callback (state, error, code) and exchanges the code for tokens. */
  handleCallback(callback: string | URL | URLSearchParams, session: CallbackSession): Promise<TokenSet>;
  refreshTokens(tokens: TokenSet, options?: CallOptions): Promise<TokenSet>;
  revokeTokens(tokens: TokenSet, options?: CallOptions): Promise<void>;
  getProfile(tokens: TokenSet, options?: CallOptions): Promise<TProfile>;
  /** Uploads and publishes (or drafts) a video; resolves once the platform has the bytes. */
  publishVideo(tokens: TokenSet, input: VideoPublishInput<TVideoOptions>): Promise<PublishResult>;
  /** The current state of a publish started by `publishVideo`. */
  getPublishStatus(tokens: TokenSet, id: string, options?: CallOptions): Promise<PublishResult>;
}
