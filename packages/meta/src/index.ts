/**
 * @postkit/meta: Facebook Login, Facebook Pages and Instagram professional accounts for postkit,
 * on the v1 provider contract.
 *
 * @packageDocumentation
 */

export type { MetaAccount } from "./accounts.js";
export { META_CAPABILITIES } from "./capabilities.js";
export { Meta, type MetaConnectResult, type MetaOptions } from "./client.js";
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
} from "./instagram-rules.js";
export type { FacebookAuthorizationUrlInput, FacebookPermissions } from "./oauth.js";
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
