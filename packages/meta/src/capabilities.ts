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
    note: "Instagram: Reels and Stories from bytes (Facebook Login: instagram_basic, instagram_content_publish, pages_read_engagement); by URL with publishInstagram (both logins)",
  },
  publishPhotos: {
    available: true,
    scopes: [],
    note: "Instagram: JPEG image, 2–10 image carousel or image Story by public URL (Instagram Login: instagram_business_basic, instagram_business_content_publish)",
  },
  saveDraft: later("Not implemented yet."),
  getPublishStatus: {
    available: true,
    scopes: [],
    note: "Instagram: from the container's status_code; publishes once FINISHED; a lost media_publish is reconciled, never repeated",
  },
  resumeUpload: {
    available: true,
    scopes: [],
    note: "Instagram: container video bytes on rupload.facebook.com (Facebook Login accounts)",
  },
  listVideos: later("Not implemented yet."),
  updateVideo: later("Not implemented yet."),
  deleteVideo: later("Not implemented yet."),
  revoke: later("Meta's revoke endpoint is not in postkit's reference yet; forget the tokens in your store."),
});
