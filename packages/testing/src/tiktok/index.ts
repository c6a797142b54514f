export {
  type TikTokHosts,
  createTikTokEmulator,
  type TikTokCreatorSettings,
  type TikTokEmulatedAccount,
  type TikTokEmulatedPublish,
  type TikTokEmulatedUser,
  type TikTokEmulatedVideo,
  type TikTokEmulator,
  type TikTokEmulatorOptions,
} from "./emulator.js";
export { chunkProblem as tiktokChunkProblem } from "./rules.js";
