// @ts-check
// Each platform's video options from one input, as the examples' UIs ask for them. TikTok's
// direct post follows its UX rules: the creator info of the moment decides which privacy levels
// exist (there is no default: the caller must pick one), which interactions stay off, and the
// longest video allowed (https://developers.tiktok.com/doc/content-sharing-guidelines).
import { ValidationError } from "@postkit/core";

/**
 * @param {import("./index.d.mts").VideoOptionsInput & { emulated: boolean }} input
 * @returns {import("@postkit/tiktok").TikTokVideoOptions}
 */
export function tiktokOptions(input) {
  if ((input.tiktokMode ?? "draft") === "draft") return { mode: "draft" };
  const info = input.creatorInfo;
  if (!info) {
    throw new ValidationError("tiktok: a direct post needs the creator info of the moment.", {
      hint: "Call tiktok.getCreatorInfo(connection) and show its options before posting.",
    });
  }
  const privacyLevel = input.privacyLevel;
  if (!privacyLevel || !info.privacyLevelOptions.includes(privacyLevel)) {
    throw new ValidationError(
      `tiktok: pick a privacy level among ${info.privacyLevelOptions.join(", ")} for a direct post.`,
      { hint: "TikTok forbids a default: the user chooses one of the creator's privacy options." },
    );
  }
  if (input.durationSec > info.maxVideoPostDurationSec) {
    throw new ValidationError(
      `tiktok: the video lasts ${input.durationSec} s, longer than the ${info.maxVideoPostDurationSec} s this creator may post.`,
    );
  }
  return {
    mode: "direct",
    creatorInfo: info,
    privacyLevel,
    durationSec: input.durationSec,
    title: input.title,
    // Interactions the creator turned off stay off (greyed out in a UI).
    disableComment: info.commentDisabled,
    disableDuet: info.duetDisabled,
    disableStitch: info.stitchDisabled,
  };
}

/**
 * @param {import("./index.d.mts").VideoOptionsInput & { emulated: boolean }} input
 * @returns {import("@postkit/youtube").YouTubeVideoOptions}
 */
export function youtubeOptions(input) {
  // Private unless said otherwise: a real run publishes nothing to the world.
  return {
    title: input.title,
    description: input.description ?? "Uploaded with postkit.",
    privacyStatus: input.youtubePrivacy ?? "private",
  };
}

/**
 * @param {import("./index.d.mts").VideoOptionsInput & { emulated: boolean }} input
 * @returns {import("@postkit/meta").MetaVideoOptions}
 */
export function facebookOptions(input) {
  return {
    kind: "reel",
    description: input.description ?? input.title,
    state: input.facebookState ?? "published",
  };
}

/**
 * @param {import("./index.d.mts").VideoOptionsInput & { emulated: boolean }} input
 * @returns {import("@postkit/meta").InstagramVideoOptions}
 */
export function instagramOptions(input) {
  return {
    type: "reel",
    caption: input.description ?? input.title,
    durationMs: Math.round(input.durationSec * 1000),
    // The emulator's containers are ready within a second: look every 100 ms there.
    ...(input.emulated ? { pollIntervalMs: 100 } : {}),
  };
}
