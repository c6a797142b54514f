// Root vitest config (vitest 4 has no workspace file; this lists the projects). Scripts pass it
// with `--config vitest.workspace.ts`. Every package under packages/ and examples/ with a test/
// folder is a project; workspace imports resolve to source so tests need no build, except the
// child-process tests, which run the built dist (`npm test` builds first).
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const path = (relative: string) => `${root}${relative}`;

const alias = [
  { find: /^@postkit\/core\/node$/, replacement: path("packages/core/src/node.ts") },
  {
    find: /^@postkit\/testing\/conformance$/,
    replacement: path("packages/testing/src/conformance/index.ts"),
  },
  // The examples' private shared package (examples/shared) is plain ESM, not under packages/.
  { find: /^@postkit\/example-platforms$/, replacement: path("examples/shared/src/index.mjs") },
  { find: /^@postkit\/([a-z-]+)$/, replacement: path("packages/$1/src/index.ts") },
];

function projects(folder: string): TestProjectInlineConfiguration[] {
  if (!existsSync(path(folder))) return [];
  return readdirSync(path(folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path(`${folder}/${entry.name}/test`)))
    .map((entry) => ({
      resolve: { alias },
      test: {
        name: `${folder}/${entry.name}`,
        root: path(`${folder}/${entry.name}`),
        include: ["test/**/*.test.ts"],
        setupFiles: [path(".config/secret-guard.ts")],
        testTimeout: 60_000,
        hookTimeout: 60_000,
      },
    }));
}

// The published packages as users install them (npm, pnpm, Yarn from packed tarballs) and the
// release dry run: see tests/consumers. Slow (registry installs, tsc), hence the long timeouts;
// the global setup packs the packages once for every file of the project.
const consumers: TestProjectInlineConfiguration = {
  test: {
    name: "tests/consumers",
    root: path("tests/consumers"),
    include: ["test/**/*.test.ts"],
    globalSetup: [path("tests/consumers/test/support/global-setup.ts")],
    setupFiles: [path(".config/secret-guard.ts")],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
};

// The packed packages on Node, Bun, Deno, workerd (miniflare) and edge-runtime, each installed from
// npm by the global setup (cached in node_modules/.cache/postkit-runtimes): see tests/runtimes.
const runtimes: TestProjectInlineConfiguration = {
  resolve: { alias },
  test: {
    name: "tests/runtimes",
    root: path("tests/runtimes"),
    include: ["test/**/*.test.ts"],
    globalSetup: [path("tests/runtimes/test/support/global-setup.ts")],
    setupFiles: [path(".config/secret-guard.ts")],
    testTimeout: 240_000,
    hookTimeout: 600_000,
  },
};

// Generated parts of the docs (the README's capability table) checked against the code.
const docs: TestProjectInlineConfiguration = {
  resolve: { alias },
  test: {
    name: "tests/docs",
    root: path("tests/docs"),
    include: ["test/**/*.test.ts"],
    setupFiles: [path(".config/secret-guard.ts")],
  },
};

export default defineConfig({
  test: {
    projects: [...projects("packages"), ...projects("examples"), consumers, runtimes, docs],
    reporters: ["default", ["json", { outputFile: path(".vitest-report.json") }]],
  },
});
