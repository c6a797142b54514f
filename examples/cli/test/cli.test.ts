// postkit-cli against the emulators, in-process so that one emulator serves several runs (each
// real run of the CLI on the emulators starts fresh ones): login through the local callback
// server, doctor before and after, a publish interrupted mid-upload then resumed from the saved
// state, and status.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createExamplePlatforms, type ExamplePlatforms } from "@postkit/example-platforms";
import { run } from "../src/cli.mjs";
import { openState } from "../src/state.mjs";

let home: string;
let setup: ExamplePlatforms;
let env: Record<string, string>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function cli(argv: string[], signal?: AbortSignal) {
  const lines: string[] = [];
  const code = await run(argv, { env, setup, log: (line) => lines.push(line), tty: false, signal });
  return { code, out: lines.join("\n") };
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "postkit-cli-"));
  env = { POSTKIT_CLI_HOME: home, POSTKIT_PUBLIC_URL: `http://127.0.0.1:${await freePort()}` };
  setup = await createExamplePlatforms({ env, tokenStore: openState(home).tokenStore, log: () => {} });
});
afterAll(async () => {
  await setup.close();
  await rm(home, { recursive: true, force: true });
});

it("doctor names what to fix before any login", async () => {
  const { code, out } = await cli(["doctor"]);
  expect(code).toBe(1);
  expect(out).toContain("TikTok: not connected; run `postkit-cli login tiktok`.");
  expect(out).toContain("credentials: none (set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET to use the real API)");
});

it("logs in to each platform through the local callback server, then doctor is satisfied", async () => {
  for (const key of ["tiktok", "youtube", "facebook", "instagram"]) {
    const { code, out } = await cli(["login", key]);
    expect(code).toBe(0);
    expect(out).toContain(`Open this URL in a browser to connect`);
    expect(out).toMatch(/Connected .+: .+ \(.+\)\.\nGranted scopes: /);
  }
  const accounts = await cli(["accounts"]);
  expect(accounts.out.split("\n")).toHaveLength(4);
  const doctor = await cli(["doctor"]);
  expect(doctor.out).toContain("Everything checks out.");
  expect(doctor.code).toBe(0);
});

it("doctor reports a login that lacks a scope", async () => {
  const state = openState(home);
  const saved = await state.accounts();
  const youtube = saved.youtube!;
  await state.saveAccounts({
    ...saved,
    youtube: { ...youtube, grantedScopes: youtube.grantedScopes.slice(1) },
  });
  const { code, out } = await cli(["doctor"]);
  expect(code).toBe(1);
  expect(out).toContain("YouTube: the login lacks https://www.googleapis.com/auth/youtube.upload;");
  await state.saveAccounts(saved);
});

it("resumes an interrupted upload on the next run, from the saved state", async () => {
  const file = join(home, "video.mp4");
  const bytes = new Uint8Array(1024 * 1024).map((_, i) => (i * 7) & 0xff);
  await writeFile(file, bytes);
  const controller = new AbortController();
  const emulators = setup.emulators!;
  // The second chunk's arrival stops the CLI, as Ctrl-C would mid-upload.
  emulators.hub.faults.add({
    platform: "youtube",
    method: "PUT",
    path: "/upload/youtube/v3/videos",
    after: 1,
    effect: () => controller.abort(new Error("Interrupted.")),
  });
  const args = ["publish", file, "--to", "youtube", "--chunk-size", String(256 * 1024)];
  const first = await cli(args, controller.signal);
  expect(first.code).toBe(1);
  expect(first.out).toContain("run the same publish command again to resume it");
  expect(emulators.youtube.videos()).toHaveLength(0);

  const second = await cli(args);
  expect(second.out).toMatch(/YouTube: resuming from byte \d+ of 1048576/);
  expect(second.code).toBe(0);
  expect(emulators.youtube.sessions()).toHaveLength(1);
  const [video] = emulators.youtube.videos();
  expect(video?.sink.size).toBe(bytes.length);
  const id = /YouTube: published \(job (\S+)\)/.exec(second.out)?.[1];
  expect(id).toBeDefined();

  const status = await cli(["status", id!]);
  expect(status.code).toBe(0);
  expect(status.out).toContain(`YouTube: published; videoId ${video?.id}`);
});

it("exits non-zero with the typed error's message and hint", async () => {
  const { code, out } = await cli([
    "publish",
    join(home, "video.mp4"),
    "--to",
    "tiktok",
    "--tiktok-mode",
    "direct",
  ]);
  expect(code).toBe(1);
  expect(out).toContain("TikTok: ValidationError [INVALID_INPUT]: tiktok: pick a privacy level among");
  expect(out).toContain("Hint: TikTok forbids a default");
});
