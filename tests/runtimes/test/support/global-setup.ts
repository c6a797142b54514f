// Runs once per test run: packs the publishable packages, installs them with npm into a consumer
// project outside the workspace (with the flow scripts), installs the runtimes from npm into a
// cache folder (once; again when runtimes.json changes), and bundles the flows for workerd and
// edge-runtime from the installed packages. A runtime that cannot be installed fails the run.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import type { TestProject } from "vitest/node";
import { packAll } from "../../../consumers/test/support/packages.js";
import { describeRun, run, userEnv } from "../../../consumers/test/support/run.js";
import { projectDir, toolsDir } from "./paths.js";
import type { RuntimeContext } from "./setup-context.js";

const npmInstall = ["install", "--no-audit", "--no-fund", "--loglevel=error"];

function pinned(): Record<string, string> {
  return (
    JSON.parse(readFileSync(join(projectDir, "runtimes.json"), "utf8")) as {
      packages: Record<string, string>;
    }
  ).packages;
}

/** Installs the pinned runtimes into the tools folder unless that exact set is already there. */
async function installRuntimes(): Promise<Record<string, string>> {
  const packages = pinned();
  const stamp = join(toolsDir, "installed.json");
  const wanted = JSON.stringify(packages);
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== wanted) {
    mkdirSync(toolsDir, { recursive: true });
    writeFileSync(
      join(toolsDir, "package.json"),
      `${JSON.stringify({ private: true, dependencies: packages }, null, 2)}\n`,
    );
    const result = await run("npm", npmInstall, { cwd: toolsDir, env: userEnv(), timeoutMs: 600_000 });
    if (result.code !== 0) throw new Error(describeRun("npm install of the runtimes", result));
    writeFileSync(stamp, wanted);
  }
  return Object.fromEntries(
    [...Object.keys(packages), "workerd"].map((name) => {
      const manifest = JSON.parse(readFileSync(join(toolsDir, "node_modules", name, "package.json"), "utf8"));
      return [name, (manifest as { version: string }).version];
    }),
  );
}

async function installApp(workDir: string): Promise<string> {
  const tarballs = join(workDir, "tarballs");
  mkdirSync(tarballs);
  const packed = await packAll(tarballs);
  const specs = Object.fromEntries(packed.map((pkg) => [pkg.name, `file:${pkg.tarball}`]));
  const appDir = join(workDir, "app");
  mkdirSync(appDir);
  const dependencies = Object.fromEntries(
    ["@postkit/core", "@postkit/tiktok", "@postkit/youtube", "@postkit/meta"].map((name) => [
      name,
      specs[name]!,
    ]),
  );
  const manifest = { name: "runtime-flows", private: true, type: "module", dependencies, overrides: specs };
  writeFileSync(join(appDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(join(projectDir, "flow"), join(appDir, "flow"), { recursive: true });
  const result = await run("npm", npmInstall, { cwd: appDir, env: userEnv(), timeoutMs: 600_000 });
  if (result.code !== 0) throw new Error(describeRun("npm install of the packed packages", result));
  return appDir;
}

/** The flows bundled from the installed packages, for the runtimes that take one file. */
async function bundle(appDir: string): Promise<RuntimeContext["bundles"]> {
  const common = {
    absWorkingDir: appDir,
    bundle: true,
    platform: "neutral" as const,
    mainFields: ["module", "main"],
    conditions: ["import"],
    target: "es2022",
    logLevel: "error" as const,
  };
  const workerd = join(appDir, "out", "worker.mjs");
  const edge = join(appDir, "out", "edge.js");
  await build({ ...common, entryPoints: ["flow/worker.mjs"], format: "esm", outfile: workerd });
  await build({ ...common, entryPoints: ["flow/edge.mjs"], format: "iife", outfile: edge });
  return { workerd, edge };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workDir = await mkdtemp(join(tmpdir(), "postkit-runtimes-"));
  const [appDir, versions] = await Promise.all([installApp(workDir), installRuntimes()]);
  const bundles = await bundle(appDir);
  const context: RuntimeContext = { appDir, toolsDir, bundles, versions };
  project.provide("runtimes", context);
  return () => rm(workDir, { recursive: true, force: true });
}
