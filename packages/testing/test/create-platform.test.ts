// `pnpm create-platform`: a generated package builds, type-checks, lints, and runs the
// conformance suite to a list of what remains to implement (failed checks, not a crash).
// Runs the built @postkit/core and @postkit/testing (`npm test` builds first), in a temporary
// folder outside the workspace, linked to this repository's packages with --link.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { conformanceChecks } from "../src/conformance/index.js";

const repo = resolve(import.meta.dirname, "../../..");
const folder = mkdtempSync(join(tmpdir(), "postkit-create-platform-"));
const target = join(folder, "zappo");
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function run(command: string, args: string[], cwd = target) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const bin = (path: string) => join(repo, "node_modules", path);

interface VitestReport {
  testResults: Array<{
    message?: string;
    assertionResults: Array<{ title: string; status: string; failureMessages: string[] }>;
  }>;
}

describe("pnpm create-platform", () => {
  it("generates a package that builds, type-checks, lints and runs the suite to what remains to implement", () => {
    const created = run(
      "node",
      [join(repo, "scripts/create-platform.mjs"), "zappo", "--out", target, "--link"],
      repo,
    );
    expect(created.status, created.output).toBe(0);
    for (const file of [
      "package.json",
      "src/client.ts",
      "src/oauth.ts",
      "src/upload-protocol.ts",
      "test/emulator/emulator.ts",
      "test/conformance.test.ts",
    ]) {
      expect(existsSync(join(target, file)), file).toBe(true);
    }

    const typecheck = run("node", [bin("typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json"]);
    expect(typecheck.status, typecheck.output).toBe(0);
    const lint = run(bin(".bin/biome"), [
      "check",
      `--config-path=${join(repo, ".config/biome.json")}`,
      target,
    ]);
    expect(lint.status, lint.output).toBe(0);
    const build = run("node", [bin("tsup/dist/cli-default.js")]);
    expect(build.status, build.output).toBe(0);
    expect(existsSync(join(target, "dist/index.d.ts"))).toBe(true);

    const report = join(folder, "report.json");
    const suite = run("node", [
      bin("vitest/vitest.mjs"),
      "run",
      "--root",
      target,
      "--reporter=json",
      `--outputFile=${report}`,
    ]);
    expect(suite.status, suite.output).not.toBe(0);
    const { testResults } = JSON.parse(readFileSync(report, "utf8")) as VitestReport;
    expect(testResults).toHaveLength(1);
    const results = testResults[0]?.assertionResults ?? [];
    // Every check registered: the file loaded and ran; nothing crashed before the checks.
    expect(results).toHaveLength(conformanceChecks.length);
    const failed = results.filter((result) => result.status === "failed");
    expect(failed.length).toBeGreaterThan(conformanceChecks.length / 2);
    for (const result of failed) {
      const message = result.failureMessages[0] ?? "";
      // Named for the promise, and saying what to implement where.
      expect(message, result.title).toMatch(/^ConformanceFailure: \[[a-z0-9.-]+\] /);
      expect(message, result.title).toMatch(/implement \S+ in (src|test)\//);
    }
  }, 240_000);
});
