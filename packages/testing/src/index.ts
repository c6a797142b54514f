/**
 * @postkit/testing: strict, stateful emulators of the platforms postkit talks to, and the harness
 * that serves them through an injected `fetch`, msw handlers or a loopback HTTP server.
 *
 * @packageDocumentation
 */

// Harness: routing, faults, request log, transports
export {
  createEmulatorHub,
  type EmulatorHub,
  type FaultControls,
  type RequestLogView,
} from "./harness/hub.js";
export {
  FAULT_PRESETS,
  type FaultPresetName,
  type FaultPresetOptions,
  type FaultRule,
} from "./harness/faults.js";
export type { RequestLogEntry, RequestLogFilter } from "./harness/request-log.js";
export {
  type EmulatorRule,
  type EmulatorRuleSection,
  emulatorRuleProblems,
  emulatorRulesTable,
} from "./harness/rules.js";
export type { EmulatorServer, ListenOptions } from "./harness/node-server.js";

// Building blocks for emulators
export {
  type BaseUrlsOf,
  ConnectionDrop,
  type EmulatorContext,
  type PlatformEmulator,
} from "./harness/emulator.js";
export { consent, type ConsentMode, type ConsentOptions } from "./harness/consent.js";
export { mintId, mintSecret, SECRET_MARKER } from "./harness/secrets.js";
export { type Clock, createClock } from "./harness/clock.js";
export { ByteSink } from "./harness/byte-sink.js";

// Platform emulators
export {
  createTikTokEmulator,
  type TikTokCreatorSettings,
  type TikTokEmulatedAccount,
  type TikTokEmulatedPublish,
  type TikTokEmulatedUser,
  type TikTokEmulatedVideo,
  type TikTokEmulator,
  type TikTokEmulatorOptions,
  type TikTokHosts,
  TIKTOK_EMULATOR_RULES,
  tiktokChunkProblem,
} from "./tiktok/index.js";
export {
  createMetaEmulator,
  type EmulatedContainerStatus,
  type EmulatedInstagramMedia,
  type InstagramContainerInfo,
  type InstagramContainerPlan,
  type InstagramPublishingControls,
  type InstagramPublishingOptions,
  type MetaEmulatedContainer,
  type InstagramLoginControls,
  type InstagramLoginOptions,
  type MetaEmulatedInstagram,
  type MetaEmulatedInstagramLogin,
  type MetaEmulatedPage,
  type MetaEmulatedPhoto,
  type MetaEmulatedPost,
  type MetaEmulatedRupload,
  type MetaEmulatedVideo,
  type MetaEmulator,
  type MetaEmulatorOptions,
  type MetaHosts,
  type MetaUploadedBytes,
  META_EMULATOR_RULES,
} from "./meta/index.js";
export {
  createYouTubeEmulator,
  type GoogleTokenResponse,
  YOUTUBE_EMULATOR_QUOTA_COSTS,
  YOUTUBE_EMULATOR_RULES,
  YOUTUBE_EMULATOR_SCOPES,
  type YouTubeEmulator,
  type YouTubeEmulatorChannel,
  type YouTubeEmulatorClient,
  type YouTubeEmulatorOptions,
  type YouTubeEmulatorSession,
  type YouTubeEmulatorVideo,
  type YouTubeHosts,
} from "./youtube/index.js";
