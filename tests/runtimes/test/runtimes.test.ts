// The same end-to-end flows on every runtime the README claims, from the packed packages, against
// the loopback emulators; each runtime installed from npm by the global setup. After a full run
// the results go to last-run.json, from which the README's runtime table is written.
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, inject, it } from "vitest";
import { describeRun } from "../../consumers/test/support/run.js";
import { type LastRun, readmePath, renderTable, withTable } from "../scripts/readme-table.mjs";
import { startEmulators } from "./support/emulators.js";
import { lastRunFile } from "./support/paths.js";
import { flowNames, runtimeNames, runtimeOf } from "./support/runtimes.js";

interface Report {
  runtime: { name: string; version: string };
  flows: Record<string, { ok: boolean; detail?: unknown; error?: string }>;
}

const results = new Map<string, LastRun["runtimes"][number]>();

describe.each(runtimeNames)("%s", (name) => {
  it("runs every flow against the loopback emulators", async () => {
    const runtime = runtimeOf(name, inject("runtimes"));
    const emulators = await startEmulators();
    let report: Report;
    try {
      const ran = await runtime.run(JSON.stringify(emulators.config));
      expect(ran.code, describeRun(name, ran)).toBe(0);
      report = JSON.parse(ran.stdout.trim().split("\n").at(-1) ?? "") as Report;
      if (process.env.POSTKIT_RUNTIME_DEBUG) console.log(name, JSON.stringify(report.flows, null, 1));
      // The runtime that ran is the one named, and it talked to these emulators.
      expect(report.runtime.name).toBe(name);
      expect(emulators.requests().tiktok).toBeGreaterThan(0);
      expect(emulators.requests().youtube).toBeGreaterThan(0);
      expect(emulators.requests().meta).toBeGreaterThan(0);
      // Every TikTok chunk PUT carried its Content-Length (a missing one is answered 411 too).
      expect(emulators.tiktokChunkLengths.length).toBeGreaterThanOrEqual(2);
      expect(emulators.tiktokChunkLengths).not.toContain(null);
    } finally {
      await emulators.close();
    }
    results.set(name, {
      runtime: name,
      label: runtime.label,
      version: runtime.version,
      flows: Object.fromEntries(
        flowNames.map((flow) => {
          const outcome = report.flows[flow];
          return [flow, outcome?.ok ? "passed" : `failed: ${outcome?.error ?? "not run"}`];
        }),
      ),
    });
    for (const flow of flowNames) {
      expect.soft(report.flows[flow], `${name}: ${flow}`).toMatchObject({ ok: true });
    }
  }, 240_000);
});

afterAll(() => {
  // Only a run of every runtime replaces the record the README is written from.
  if (results.size !== runtimeNames.length) return;
  const lastRun: LastRun = { runtimes: runtimeNames.map((name) => results.get(name)!) };
  writeFileSync(lastRunFile, `${JSON.stringify(lastRun, null, 2)}\n`);
  const readme = readFileSync(readmePath, "utf8");
  if (withTable(readme, renderTable(lastRun)) !== readme) {
    throw new Error(
      "The runtime results changed: README.md's runtime table no longer matches tests/runtimes/last-run.json. " +
        "Run `node tests/runtimes/scripts/readme-table.mjs` and commit both.",
    );
  }
});
