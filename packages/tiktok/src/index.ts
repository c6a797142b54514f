// @postkit/tiktok: every export is listed by name.
export {
  TikTok,
  type TikTokOptions,
  type TikTokPhotoOptions,
  type TikTokConnection,
  type TikTokVideoOptions,
} from "./client.js";
export { TIKTOK_CAPABILITIES } from "./capabilities.js";
export { TIKTOK_BASE_URLS, TIKTOK_PATHS, TIKTOK_UPLOAD_TRUST, type TikTokBaseUrls } from "./endpoints.js";
export { isTikTokScope, TIKTOK_SCOPES, type TikTokScope } from "./scopes.js";
export type { TikTokAuthorizationUrlInput, TikTokCallback } from "./oauth.js";
export {
  type GetUserInfoOptions,
  scopesForUserFields,
  TIKTOK_USER_FIELD_SCOPES,
  type TikTokProfile,
  type TikTokUserField,
  type TikTokUserFields,
  type TikTokUserInfo,
} from "./profile.js";
export {
  type ListVideosOptions,
  type QueryVideosOptions,
  TIKTOK_VIDEO_FIELDS,
  type TikTokVideo,
  type TikTokVideoField,
  type TikTokVideoFields,
  type TikTokVideoPage,
} from "./videos.js";
export {
  TIKTOK_PRIVACY_LEVELS,
  type TikTokCreatorInfo,
  type TikTokPrivacyLevel,
} from "./creator-info.js";
export {
  checkDirectPostOptions,
  checkPhotoPostOptions,
  TIKTOK_MAX_PHOTO_IMAGES,
  TIKTOK_TEXT_LIMITS,
  type TikTokDirectPostOptions,
  type TikTokPhotoCommon,
  type TikTokPhotoDetails,
  type TikTokPhotoDirectPost,
  type TikTokPhotoMediaUpload,
  type TikTokPhotoInitBody,
  type TikTokPhotoPostOptions,
  type TikTokVideoPostInfo,
} from "./post-options.js";
export {
  chunkAt,
  contentRange,
  planTikTokChunks,
  TIKTOK_CHUNK_RULES,
  type TikTokChunk,
  type TikTokChunkPlan,
} from "./chunk-plan.js";
export {
  offsetFromContentRange,
  TIKTOK_UPLOAD_URL_LIFETIME_MS,
  TIKTOK_VIDEO_CONTENT_TYPES,
  type TikTokUploadControls,
  type TikTokVideoContentType,
} from "./upload.js";
export type {
  TikTokDirectPostInput,
  TikTokDraftInput,
  TikTokPhotoPostInput,
  TikTokPublishStart,
  TikTokVideoSource,
} from "./publish.js";
export {
  TIKTOK_RETRYABLE_FAIL_REASONS,
  TIKTOK_TERMINAL_STATUSES,
  type TikTokPublishStatus,
  type TikTokPublishStatusValue,
  type WaitForPublishOptions,
} from "./status.js";
export { isRetryableTikTokCode, TikTokErrorCode, tiktokErrorFromResponse } from "./errors.js";
export {
  TIKTOK_RATE_LIMITS,
  type TikTokLimiter,
  type TikTokRateLimitBucket,
  TikTokRateLimiter,
  TIKTOK_RATE_LIMIT_WINDOW_MS,
  type TikTokRateLimitOptions,
} from "./rate-limit.js";
export type { TikTokTimers } from "./timers.js";
