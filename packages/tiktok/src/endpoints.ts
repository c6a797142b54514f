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
  token: "/v2/oauth/token/",
  revoke: "/v2/oauth/revoke/",
  userInfo: "/v2/user/info/",
  videoList: "/v2/video/list/",
  videoQuery: "/v2/video/query/",
  creatorInfo: "/v2/post/publish/creator_info/query/",
  videoInit: "/v2/post/publish/video/init/",
  inboxVideoInit: "/v2/post/publish/inbox/video/init/",
  contentInit: "/v2/post/publish/content/init/",
  statusFetch: "/v2/post/publish/status/fetch/",
  cancel: "/v2/post/publish/cancel/",
} as const);

/** Joins a base URL (with or without a path prefix or trailing slash) and a TikTok path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}
