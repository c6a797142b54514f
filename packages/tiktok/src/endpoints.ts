import { assertTrustedUrl, isTrustedUrl, type TrustedHosts } from "@postkit/core";

/**
 * TikTok hosts and paths (spec: Login Kit v2, Display API v2, Content Posting API).
 * Trailing slashes are part of TikTok's paths: requests without them fail.
 */

/**
 * Base URL of each TikTok host role. Override them to point the client at an emulator
 * (e.g. `baseUrls: server.baseUrls.tiktok` from `@postkit/testing`).
 * @group Client
 */
export interface TikTokBaseUrls {
  /** The authorization page host. @default "https://www.tiktok.com" */
  auth: string;
  /** The REST host (OAuth token endpoints, Display API, Content Posting API). @default "https://open.tiktokapis.com" */
  api: string;
  /**
   * The upload host. postkit never builds upload URLs itself (it uses TikTok's `upload_url`
   * whole); this is kept so every role of the emulator has a matching option.
   * @default "https://open-upload.tiktokapis.com"
   */
  upload: string;
}

/** TikTok's production hosts. @group Client */
export const TIKTOK_BASE_URLS: Readonly<TikTokBaseUrls> = Object.freeze({
  auth: "https://www.tiktok.com",
  api: "https://open.tiktokapis.com",
  upload: "https://open-upload.tiktokapis.com",
});

/** Every TikTok path postkit calls, relative to its host role. @group Client */
export const TIKTOK_PATHS = Object.freeze({
  /** Authorization page (`auth` role); every other path is on the `api` role. */
  authorize: "/v2/auth/authorize/",
  /** Token exchange and refresh, form-encoded `POST` (https://developers.tiktok.com/doc/oauth-user-access-token-management). */
  token: "/v2/oauth/token/",
  /** Access-token revocation, form-encoded `POST`; success is an empty body (https://developers.tiktok.com/doc/oauth-user-access-token-management). */
  revoke: "/v2/oauth/revoke/",
  /** Display API user info, `GET` with a comma-separated `fields` query; each field needs its scope (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info). */
  userInfo: "/v2/user/info/",
  /** Display API: the user's public videos, newest first, paged by `cursor`; needs `video.list` (https://developers.tiktok.com/doc/tiktok-api-v2-video-list). */
  videoList: "/v2/video/list/",
  /** Display API: up to 20 of the user's videos by id, refreshing cover URLs; needs `video.list` (https://developers.tiktok.com/doc/tiktok-api-v2-video-query). */
  videoQuery: "/v2/video/query/",
  /** Content Posting: the creator's current posting settings; needs `video.publish` (https://developers.tiktok.com/doc/content-posting-api-reference-query-creator-info). */
  creatorInfo: "/v2/post/publish/creator_info/query/",
  /** Content Posting: Direct Post video init; needs `video.publish` (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post). */
  videoInit: "/v2/post/publish/video/init/",
  /** Content Posting: inbox (draft) video upload init; needs `video.upload` (https://developers.tiktok.com/doc/content-posting-api-reference-upload-video). */
  inboxVideoInit: "/v2/post/publish/inbox/video/init/",
  /** Content Posting: photo post init; needs `video.publish` (`DIRECT_POST`) or `video.upload` (`MEDIA_UPLOAD`) (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post). */
  contentInit: "/v2/post/publish/content/init/",
  /** Content Posting: status of a `publish_id`; needs `video.publish` or `video.upload` (https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status). */
  statusFetch: "/v2/post/publish/status/fetch/",
  /** Content Posting: best-effort cancel of a `PULL_FROM_URL` download still in progress (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide). */
  cancel: "/v2/post/publish/cancel/",
} as const);

/** Joins a base URL (with or without a path prefix or trailing slash) and a TikTok path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}

/**
 * Where TikTok's `upload_url` may point: `https` (port 443) on the upload hosts TikTok's docs show,
 * `open-upload.tiktokapis.com` (Direct Post) and `upload.us.tiktokapis.com` (media transfer
 * guide), under `/video/`; see https://developers.tiktok.com/doc/content-posting-api-reference-direct-post
 * and https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide. The
 * configured `upload` base URL (an emulator) is trusted under its own path plus `/video/`.
 * @group Client
 */
export const TIKTOK_UPLOAD_TRUST: Readonly<Required<Pick<TrustedHosts, "hosts" | "pathPrefixes">>> =
  Object.freeze({
    hosts: Object.freeze(["open-upload.tiktokapis.com", "upload.us.tiktokapis.com"]),
    pathPrefixes: Object.freeze(["/video/"]),
  });

/** Whether `url` may receive the video bytes (and the upload token in its query). */
export function isTikTokUploadUrl(url: string, uploadBase: string): boolean {
  return isTrustedUrl(url, { ...TIKTOK_UPLOAD_TRUST, baseUrl: uploadBase });
}

/** Throws a `SecurityError` (`UNTRUSTED_URL`) unless `url` passes {@link isTikTokUploadUrl}; before any byte goes out. */
export function assertTikTokUploadUrl(url: string, uploadBase: string, what: string): void {
  assertTrustedUrl(url, { ...TIKTOK_UPLOAD_TRUST, baseUrl: uploadBase }, what);
}
