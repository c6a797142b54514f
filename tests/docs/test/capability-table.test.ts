// The README's capability table is generated from the platforms' typed manifests, so the docs
// cannot drift from the code: this test fails when they differ. `pnpm run docs:capabilities`
// rewrites the table (the same test with POSTKIT_WRITE_DOCS=1).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { capabilityTable, type StandardOperation } from "@postkit/core";
import { META_CAPABILITIES } from "@postkit/meta";
import { TIKTOK_CAPABILITIES } from "@postkit/tiktok";
import { youtubeCapabilities } from "@postkit/youtube";
import { expect, it } from "vitest";

const README = fileURLToPath(new URL("../../../README.md", import.meta.url));
const START = "<!-- capabilities:start (generated from the manifests: pnpm run docs:capabilities) -->";
const END = "<!-- capabilities:end -->";
const OPERATIONS: readonly StandardOperation[] = [
  "getProfile",
  "publishVideo",
  "saveDraft",
  "publishPhotos",
  "getPublishStatus",
  "resumeUpload",
  "listVideos",
  "updateVideo",
  "deleteVideo",
  "revoke",
];

function generated(): string {
  return capabilityTable(
    [
      { name: "TikTok", manifest: TIKTOK_CAPABILITIES },
      { name: "YouTube", manifest: youtubeCapabilities },
      { name: "Meta (Facebook Pages, Instagram)", manifest: META_CAPABILITIES },
    ],
    OPERATIONS,
  );
}

it("the README's capability table is the one the manifests generate", () => {
  const readme = readFileSync(README, "utf8");
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  expect(start, `README.md needs the markers ${START} … ${END}`).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  const table = `\n${generated()}`;
  if (process.env.POSTKIT_WRITE_DOCS === "1") {
    writeFileSync(README, readme.slice(0, start + START.length) + table + readme.slice(end));
    return;
  }
  expect(readme.slice(start + START.length, end), "run `pnpm run docs:capabilities`").toBe(table);
});

it("every standard operation has a row, and the table marks what is unavailable", () => {
  const table = generated();
  for (const operation of OPERATIONS) expect(table).toContain(`| \`${operation}\` |`);
  expect(table).toMatch(/publishPhotos.*✔.*✘/);
});
