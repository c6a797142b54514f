// @postkit/tiktok must run on any runtime with fetch: no Node built-ins, and a small bundle.
import { expect, it } from "vitest";
import { bundleForBrowser } from "../../../.config/bundle-check.js";

it("bundles the TikTok client for browsers, core and dependencies included, within 36 KB gzipped", async () => {
  const size = await bundleForBrowser('export { TikTok } from "@postkit/tiktok";');
  expect(size.gzipped).toBeLessThan(36 * 1024);
});
