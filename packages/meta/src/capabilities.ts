import type { CapabilityManifest } from "@postkit/core";
import type { MetaScope } from "./scopes.js";

const later = (reason: string) => ({ available: false, reason }) as const;

/**
 * What the Meta client can do in this release, and with which permissions. Checked before any
 * request. Facebook Page publishing is here; Instagram publishing follows in a later release.
 * @group Client
 */
export const META_CAPABILITIES: CapabilityManifest<MetaScope> = Object.freeze({
  getProfile: {
    available: true,
    scopes: [],
    note: "Pages: pages_show_list at login; Instagram: instagram_basic",
  },
  publishVideo: {
    available: true,
    scopes: ["pages_manage_posts"],
    note: "Facebook Pages: videos (Resumable Upload API; also publish_video) and Reels (published, draft or scheduled), with the Page token; Instagram in a later release",
  },
  publishPhotos: {
    available: true,
    scopes: ["pages_manage_posts"],
    note: "Facebook Pages: one photo, or several as one post (attached_media), now or scheduled; bytes via publishPagePhotos; Instagram in a later release",
  },
  saveDraft: later(
    'Not a separate operation: publishVideo with a Reel\'s state "draft" keeps it as a draft.',
  ),
  getPublishStatus: {
    available: true,
    scopes: [],
    note: "Facebook Page videos and Reels: the video's status phases; posts and photos settle when published",
  },
  resumeUpload: {
    available: true,
    scopes: ["pages_manage_posts"],
    note: "Facebook Page videos and Reels, from the offset Meta reports",
  },
  listVideos: later("Not implemented yet."),
  updateVideo: later("Not implemented yet."),
  deleteVideo: later("Not implemented yet."),
  revoke: later("Meta's revoke endpoint is not in postkit's reference yet; forget the tokens in your store."),
});
