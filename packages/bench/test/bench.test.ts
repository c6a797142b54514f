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
    heapTotalMiB: number;
    liveHeapMiB: number;
    vsBaseline?: Record<string, number>;
  }[];
  calls: {
    id: string;
    phase: string;
    ratio: { wall: number; cpu: number };
    kyRatio: { wall: number; cpu: number };
  }[];
  coldImport: { name: string; ms: number; ratio: number }[];
  bundles: { id: string; gzipped?: number; ownGzipped?: number; ratio?: number; error?: string }[];
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
    for (const value of [row.mibPerS, row.cpuSPerGiB, row.peakRssMiB, row.heapTotalMiB, row.liveHeapMiB])
      expect(Number.isFinite(value), row.id).toBe(true);
    // What is live after a full GC is part of the heap V8 keeps, never more.
    expect(row.liveHeapMiB, row.id).toBeLessThanOrEqual(row.heapTotalMiB);
    if (!row.id.startsWith("raw-")) {
      expect(row.vsBaseline, row.id).toBeDefined();
      for (const ratio of Object.values(row.vsBaseline!)) expect(Number.isFinite(ratio), row.id).toBe(true);
    }
  }
  expect(results.calls.map((row) => `${row.id} ${row.phase}`).sort()).toEqual([
    "meta concurrent",
    "meta sequential",
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
      "zod/mini",
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
    // postkit's own code (dependencies left out) is part of the whole bundle, never all of it.
    if (id !== "googleapis") expect(row!.ownGzipped!, id).toBeGreaterThan(0);
    if (id !== "googleapis") expect(row!.ownGzipped!, id).toBeLessThan(row!.gzipped!);
  }
  const markdown = readFileSync(join(out, "bench.md"), "utf8");
  expect(markdown).toContain("## Targets (issue #8)");
  // A missed target names where it goes; a met one leaves that column empty.
  for (const line of markdown.split("\n").filter((l) => l.includes("| **missed** |"))) {
    expect(line.split("| **missed** |")[1]!.trim().length, line).toBeGreaterThan(3);
  }
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

it("budgets memory by the plan's largest pair of consecutive chunks", async () => {
  // @ts-expect-error -- the bench is plain JavaScript
  const { largestPair } = (await import("../src/uploads.mjs")) as {
    largestPair: (chunks: { start: number; end: number }[]) => number;
  };
  // TikTok's plan for 256 MiB: 25 chunks of 10 MB, the 18 435 456-byte remainder merged into the last.
  const tiktok = Array.from({ length: 26 }, (_, i) => ({
    start: i * 10_000_000,
    end: i === 25 ? 268_435_456 : (i + 1) * 10_000_000,
  }));
  expect(largestPair(tiktok)).toBe(10_000_000 + 18_435_456);
  expect(largestPair([{ start: 0, end: 5 }])).toBe(5);
  expect(
    largestPair([
      { start: 0, end: 8 },
      { start: 8, end: 16 },
      { start: 16, end: 20 },
    ]),
  ).toBe(16);
});
