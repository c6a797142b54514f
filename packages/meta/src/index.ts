/**
 * @postkit/meta: Facebook Login, Facebook Pages and Instagram professional accounts for postkit,
 * on the v1 provider contract.
 *
 * @packageDocumentation
 */

export type { MetaAccount } from "./accounts.js";
export { META_CAPABILITIES } from "./capabilities.js";
export {
  Meta,
  type MetaConnectResult,
  type MetaOptions,
  type MetaPhotoOptions,
  type MetaVideoOptions,
} from "./client.js";
export type { MetaTokenInfo } from "./debug-token.js";
export {
  DEFAULT_GRAPH_VERSION,
  isMetaUrl,
  META_BASE_URLS,
  META_TRUST,
  type MetaBaseUrls,
} from "./endpoints.js";
export {
  type GraphErrorDetails,
  type GraphErrorKind,
  graphErrorOf,
  MetaGraphError,
  metaErrorFromResponse,
} from "./errors.js";
export {
  appSecretProof,
  createGraphClient,
  type GraphCall,
  type GraphClient,
  type GraphClientOptions,
} from "./graph.js";
export { INSTAGRAM_LOGIN_CAPABILITIES } from "./instagram-login/capabilities.js";
export {
  InstagramLogin,
  type InstagramLoginConnectResult,
  type InstagramLoginOptions,
} from "./instagram-login/client.js";
export type { InstagramAuthorizationUrlInput } from "./instagram-login/oauth.js";
export { DEFAULT_INSTAGRAM_RENEW_WITHIN_MS, INSTAGRAM_MIN_REFRESH_AGE_MS } from "./instagram-login/tokens.js";
export {
  type InstagramContainer,
  InstagramContainerError,
  type InstagramContainerStatus,
  type InstagramWaitSettings,
} from "./instagram-containers.js";
export type { InstagramPhotoOptions, InstagramVideoOptions } from "./instagram-contract.js";
export type { InstagramPublishControls, InstagramPublishInput } from "./instagram-jobs.js";
export type { InstagramPublishingLimit } from "./instagram-limit.js";
export {
  INSTAGRAM_CAROUSEL_ITEMS,
  INSTAGRAM_MAX_CAPTION_CHARS,
  INSTAGRAM_MAX_HASHTAGS,
  INSTAGRAM_MAX_IMAGE_BYTES,
  INSTAGRAM_MAX_MENTIONS,
  INSTAGRAM_MAX_REEL_BYTES,
  INSTAGRAM_REEL_DURATION_MS,
  type InstagramCarouselItem,
  type InstagramCarouselPost,
  type InstagramImageFacts,
  type InstagramImagePost,
  type InstagramMediaKind,
  type InstagramPost,
  type InstagramReelPost,
  type InstagramReelSettings,
  type InstagramStoryPost,
  type InstagramUserTag,
  type InstagramVideoInput,
} from "./instagram-post.js";
export type { FacebookAuthorizationUrlInput, FacebookPermissions } from "./oauth.js";
export type {
  FacebookPhoto,
  FacebookPhotoOptions,
  FacebookPhotosInput,
  FacebookPostInput,
} from "./page-posts.js";
export type { FacebookVideoOptions } from "./page-publish.js";
export type { FacebookReelState } from "./page-reels.js";
export type { MetaProfile } from "./profile.js";
export {
  defaultFacebookScopes,
  FACEBOOK_SCOPES,
  type FacebookScope,
  INSTAGRAM_LOGIN_SCOPES,
  type InstagramLoginScope,
  type MetaScope,
  metaScopeStyle,
} from "./scopes.js";
export {
  type BusinessUseCaseUsage,
  type GraphUsage,
  GraphUsageGate,
  parseUsageHeaders,
  type UsageGateOptions,
  type UsageNumbers,
} from "./usage.js";
