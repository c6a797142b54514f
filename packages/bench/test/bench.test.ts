// The benchmarks run end to end (`--quick`, into a temporary file) and produce every figure, and
// the bundle budgets hold. Never a timing assertion: CI machines are too noisy for that.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";

const benchDir = fileURLToPath(new URL("..", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "postkit-bench-test-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Results {
  uploads: {
    id: string;
    mibPerS: number;
    cpuSPerGiB: number;
    peakRssMiB: number;
    vsBaseline?: Record<string, number>;
  }[];
  calls: {
    id: string;
    phase: string;
    ratio: { wall: number; cpu: number };
    kyRatio: { wall: number; cpu: number };
  }[];
  coldImport: { name: string; ms: number; ratio: number }[];
  bundles: { id: string; gzipped?: number; ratio?: number; error?: string }[];
}

it("runs --quick and reports every figure with a finite ratio to its baseline", { timeout: 180_000 }, () => {
  const run = spawnSync(
    process.execPath,
    ["src/run.mjs", "--quick", "--out", join(out, "bench.md"), "--json", join(out, "bench.json")],
    { cwd: benchDir, encoding: "utf8" },
  );
  expect(run.status, run.stderr).toBe(0);
  const results = JSON.parse(readFileSync(join(out, "bench.json"), "utf8")) as Results;

  const uploads = new Set(results.uploads.map((row) => row.id));
  expect(uploads).toEqual(
    new Set([
      "tiktok",
      "raw-tiktok",
      "youtube",
      "raw-youtube",
      "youtube-single",
      "raw-youtube-single",
      "googleapis",
      "meta-video",
      "raw-meta-video",
      "meta-reel",
      "raw-meta-reel",
    ]),
  );
  for (const row of results.uploads) {
    for (const value of [row.mibPerS, row.cpuSPerGiB, row.peakRssMiB])
      expect(Number.isFinite(value), row.id).toBe(true);
    if (!row.id.startsWith("raw-")) {
      expect(row.vsBaseline, row.id).toBeDefined();
      for (const ratio of Object.values(row.vsBaseline!)) expect(Number.isFinite(ratio), row.id).toBe(true);
    }
  }
  expect(results.calls.map((row) => `${row.id} ${row.phase}`).sort()).toEqual([
    "tiktok concurrent",
    "tiktok sequential",
    "youtube concurrent",
    "youtube sequential",
  ]);
  for (const row of results.calls) {
    expect(Number.isFinite(row.ratio.wall) && Number.isFinite(row.ratio.cpu), row.id).toBe(true);
    // The ky-alone baseline: what the library under the pipeline costs by itself.
    expect(Number.isFinite(row.kyRatio.wall) && Number.isFinite(row.kyRatio.cpu), row.id).toBe(true);
  }
  expect(results.coldImport.map((row) => row.name)).toEqual(
    expect.arrayContaining([
      "@postkit/core",
      "@postkit/tiktok",
      "@postkit/youtube",
      "@postkit/meta",
      "@googleapis/youtube",
    ]),
  );
  for (const row of results.coldImport) expect(Number.isFinite(row.ratio), row.name).toBe(true);
  for (const id of ["core", "core+tiktok", "core+youtube", "core+meta", "googleapis"]) {
    const row = results.bundles.find((bundle) => bundle.id === id);
    expect(row?.error, id).toBeUndefined();
    expect(Number.isFinite(row?.ratio), id).toBe(true);
  }
  const markdown = readFileSync(join(out, "bench.md"), "utf8");
  expect(markdown).toContain("## Targets (issue #8)");
});

it("keeps the bundles within their size-limit budgets (.size-limit.json)", { timeout: 120_000 }, () => {
  const run = spawnSync(process.execPath, ["node_modules/size-limit/bin.js", "--json"], {
    cwd: benchDir,
    encoding: "utf8",
  });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const checks = JSON.parse(run.stdout) as { name: string; passed: boolean; size: number }[];
  expect(checks.map((check) => check.name)).toEqual(
    expect.arrayContaining([expect.stringContaining("@postkit/meta")]),
  );
  expect(checks.length).toBeGreaterThanOrEqual(4);
  for (const check of checks) expect(check.passed, `${check.name}: ${check.size} B`).toBe(true);
});
