// Meta's hosts, the Graph API version, and where URLs handed out by Meta may point.
// Hosts: https://developers.facebook.com/docs/graph-api/overview ,
// https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow ,
// https://developers.facebook.com/docs/video-api/guides/reels-publishing/ ,
// https://developers.facebook.com/docs/instagram-platform/content-publishing/ .
import { assertTrustedUrl, isTrustedUrl, type TrustedHosts, ValidationError } from "@postkit/core";

/**
 * The Graph API version postkit sends unless told otherwise: the latest in Meta's English docs
 * (https://developers.facebook.com/docs/graph-api/changelog/versions/). Meta recommends always
 * sending a version (https://developers.facebook.com/docs/graph-api/guides/versioning). Change it
 * per client with the `graphVersion` option; this constant is the one place the default lives.
 * @group Client
 */
export const DEFAULT_GRAPH_VERSION = "v25.0";

/**
 * Base URL of each Meta host role, without the version. Override them to point the client at an
 * emulator (`baseUrls: server.baseUrls.meta` from `@postkit/testing`).
 * @group Client
 */
export interface MetaBaseUrls {
  /** The Facebook Login dialog (`/{version}/dialog/oauth`). @default "https://www.facebook.com" */
  dialog: string;
  /** The Graph API for Pages and Instagram via Facebook Login. @default "https://graph.facebook.com" */
  graph: string;
  /** The Graph API of Instagram Login accounts. @default "https://graph.instagram.com" */
  instagramGraph: string;
  /** Instagram Login's code exchange (`/oauth/access_token`). @default "https://api.instagram.com" */
  instagramApi: string;
  /** Instagram Login's authorize window (`/oauth/authorize`). @default "https://www.instagram.com" */
  instagramDialog: string;
  /** Where Reels and Instagram video bytes go. @default "https://rupload.facebook.com" */
  rupload: string;
}

/** Meta's production hosts. @group Client */
export const META_BASE_URLS: Readonly<MetaBaseUrls> = Object.freeze({
  dialog: "https://www.facebook.com",
  graph: "https://graph.facebook.com",
  instagramGraph: "https://graph.instagram.com",
  instagramApi: "https://api.instagram.com",
  instagramDialog: "https://www.instagram.com",
  rupload: "https://rupload.facebook.com",
});

/** A Graph API version as Meta writes it: `v` and a major and minor number, e.g. `v25.0`. */
const VERSION = /^v\d{1,3}\.\d{1,2}$/;

/**
 * Checks a Graph API version (`v25.0`); a `ValidationError` before any request otherwise.
 * @internal
 */
export function checkGraphVersion(version: string): string {
  if (!VERSION.test(version)) {
    throw new ValidationError(`meta: "${version.slice(0, 20)}" is not a Graph API version.`, {
      hint: 'Write it as Meta does, e.g. "v25.0".',
    });
  }
  return version;
}

/** Joins a base URL (with or without a path prefix or trailing slash) and a path. @internal */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

/**
 * Trust descriptors of each Meta host role: the exact hosts (https, port 443) and the path
 * prefixes a URL handed out by Meta (a `paging.next`, an upload `uri`, a saved resume state) may
 * have before postkit sends a token or bytes to it. Each is checked with the configured base URL
 * as well (an emulator's origin is trusted under its own path).
 * @group Client
 */
export const META_TRUST: Readonly<Record<keyof MetaBaseUrls, Readonly<TrustedHosts>>> = Object.freeze({
  dialog: Object.freeze({ hosts: Object.freeze(["www.facebook.com"]), pathPrefixes: Object.freeze(["/v"]) }),
  graph: Object.freeze({ hosts: Object.freeze(["graph.facebook.com"]) }),
  instagramGraph: Object.freeze({ hosts: Object.freeze(["graph.instagram.com"]) }),
  instagramApi: Object.freeze({
    hosts: Object.freeze(["api.instagram.com"]),
    pathPrefixes: Object.freeze(["/oauth/"]),
  }),
  instagramDialog: Object.freeze({
    hosts: Object.freeze(["www.instagram.com"]),
    pathPrefixes: Object.freeze(["/oauth/"]),
  }),
  // Reels (`/video-upload/{ver}/{video_id}`) and Instagram containers (`/ig-api-upload/{ver}/{id}`).
  rupload: Object.freeze({
    hosts: Object.freeze(["rupload.facebook.com"]),
    pathPrefixes: Object.freeze(["/video-upload/", "/ig-api-upload/"]),
  }),
});

/** Whether `url` is on the Meta host `role` (or on its configured base URL). @group Client */
export function isMetaUrl(url: string, role: keyof MetaBaseUrls, baseUrls: MetaBaseUrls): boolean {
  return isTrustedUrl(url, { ...META_TRUST[role], baseUrl: baseUrls[role] });
}

/** Throws a `SecurityError` (`UNTRUSTED_URL`) unless {@link isMetaUrl}; before anything is sent. @internal */
export function assertMetaUrl(
  url: string,
  role: keyof MetaBaseUrls,
  baseUrls: MetaBaseUrls,
  what: string,
): void {
  assertTrustedUrl(url, { ...META_TRUST[role], baseUrl: baseUrls[role] }, what);
}
