// Runs the demo the way `npm run demo` does (a separate Node process on the built packages) and
// checks it completes the whole flow on the four emulated platforms and exits 0.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const demo = fileURLToPath(new URL("../src/demo.mjs", import.meta.url));
const VARIABLES = [
  "TIKTOK_CLIENT_KEY",
  "TIKTOK_CLIENT_SECRET",
  "GOOGLE_CLIENT_ID",
  "GOOGLE_CLIENT_SECRET",
  "META_APP_ID",
  "META_APP_SECRET",
  "INSTAGRAM_APP_ID",
  "INSTAGRAM_APP_SECRET",
  "POSTKIT_PUBLIC_URL",
  "DEMO_VIDEO",
  "DEMO_VIDEO_SECONDS",
];

it("connects four platforms, publishes the sample everywhere and prints each post", async () => {
  const env = { ...process.env };
  for (const name of VARIABLES) delete env[name];
  // execFile rejects on a non-zero exit code, so resolving means the demo exited 0.
  const { stdout } = await run(process.execPath, [demo], { env, timeout: 120_000 });
  expect(stdout).toMatch(/No credentials for TikTok, YouTube, Facebook Page, Instagram.*embedded emulators/);
  for (const name of ["TikTok", "YouTube", "Facebook Page", "Instagram"]) {
    expect(stdout).toMatch(
      new RegExp(`\\n${name} \\(emulator\\)\\n  connected; granted scopes: .+\\n  profile: .+\\(id `),
    );
  }
  expect(stdout.match(/uploaded 6023 of 6023 bytes \(100%\)/g)).toHaveLength(5);
  expect(stdout).toMatch(/TikTok \(draft\): draft, 6023 bytes uploaded; publishId \S+/);
  expect(stdout).toMatch(/TikTok \(direct\): published, 6023 bytes uploaded; publishId \S+/);
  expect(stdout).toMatch(
    /YouTube: published, .*videoId (\S+), post \1\n {4}https:\/\/www\.youtube\.com\/watch\?v=\1/,
  );
  expect(stdout).toMatch(
    /Facebook Page Reel: published, .*videoId (\S+), .*\n {4}https:\/\/www\.facebook\.com\/reel\/\1/,
  );
  expect(stdout).toMatch(
    /Instagram Reel: published, .*containerId \S+, .*post \S+\n {4}https:\/\/www\.instagram\.com\/reel\//,
  );
  expect(stdout).toContain("pnpm --filter @postkit/example-dashboard start");
}, 120_000);
