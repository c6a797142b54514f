// The release, rehearsed on a copy of the repository (the committed versions are never touched):
// `changeset version` turns the pending changesets into versions and CHANGELOG.md files, then
// `pnpm publish --dry-run` packs and checks each package as a real publish would (provenance
// included). Asserts the versions (a first release is 0.1.0; the README's version table names
// them), the changelogs, the published manifests and that the tarballs hold only what users need.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishableDirs, readManifest } from "./support/packages.js";
import { repoRoot } from "./support/paths.js";
import { documentedVersions } from "./support/readme.js";
import { describeRun, run, userEnv } from "./support/run.js";

/** What a tarball may contain: the build, the manifest and the documents for users. */
const ALLOWED = /^(dist\/.+|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
const REQUIRED = ["package.json", "README.md", "LICENSE", "CHANGELOG.md"];
/** Test code, whatever folder it ended up in. */
const TEST_LIKE = /(^|\/)(tests?|__tests__|fixtures?)(\/|$)|\.(test|spec)\.[cm]?[jt]s/;

const packages = publishableDirs().map((dir) => ({
  dir: relative(repoRoot, dir),
  committed: readManifest(dir),
}));
let copy: string;

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), "postkit-release-"));
  // The working tree as git sees it (tracked and new files, nothing ignored), plus the builds.
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file && existsSync(join(repoRoot, file)));
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(copy, file));
  }
  for (const { dir } of packages)
    cpSync(join(repoRoot, dir, "dist"), join(copy, dir, "dist"), { recursive: true });
  // changeset loads its changelog generator from the copy's node_modules, and pnpm reads the
  // versions of workspace: dependencies from them: install from the store the workspace filled.
  const installed = await run("pnpm", ["install", "--offline", "--frozen-lockfile", "--ignore-scripts"], {
    cwd: copy,
    env: userEnv(),
  });
  if (installed.code !== 0) throw new Error(describeRun("pnpm install --offline", installed));

  const versioned = await run(
    process.execPath,
    [join(copy, "node_modules/@changesets/cli/bin.js"), "version"],
    {
      cwd: copy,
    },
  );
  if (versioned.code !== 0) throw new Error(describeRun("changeset version", versioned));
}, 120_000);

afterAll(async () => {
  if (copy) await rm(copy, { recursive: true, force: true });
});

describe.each(packages)("$committed.name", ({ dir, committed }) => {
  const versioned = () => readManifest(join(copy, dir));

  it("gets the version the README's table documents; a first release is 0.1.0", () => {
    const { version } = versioned();
    expect(documentedVersions()[committed.name], "README.md's Versions table").toBe(version);
    if (committed.version === "0.0.0") expect(version).toBe("0.1.0");
  });

  it("gets a CHANGELOG.md from the changesets", () => {
    const changelog = readFileSync(join(copy, dir, "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(
      new RegExp(`^# ${committed.name}\\n\\n## ${versioned().version.replace(/\./g, "\\.")}\\n`),
    );
  });

  it("publishes (dry run) a tarball with only what users need", async () => {
    const published = await run("pnpm", ["publish", "--dry-run", "--no-git-checks", "--json"], {
      cwd: join(copy, dir),
      env: userEnv(),
    });
    expect(published.code, describeRun("pnpm publish --dry-run", published)).toBe(0);
    const report = (
      JSON.parse(published.stdout) as Record<string, { id: string; files: { path: string }[] }>
    )[committed.name];
    expect(report?.id).toBe(`${committed.name}@${versioned().version}`);
    const paths = report?.files.map((file) => file.path) ?? [];
    for (const path of paths) {
      expect(path, "not for users").toMatch(ALLOWED);
      expect(path, "test code").not.toMatch(TEST_LIKE);
    }
    for (const path of REQUIRED) expect(paths).toContain(path);
    expect(paths.some((path) => path.startsWith("dist/"))).toBe(true);
  }, 60_000);

  it("publishes a manifest whose @postkit dependencies are the released versions", async () => {
    const packDir = join(copy, "packed");
    mkdirSync(packDir, { recursive: true });
    const packed = await run("pnpm", ["pack", "--pack-destination", packDir, "--json"], {
      cwd: join(copy, dir),
      env: userEnv(),
    });
    expect(packed.code, describeRun("pnpm pack", packed)).toBe(0);
    const { filename } = JSON.parse(packed.stdout) as { filename: string };
    const manifest = JSON.parse(
      execFileSync("tar", ["-xzOf", filename, "package/package.json"], { encoding: "utf8" }),
    ) as { dependencies?: Record<string, string> };
    for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
      expect(range, name).not.toMatch(/^workspace:/);
      const sibling = packages.find((pkg) => pkg.committed.name === name);
      if (sibling) expect(range, name).toBe(`^${readManifest(join(copy, sibling.dir)).version}`);
    }
  }, 60_000);

  it("has the metadata a registry page and provenance need", () => {
    const manifest = versioned() as ReturnType<typeof readManifest> & Record<string, unknown>;
    expect(manifest).toMatchObject({
      license: "MIT",
      repository: { type: "git", url: "git+https://github.com/postkit/postkit.git", directory: dir },
      homepage: expect.stringMatching(/^https:\/\/github\.com\/postkit\/postkit\//),
      bugs: { url: "https://github.com/postkit/postkit/issues" },
      keywords: expect.arrayContaining(["postkit"]),
      engines: { node: expect.stringMatching(/^>=\d+/) },
      publishConfig: { access: "public", provenance: true },
      files: expect.arrayContaining(["dist", "README.md", "LICENSE", "CHANGELOG.md"]),
    });
    expect(readFileSync(join(copy, dir, "LICENSE"), "utf8")).toBe(
      readFileSync(join(repoRoot, "LICENSE"), "utf8"),
    );
  });

  it("ships no source map of test code", () => {
    const distDir = join(copy, dir, "dist");
    for (const map of readdirSync(distDir).filter((file) => file.endsWith(".map"))) {
      const { sources } = JSON.parse(readFileSync(join(distDir, map), "utf8")) as { sources: string[] };
      for (const source of sources) expect(source, map).not.toMatch(TEST_LIKE);
    }
  });
});
