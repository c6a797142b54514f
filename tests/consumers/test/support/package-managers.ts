// How each package manager installs a consumer project from tarballs. The @postkit packages
// depend on each other by version (`^0.0.0` before a release), which the registry does not have:
// every manager is told to take them from the tarballs too (npm overrides, pnpm.overrides,
// Yarn resolutions), without making them direct dependencies.

export const packageManagers = ["npm", "pnpm", "yarn"] as const;
export type PackageManager = (typeof packageManagers)[number];

export function manifestFields(manager: PackageManager, tarballSpecs: Record<string, string>): object {
  if (manager === "npm") return { overrides: tarballSpecs };
  if (manager === "pnpm") return { pnpm: { overrides: tarballSpecs } };
  return { resolutions: tarballSpecs };
}

/** The install command; `cacheDir` keeps Yarn 1 from reusing a tarball of the same name and version. */
export function installCommand(manager: PackageManager, cacheDir: string): [string, string[]] {
  if (manager === "npm") return ["npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]];
  // CI=true makes pnpm expect a lockfile; a user's first install has none. hoist=false: each
  // package sees only what it declares (as under Yarn Plug'n'Play), so a dependency one of our
  // packages forgot to declare fails here instead of being found in pnpm's hidden hoisted folder.
  if (manager === "pnpm") {
    return ["pnpm", ["install", "--no-frozen-lockfile", "--config.hoist=false", "--reporter=append-only"]];
  }
  return ["yarn", ["install", "--non-interactive", "--no-progress", "--cache-folder", cacheDir]];
}
