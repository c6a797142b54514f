// Runs the demo the way `npm run demo` does (a separate Node process on the built packages) and
// checks it completes the whole flow on both emulators.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const demo = fileURLToPath(new URL("../src/demo.mjs", import.meta.url));

it("connects, reads profiles, uploads and finishes on both emulators", async () => {
  const env = { ...process.env };
  for (const name of ["TIKTOK_CLIENT_KEY", "GOOGLE_CLIENT_ID", "DEMO_VIDEO"]) delete env[name];
  const { stdout } = await run(process.execPath, [demo], { env, timeout: 120_000 });
  expect(stdout).toContain("TikTok (emulator)");
  expect(stdout).toContain("YouTube (emulator)");
  expect(stdout.match(/connected; granted scopes/g)).toHaveLength(2);
  expect(stdout.match(/uploaded 6291456 of 6291456 bytes \(100%\)/g)).toHaveLength(2);
  expect(stdout).toMatch(/TikTok[\s\S]*final state: draft/);
  expect(stdout).toMatch(/YouTube[\s\S]*final state: published/);
}, 120_000);
