// The TikTok emulator, for the @postkit/testing barrel.
export {
  type TikTokEmulatedAccount,
  type TikTokEmulator,
  type TikTokHosts,
  createTikTokEmulator,
} from "./emulator.js";
export type { TikTokEmulatorOptions } from "./options.js";
export type {
  TikTokCreatorSettings,
  TikTokEmulatedPublish,
  TikTokEmulatedUser,
  TikTokEmulatedVideo,
} from "./state.js";
export { chunkProblem as tiktokChunkProblem } from "./rules.js";
export { TIKTOK_EMULATOR_RULES } from "./rule-table.js";
