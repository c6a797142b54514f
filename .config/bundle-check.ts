// Bundles an import the way an app's bundler would, for the browser platform: esbuild fails on any
// Node built-in, which is how the "runs on Deno, Bun, workers and browsers" promise is tested.
// Returns the minified and gzipped sizes so tests can hold a budget.
import { spawnSync } from "node:child_process";
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

/**
 * Loads a built package the way a user's Node process would, in a fresh `node` (no vitest module
 * handling): `require()` of the CJS build, or `import()` of the ESM build, resolving its
 * dependencies through node_modules. Returns the type of each named export asked for.
 */
export function loadBuilt(
  packageDir: string,
  format: "cjs" | "esm",
  names: readonly string[],
): Record<string, string> {
  const entry = `${packageDir}/dist/index.${format === "cjs" ? "cjs" : "js"}`;
  const load =
    format === "cjs" ? `Promise.resolve(require(${JSON.stringify(entry)}))` : `import(${JSON.stringify(entry)})`;
  const script = `${load}.then((m) => console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, typeof m[n]])))))`;
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`loading ${entry} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, string>;
}
