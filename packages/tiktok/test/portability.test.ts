// @postkit/tiktok must run on any runtime with fetch: no Node built-ins, and a small bundle.
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { bundleForBrowser, loadBuilt } from "../../../.config/bundle-check.js";

it("bundles the TikTok client for browsers, core and dependencies included, within 43 KB gzipped (the v1 contract, the pipeline and the upload engine grew it from 32 KB to 42.3 KB; the engine without p-retry brought it to 41.6 KB; see docs/benchmarks.md)", async () => {
  const size = await bundleForBrowser('export { TikTok } from "@postkit/tiktok";');
  expect(size.gzipped).toBeLessThan(43 * 1024);
});

// The test suite runs the source; this runs what npm ships, with its dependencies resolved the
// way an app's would be (`npm test` builds first).
it.each(["cjs", "esm"] as const)("loads its built %s entry in a plain Node process", (format) => {
  const expected = { TikTok: "function", planTikTokChunks: "function", TikTokErrorCode: "object" };
  const packageDir = fileURLToPath(new URL("..", import.meta.url));
  expect(loadBuilt(packageDir, format, Object.keys(expected))).toEqual(expected);
});
