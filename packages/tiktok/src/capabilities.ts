import type { CapabilityManifest } from "@postkit/core";
import type { TikTokScope } from "./scopes.js";

/**
 * What the TikTok client can do and which scopes each operation needs (spec: Login Kit scopes,
 * https://developers.tiktok.com/doc/tiktok-api-scopes). Checked before any request; the README's
 * capability table is generated from it.
 * @group Client
 */
export const TIKTOK_CAPABILITIES: CapabilityManifest<TikTokScope> = Object.freeze({
  getProfile: { available: true, scopes: ["user.info.basic"] },
  publishVideo: {
    available: true,
    scopes: ["video.publish"],
    note: "direct post; options checked against creator info",
  },
  saveDraft: {
    available: true,
    scopes: ["video.upload"],
    note: "to the creator's inbox; at most 5 pending a day",
  },
  publishPhotos: {
    available: true,
    scopes: [],
    note: "public URLs on a verified domain; video.publish or video.upload by mode",
  },
  getPublishStatus: { available: true, scopes: [], note: "video.publish or video.upload" },
  resumeUpload: { available: true, scopes: [], note: "within the hour the upload URL lives" },
  listVideos: { available: true, scopes: ["video.list"] },
  updateVideo: { available: false, reason: "TikTok's API cannot edit a posted video" },
  deleteVideo: { available: false, reason: "TikTok's API cannot delete a posted video" },
  revoke: { available: true, scopes: [] },
});
