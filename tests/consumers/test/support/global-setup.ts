// Runs once per test run of the tests/consumers project: packs every publishable package into a
// temporary folder outside the workspace and makes sure Yarn is available, then hands both to the
// test files through vitest's provide/inject. Removes the folder at the end.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { type PackedPackage, packAll } from "./packages.js";
import { ensureYarn } from "./yarn.js";

export interface ConsumerContext {
  /** A fresh folder under the OS temp dir: no workspace, no node_modules above it. */
  workDir: string;
  packages: PackedPackage[];
  /** Folders to put first on PATH for the package managers (Yarn when it was installed here). */
  toolPath: string[];
}

declare module "vitest" {
  export interface ProvidedContext {
    consumers: ConsumerContext;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workDir = await mkdtemp(join(tmpdir(), "postkit-consumers-"));
  const tarballs = join(workDir, "tarballs");
  await mkdir(tarballs);
  const [packages, toolPath] = await Promise.all([packAll(tarballs), ensureYarn()]);
  project.provide("consumers", { workDir, packages, toolPath });
  return () => rm(workDir, { recursive: true, force: true });
}
