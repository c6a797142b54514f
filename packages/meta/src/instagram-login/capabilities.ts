import type { CapabilityManifest } from "@postkit/core";
import type { InstagramLoginScope } from "../scopes.js";

const later = (reason: string) => ({ available: false, reason }) as const;

/**
 * What the InstagramLogin client can do in this release, and with which permissions. Checked
 * before any request.
 * @group Instagram Login
 */
export const INSTAGRAM_LOGIN_CAPABILITIES: CapabilityManifest<InstagramLoginScope> = Object.freeze({
  getProfile: {
    available: true,
    scopes: ["instagram_business_basic"],
    note: "username, name, picture, biography, website and counts, from /me on graph.instagram.com",
  },
  publishVideo: later(
    'Meta documents uploading bytes for Facebook Login apps only: publish Reels by public URL with publishInstagram({ type: "reel", videoUrl }).',
  ),
  publishPhotos: {
    available: true,
    scopes: ["instagram_business_basic", "instagram_business_content_publish"],
    note: "JPEG image, 2–10 image carousel or image Story by public URL; Reels and video Stories by URL via publishInstagram",
  },
  saveDraft: later("Instagram's API has no drafts."),
  getPublishStatus: {
    available: true,
    scopes: ["instagram_business_basic", "instagram_business_content_publish"],
    note: "the container's status_code, publishing once FINISHED; a lost media_publish is reconciled, never repeated",
  },
  resumeUpload: later(
    "Meta documents resumable uploads for Facebook Login apps only; Instagram Login takes video_url.",
  ),
  listVideos: later("Not implemented yet."),
  updateVideo: later("Not implemented yet."),
  deleteVideo: later("Not implemented yet."),
  revoke: later(
    "Instagram Login's revoke endpoint is not in postkit's reference yet; forget the tokens in your store.",
  ),
});
