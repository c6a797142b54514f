// The README's runtime table is the one written from the committed last run: it cannot drift.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type LastRun, readmePath, renderTable, withTable } from "../scripts/readme-table.mjs";
import { lastRunFile } from "./support/paths.js";
import { flowNames, runtimeNames } from "./support/runtimes.js";

describe("README runtime table", () => {
  const lastRun = JSON.parse(readFileSync(lastRunFile, "utf8")) as LastRun;

  it("records every runtime and every flow", () => {
    expect(lastRun.runtimes.map((entry) => entry.runtime)).toEqual([...runtimeNames]);
    for (const entry of lastRun.runtimes) expect(Object.keys(entry.flows)).toEqual([...flowNames]);
  });

  it("is what scripts/readme-table.mjs writes from last-run.json", () => {
    const readme = readFileSync(readmePath, "utf8");
    expect(withTable(readme, renderTable(lastRun))).toBe(readme);
  });
});
