// @ts-check
// What the adapter examples' tests share (Hono, Express, Next.js): the four platforms on the
// embedded emulators with an in-memory token store, the login cookie, and the sample video's form.
import { MemoryTokenStore } from "@postkit/core";
import { readFile } from "node:fs/promises";
import { createExamplePlatforms } from "./platforms.mjs";
import { SAMPLE_VIDEO } from "./sample.mjs";

/** A session secret long enough for the adapters' login cookies. */
export const TEST_SESSION_SECRET = "test-session-secret-of-at-least-32-chars";

/** @param {string | undefined} [publicUrl] */
export function createTestPlatforms(publicUrl) {
  return createExamplePlatforms({
    env: {},
    ...(publicUrl === undefined ? {} : { publicUrl }),
    tokenStore: new MemoryTokenStore(),
    log: () => {},
  });
}

/** @param {Response} start */
export function loginCookie(start) {
  return start.headers.get("set-cookie")?.split(";")[0] ?? "";
}

/** @param {string} title */
export async function sampleVideoForm(title) {
  const form = new FormData();
  form.set("video", new File([await readFile(SAMPLE_VIDEO.path)], "sample.mp4", { type: SAMPLE_VIDEO.type }));
  form.set("title", title);
  form.set("durationSec", String(SAMPLE_VIDEO.durationSec));
  return form;
}

/** @param {string} key */
export function expectedOutcome(key) {
  return key === "tiktok" ? "draft" : "published";
}
