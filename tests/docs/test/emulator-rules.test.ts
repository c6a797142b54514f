// The testing README's rules table is generated from the rules the emulators declare in code
// (each with its source), so the docs cannot drift from the code: this test fails when they
// differ. `pnpm run docs:rules` rewrites the table (the same test with POSTKIT_WRITE_DOCS=1).
// An emulator's rules join the table by adding a section to SECTIONS.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type EmulatorRuleSection,
  emulatorRuleProblems,
  emulatorRulesTable,
  META_EMULATOR_RULES,
  TIKTOK_EMULATOR_RULES,
  YOUTUBE_EMULATOR_RULES,
} from "@postkit/testing";
import { expect, it } from "vitest";

const README = fileURLToPath(new URL("../../../packages/testing/README.md", import.meta.url));
const START = "<!-- emulator-rules:start (generated from the rules in code: pnpm run docs:rules) -->";
const END = "<!-- emulator-rules:end -->";
const SECTIONS: readonly EmulatorRuleSection[] = [
  { platform: "TikTok", rules: TIKTOK_EMULATOR_RULES },
  { platform: "YouTube (Google OAuth 2.0 and the Data API v3)", rules: YOUTUBE_EMULATOR_RULES },
  {
    platform: "Meta (Facebook Login, Pages, Instagram publishing, Instagram Login)",
    rules: META_EMULATOR_RULES,
  },
];

it("the testing README's rules table is the one the emulators' rules generate", () => {
  const readme = readFileSync(README, "utf8");
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  expect(start, `packages/testing/README.md needs the markers ${START} … ${END}`).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  const table = `\n${emulatorRulesTable(SECTIONS)}`;
  if (process.env.POSTKIT_WRITE_DOCS === "1") {
    writeFileSync(README, readme.slice(0, start + START.length) + table + readme.slice(end));
    return;
  }
  expect(readme.slice(start + START.length, end), "run `pnpm run docs:rules`").toBe(table);
});

it("every rule has a unique id, an https source, and says what the emulator answers", () => {
  expect(emulatorRuleProblems(SECTIONS.flatMap((section) => section.rules))).toEqual([]);
  expect(emulatorRuleProblems([{ id: "x.y.z", rule: "r", source: "shared/notes.md", answer: "a" }])).toEqual([
    "x.y.z: the source shared/notes.md is not an https URL",
  ]);
  const table = emulatorRulesTable(SECTIONS);
  for (const section of SECTIONS) for (const rule of section.rules) expect(table).toContain(`\`${rule.id}\``);
  expect(table).toMatch(/tiktok\.upload\.progress-format.*choice \(`contentRangeReading`\)/);
  expect(table).toMatch(/meta\.pages\.video-status.*choice \(`processingReads`\)/);
});
