// Yarn for the Yarn consumer: the one on PATH, or Yarn 1 installed from npm into a cache folder
// once (Corepack cannot download Yarn Berry without network beyond the npm registry).
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toolsDir } from "./paths.js";
import { describeRun, run, userEnv } from "./run.js";

/** The directories to put first on PATH so that `yarn` runs. */
export async function ensureYarn(): Promise<string[]> {
  const onPath = await run("yarn", ["--version"], { cwd: tmpdir() }).catch(() => undefined);
  if (onPath?.code === 0) return [];
  const bin = join(toolsDir, "node_modules", ".bin");
  if (!existsSync(join(bin, "yarn"))) {
    const result = await run(
      "npm",
      ["install", "--prefix", toolsDir, "--no-audit", "--no-fund", "--loglevel=error", "yarn@1"],
      { cwd: tmpdir(), env: userEnv() },
    );
    if (result.code !== 0) throw new Error(describeRun("npm install yarn@1", result));
  }
  return [bin];
}
