// @postkit/core/node: helpers that need Node built-ins, kept out of the main entry so the core
// stays runnable on Deno, Bun, workers and browsers.
export { type FileSourceOptions, type FileUploadSource, fromFile } from "./node/file-source.js";
export { FileTokenStore, type FileTokenStoreOptions } from "./node/file-token-store.js";
