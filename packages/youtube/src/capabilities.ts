// What the YouTube provider can do, per operation, with which scopes (spec: the discovery
// document's per-method scopes, https://developers.google.com/youtube/v3/docs).
import {
  assertCapability,
  type Capability,
  type CapabilityManifest,
  type StandardOperation,
} from "@postkit/core";
import { operationScopes, type YouTubeOperation, type YouTubeScope } from "./scopes.js";

function needs(method: YouTubeOperation): Capability<YouTubeScope> {
  // Google accepts any one of the method's scopes; the first is the narrowest.
  return { available: true, scopes: [], anyOf: operationScopes[method], note: method };
}

/**
 * The YouTube provider's capability manifest. Each available operation lists, as `anyOf`, the
 * scopes Google accepts for its Data API method (any one will do; the first is the narrowest).
 * Photos and drafts do not exist on YouTube.
 * @group Client
 */
export const youtubeCapabilities: CapabilityManifest<YouTubeScope> = Object.freeze({
  getProfile: needs("channels.list"),
  publishVideo: needs("videos.insert"),
  resumeUpload: needs("videos.insert"),
  getPublishStatus: needs("videos.list"),
  listVideos: needs("playlistItems.list"),
  updateVideo: needs("videos.update"),
  deleteVideo: needs("videos.delete"),
  revoke: { available: true, scopes: [] },
  publishPhotos: {
    available: false,
    reason: "YouTube hosts videos only; photo posts are not part of the Data API.",
  },
  saveDraft: {
    available: false,
    reason: 'YouTube has no drafts; upload with privacyStatus "private" instead.',
  },
});

/** @internal A standard operation, or a YouTube method outside the standard set. */
export type YouTubeCapabilityOperation = StandardOperation | YouTubeOperation;

/**
 * @internal Throws before any request when the operation is unavailable (`CapabilityError`) or
 * `granted` holds none of the scopes Google accepts for it (`ScopeError` naming the narrowest).
 * `granted` undefined or empty means "unknown" and passes the scope check.
 */
export function assertYouTubeCapability(
  operation: YouTubeCapabilityOperation,
  granted: readonly string[] | undefined,
): void {
  const standard = operation in youtubeCapabilities;
  const manifest: Record<string, Capability<YouTubeScope>> = standard
    ? youtubeCapabilities
    : { [operation]: needs(operation as YouTubeOperation) };
  // An empty grant means the scopes are not known (a hand-made token set): let the platform decide.
  assertCapability("youtube", manifest, operation, granted?.length ? granted : undefined);
}
