// The publishable packages of the workspace (every packages/* that is not private), and packing
// them the way a release does: `pnpm pack` replaces workspace: ranges with real versions.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.js";
import { describeRun, run } from "./run.js";

export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Every entry point a user can import: the package name and its subpaths (no ./package.json). */
  entryPoints: string[];
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
}

export function publishableDirs(): string[] {
  const packagesDir = join(repoRoot, "packages");
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, "package.json")))
    .map((entry) => join(packagesDir, entry.name))
    .filter((dir) => !readManifest(dir).private);
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
}

export async function packAll(destination: string): Promise<PackedPackage[]> {
  const packed: PackedPackage[] = [];
  // One at a time: the machine may have two cores, and pnpm pack is quick.
  for (const dir of publishableDirs()) {
    const manifest = readManifest(dir);
    if (!existsSync(join(dir, "dist"))) {
      throw new Error(`${manifest.name} has no dist/: run \`pnpm run build\` first (npm test does).`);
    }
    const result = await run("pnpm", ["pack", "--pack-destination", destination, "--json"], { cwd: dir });
    if (result.code !== 0) throw new Error(describeRun(`pnpm pack in ${dir}`, result));
    const { filename } = JSON.parse(result.stdout) as { filename: string };
    const subpaths = Object.keys(manifest.exports ?? { ".": null }).filter((key) => key !== "./package.json");
    packed.push({
      name: manifest.name,
      version: manifest.version,
      tarball: filename,
      entryPoints: subpaths.map((subpath) =>
        subpath === "." ? manifest.name : `${manifest.name}${subpath.slice(1)}`,
      ),
    });
  }
  return packed;
}
