// @postkit/youtube must run on any runtime with fetch (no googleapis, no Node built-ins), and stay
// far smaller than @googleapis/youtube (about 114 KB gzipped).
import { expect, it } from "vitest";
import { bundleForBrowser } from "../../../.config/bundle-check.js";

it("bundles the YouTube client for browsers, core and dependencies included, within 36 KB gzipped", async () => {
  const size = await bundleForBrowser('export { YouTube } from "@postkit/youtube";');
  expect(size.gzipped).toBeLessThan(36 * 1024);
});
