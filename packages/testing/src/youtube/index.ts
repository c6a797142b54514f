// The YouTube emulator, for the @postkit/testing barrel.
export {
  type YouTubeHosts,
  createYouTubeEmulator,
  type GoogleTokenResponse,
  YOUTUBE_EMULATOR_QUOTA_COSTS,
  YOUTUBE_EMULATOR_SCOPES,
  type YouTubeEmulator,
  type YouTubeEmulatorChannel,
  type YouTubeEmulatorClient,
  type YouTubeEmulatorOptions,
  type YouTubeEmulatorSession,
  type YouTubeEmulatorVideo,
} from "./emulator.js";
export { authError, googleError, type GoogleErrorOptions, quotaExceeded } from "./google-errors.js";
