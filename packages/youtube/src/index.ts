// @postkit/youtube: every export is listed by name.
export { type ThumbnailOptions, YouTube, type YouTubeOptions } from "./client.js";
export { youtubeCapabilities } from "./capabilities.js";
export type { YouTubeAccount } from "./connect.js";
export { defaultBaseUrls, YOUTUBE_UPLOAD_TRUST, type YouTubeBaseUrls } from "./endpoints.js";
export type { YouTubeAuthorizationUrlInput } from "./oauth.js";
export {
  assertOperationScopes,
  defaultYouTubeScopes,
  operationScopes,
  type YouTubeOperation,
  type YouTubeScope,
  YouTubeScopes,
} from "./scopes.js";
export type { YouTubeChannel, YouTubeThumbnail } from "./channel.js";
export {
  metadataIssues,
  metadataLimits,
  tagsLength,
  toVideoResource,
  validateVideoOptions,
  type YouTubeLicense,
  type YouTubePrivacyStatus,
  type YouTubeVideoOptions,
  type YouTubeVideoResource,
} from "./metadata.js";
export {
  DEFAULT_CHUNK_SIZE,
  MAX_VIDEO_BYTES,
  type ResumableUploadOptions,
  UPLOAD_CHUNK_MULTIPLE,
  type UploadedVideo,
} from "./resumable-upload.js";
export type {
  YouTubePublishInput,
  YouTubeResumeInput,
  YouTubeUploadSettings,
  YouTubeWaitOptions,
} from "./publish.js";
export type { IterateVideosOptions } from "./list.js";
export type {
  ListVideosOptions,
  YouTubeVideoItem,
  YouTubeVideoState,
  YouTubeVideoStatus,
  YouTubeVideoUpdate,
} from "./videos.js";
export { MAX_THUMBNAIL_BYTES, type ThumbnailType } from "./thumbnails.js";
export {
  type GoogleErrorItem,
  hasReason,
  isRetryableReason,
  NoChannelError,
  parseGoogleError,
  reasonOf,
  stripHtml,
  YouTubeApiError,
  type YouTubeApiErrorOptions,
  YouTubeErrorReason,
} from "./errors.js";
export { defaultQuotaCosts, type QuotaEvent, type QuotaListener } from "./quota.js";
