// The YouTube emulator, for the @postkit/testing barrel.
export { createYouTubeEmulator, type YouTubeEmulator, type YouTubeHosts } from "./emulator.js";
export type { YouTubeEmulatorClient, YouTubeEmulatorOptions } from "./options.js";
export { YOUTUBE_EMULATOR_QUOTA_COSTS, YOUTUBE_EMULATOR_SCOPES } from "./rules.js";
export type {
  GoogleTokenResponse,
  YouTubeEmulatorChannel,
  YouTubeEmulatorSession,
  YouTubeEmulatorVideo,
} from "./state.js";
export { authError, googleError, type GoogleErrorOptions, quotaExceeded } from "./errors.js";
export { YOUTUBE_EMULATOR_RULES } from "./rule-table.js";
