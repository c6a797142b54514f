// Bundles an import the way an app's bundler would, for the browser platform: esbuild fails on any
// Node built-in, which is how the "runs on Deno, Bun, workers and browsers" promise is tested.
// Returns the minified and gzipped sizes so tests can hold a budget.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const packages = fileURLToPath(new URL("../packages/", import.meta.url));

/** Every workspace package resolves to its source, like in the tests. */
const alias: Record<string, string> = {
  "@postkit/core/node": `${packages}core/src/node.ts`,
  "@postkit/core": `${packages}core/src/index.ts`,
  "@postkit/tiktok": `${packages}tiktok/src/index.ts`,
  "@postkit/youtube": `${packages}youtube/src/index.ts`,
};

export interface BundleSize {
  minified: number;
  gzipped: number;
}

/** Bundles `code` (an ES module importing postkit packages) for browsers and measures it. */
export async function bundleForBrowser(code: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: code, resolveDir: packages, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
    alias,
  });
  const output = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: output.byteLength, gzipped: gzipSync(output, { level: 9 }).byteLength };
}
