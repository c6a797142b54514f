import { isTrustedUrl, type TrustedHosts } from "@postkit/core";

// Where each YouTube call goes. Base URLs are per host role so the emulator (and a proxy) can
// replace them; paths come from Google's docs (https://developers.google.com/identity/protocols/oauth2/web-server,
// https://developers.google.com/youtube/v3/docs).

/**
 * The hosts the YouTube client talks to, by role. Pass the emulator's `baseUrls.youtube` here in tests.
 * @group Client
 */
export interface YouTubeBaseUrls {
  /** Authorization page host. @default "https://accounts.google.com" */
  auth?: string | undefined;
  /** Token, refresh and revoke host. @default "https://oauth2.googleapis.com" */
  oauth?: string | undefined;
  /** Data API and upload host (`/youtube/v3/...`, `/upload/youtube/v3/...`). @default "https://www.googleapis.com" */
  api?: string | undefined;
}

/** The real Google hosts. @group Client */
export const defaultBaseUrls: Readonly<Required<YouTubeBaseUrls>> = Object.freeze({
  auth: "https://accounts.google.com",
  oauth: "https://oauth2.googleapis.com",
  api: "https://www.googleapis.com",
});

/** @internal */
export const paths = {
  authorize: "/o/oauth2/v2/auth",
  token: "/token",
  revoke: "/revoke",
  channels: "/youtube/v3/channels",
  videos: "/youtube/v3/videos",
  playlistItems: "/youtube/v3/playlistItems",
  uploadVideos: "/upload/youtube/v3/videos",
  // `uploadType=media` for thumbnails.set is implied by the docs but UNCONFIRMED as required (https://developers.google.com/youtube/v3/docs).
  thumbnailsSet: "/upload/youtube/v3/thumbnails/set",
} as const;

/** @internal Joins a base URL (which may carry a path prefix, as on the loopback emulator) and a path. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, "") + path;
}

/** @internal */
export function resolveBaseUrls(overrides: YouTubeBaseUrls | undefined): Required<YouTubeBaseUrls> {
  return {
    auth: overrides?.auth ?? defaultBaseUrls.auth,
    oauth: overrides?.oauth ?? defaultBaseUrls.oauth,
    api: overrides?.api ?? defaultBaseUrls.api,
  };
}

/**
 * Where an upload session URI (from the session start's `Location`, a 308's `Location` or a saved
 * resume state) may point, since every request to it carries the access token: `https` (port
 * 443) on `www.googleapis.com` (the documented upload host) or `youtube.googleapis.com` (the
 * discovery document's root), under the upload paths; see
 * https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol. No other
 * Google host (no `storage.googleapis.com` bucket) passes. The configured `api` base URL (an
 * emulator, a proxy) is trusted under its own path plus these prefixes.
 * @group Client
 */
export const YOUTUBE_UPLOAD_TRUST: Readonly<Pick<TrustedHosts, "hosts" | "pathPrefixes">> = Object.freeze({
  hosts: Object.freeze(["www.googleapis.com", "youtube.googleapis.com"]),
  pathPrefixes: Object.freeze(["/upload/youtube/v3/", "/resumable/upload/youtube/v3/"]),
});

/** @internal Whether the access token may be sent to `url` as an upload session URI. */
export function isYouTubeSessionUrl(url: string, apiBase: string): boolean {
  return isTrustedUrl(url, { ...YOUTUBE_UPLOAD_TRUST, baseUrl: apiBase });
}
