// @postkit/youtube must run on any runtime with fetch (no googleapis, no Node built-ins), and stay
// far smaller than @googleapis/youtube (about 114 KB gzipped).
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { bundleForBrowser, loadBuilt } from "../../../.config/bundle-check.js";

// 36 KB before the v1 contract; its shared core machinery (credential sources and resolver,
// idempotency keys, polling, pages) brought it to about 37 KB, the pipeline and the engine to
// 41.6 KB; the engine without p-retry to 40.9 KB.
it("bundles the YouTube client for browsers, core and dependencies included, within 42 KB gzipped", async () => {
  const size = await bundleForBrowser('export { YouTube } from "@postkit/youtube";');
  expect(size.gzipped).toBeLessThan(42 * 1024);
});

// The test suite runs the source; this runs what npm ships, with its dependencies resolved the
// way an app's would be (`npm test` builds first).
it.each(["cjs", "esm"] as const)("loads its built %s entry in a plain Node process", (format) => {
  const expected = { YouTube: "function", parseGoogleError: "function", YouTubeErrorReason: "object" };
  const packageDir = fileURLToPath(new URL("..", import.meta.url));
  expect(loadBuilt(packageDir, format, Object.keys(expected))).toEqual(expected);
});
