// What the YouTube provider can do, per operation, with which scopes (spec: the discovery
// document's per-method scopes, https://developers.google.com/youtube/v3/docs).
import {
  assertCapability,
  type Capability,
  type CapabilityManifest,
  type StandardOperation,
} from "@postkit/core";
import { operationScopes, type YouTubeOperation, type YouTubeScope } from "./scopes.js";

/** @internal The Data API method behind each standard operation (its scopes decide). */
const methodOf: Readonly<Partial<Record<StandardOperation, YouTubeOperation>>> = {
  getProfile: "channels.list",
  publishVideo: "videos.insert",
  resumeUpload: "videos.insert",
  getPublishStatus: "videos.list",
  listVideos: "playlistItems.list",
  updateVideo: "videos.update",
  deleteVideo: "videos.delete",
};

function needs(method: YouTubeOperation): Capability<YouTubeScope> {
  const [suggested, ...others] = operationScopes[method];
  return {
    available: true,
    // The manifest lists the narrowest scope; Google accepts any one of several (see the note).
    scopes: [suggested!],
    note: `Any one of ${[suggested, ...others].join(", ")} (${method}).`,
  };
}

/**
 * The YouTube provider's capability manifest. Each available operation names the narrowest scope
 * that allows it; Google accepts any one of the scopes in its `note` (e.g. `youtube` covers
 * everything but comments). Photos and drafts do not exist on YouTube.
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
  const method = operation in methodOf ? methodOf[operation as StandardOperation] : undefined;
  const standard = operation in youtubeCapabilities;
  const youtubeMethod = method ?? (standard ? undefined : (operation as YouTubeOperation));
  const accepted = youtubeMethod ? operationScopes[youtubeMethod] : [];
  const satisfied =
    !granted || granted.length === 0 || accepted.length === 0 || accepted.some((s) => granted.includes(s));
  const manifest: Record<string, Capability<YouTubeScope>> = standard
    ? youtubeCapabilities
    : { [operation]: needs(operation as YouTubeOperation) };
  assertCapability("youtube", manifest, operation, satisfied ? undefined : granted);
}
