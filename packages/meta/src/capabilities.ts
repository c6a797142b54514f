import type { CapabilityManifest } from "@postkit/core";
import type { MetaScope } from "./scopes.js";

const later = (reason: string) => ({ available: false, reason }) as const;

/**
 * What the Meta client can do in this release, and with which permissions. Checked before any
 * request. Publishing and uploads follow in later releases of this package.
 * @group Client
 */
export const META_CAPABILITIES: CapabilityManifest<MetaScope> = Object.freeze({
  getProfile: {
    available: true,
    scopes: [],
    note: "Pages: pages_show_list at login; Instagram: instagram_basic",
  },
  publishVideo: later("Not implemented yet: Page videos, Reels and Instagram Reels come in a later release."),
  publishPhotos: later("Not implemented yet: Page photos and Instagram images come in a later release."),
  saveDraft: later("Not implemented yet."),
  getPublishStatus: later("Not implemented yet: nothing is published by this release."),
  resumeUpload: later("Not implemented yet: uploads come in a later release."),
  listVideos: later("Not implemented yet."),
  updateVideo: later("Not implemented yet."),
  deleteVideo: later("Not implemented yet."),
  revoke: later("Meta's revoke endpoint is not in postkit's reference yet; forget the tokens in your store."),
});
