import { ValidationError } from "@postkit/core";
import { expect } from "vitest";

export { chunkAt, contentRange, planTikTokChunks, TIKTOK_CHUNK_RULES } from "../src/index.js";

/** Asserts that `run` throws a postkit ValidationError. */
export function ValidationErrorGuard(run: () => unknown): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(ValidationError.isInstance(thrown), String(thrown)).toBe(true);
}
