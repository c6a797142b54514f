import type { CapabilityManifest } from "@postkit/core";
import type { MetaScope } from "./scopes.js";

const later = (reason: string) => ({ available: false, reason }) as const;

/**
 * What the Meta client can do in this release, and with which permissions. Checked before any
 * request. Scopes differ by account (Page, Instagram via Facebook Login, Instagram Login), so each
 * publishing operation checks its own before any request.
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
    scopes: [],
    note: "Facebook Pages (pages_manage_posts, with the Page token): videos (Resumable Upload API; also publish_video) and Reels (published, draft or scheduled). Instagram: Reels and Stories from bytes (instagram_basic, instagram_content_publish, pages_read_engagement)",
  },
  publishPhotos: {
    available: true,
    scopes: [],
    note: "Facebook Pages (pages_manage_posts): one photo, or several as one post (attached_media), now or scheduled; bytes via publishPagePhotos. Instagram: JPEG image, 2–10 image carousel or image Story by public URL",
  },
  saveDraft: later(
    'Not a separate operation: publishVideo with a Facebook Reel\'s state "draft" keeps it as a draft.',
  ),
  getPublishStatus: {
    available: true,
    scopes: [],
    note: "Facebook Page videos and Reels: the video's status phases (posts and photos settle when published); Instagram: the container's status_code, publishing once FINISHED, a lost media_publish reconciled, never repeated",
  },
  resumeUpload: {
    available: true,
    scopes: [],
    note: "Facebook Page videos and Reels, and Instagram container videos, from the offset Meta reports",
  },
  listVideos: later("Not implemented yet."),
  updateVideo: later("Not implemented yet."),
  deleteVideo: later("Not implemented yet."),
  revoke: later("Meta's revoke endpoint is not in postkit's reference yet; forget the tokens in your store."),
});
