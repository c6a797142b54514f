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
    "Not implemented yet for Instagram Login accounts: Reels come with Instagram publishing.",
  ),
  publishPhotos: later(
    "Not implemented yet for Instagram Login accounts: images come with Instagram publishing.",
  ),
  saveDraft: later("Not implemented yet."),
  getPublishStatus: later("Not implemented yet: nothing is published by this release."),
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
