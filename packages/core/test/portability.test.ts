// The core must run wherever web-standard fetch, streams and Web Crypto exist. Bundling for the
// browser platform fails on any Node built-in; the budgets keep the install small (sizes are
// gzipped, measured on the bundled source).
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleForBrowser, loadBuilt } from "../../../.config/bundle-check.js";

describe("portability and size", () => {
  // Everything core exports, with nothing tree-shaken; `pnpm check:size` holds the real budgets.
  // 28 KB until login sessions (sealed with Web Crypto) came in: 28.2 KB before, 29.6 KB after.
  it("bundles the whole core for browsers, within 36 KB gzipped", async () => {
    const size = await bundleForBrowser('export * from "@postkit/core";');
    expect(size.gzipped).toBeLessThan(36 * 1024);
  });

  it("tree-shakes: the OAuth helpers alone stay under 3 KB gzipped", async () => {
    const size = await bundleForBrowser(
      'export { generateState, generateCodeVerifier, createCodeChallenge, hexPkce } from "@postkit/core";',
    );
    expect(size.gzipped).toBeLessThan(3 * 1024);
  });

  it("keeps Node-only helpers out of reach of browsers (the check can fail)", async () => {
    await expect(bundleForBrowser('export { fromFile } from "@postkit/core/node";')).rejects.toThrow(/node:/);
  });

  // What npm ships, loaded as an app would (`npm test` builds first): the CJS build inlines the
  // ESM-only ky and p-retry, so require() works on Node 20.
  it.each(["cjs", "esm"] as const)("loads its built %s entry in a plain Node process", (format) => {
    const expected = {
      createHttpClient: "function",
      createCredentialSource: "function",
      ErrorCode: "object",
    };
    const packageDir = fileURLToPath(new URL("..", import.meta.url));
    expect(loadBuilt(packageDir, format, Object.keys(expected))).toEqual(expected);
  });
});
