// The shared setup of the examples against the embedded emulators: the environment is read as
// documented, every platform without credentials runs on the emulators (and says so), each
// emulator accepts the app's redirect URIs, and each platform connects and reads its profile.
import { afterEach, expect, it } from "vitest";
import {
  approveConsent,
  createExamplePlatforms,
  type ExamplePlatforms,
  PLATFORM_KEYS,
  readEnv,
  SAMPLE_VIDEO,
} from "@postkit/example-platforms";
import { existsSync, statSync } from "node:fs";

let setup: ExamplePlatforms | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

it("reads credential pairs and the public URL, and names half-set pairs", () => {
  const env = readEnv({
    TIKTOK_CLIENT_KEY: "key",
    TIKTOK_CLIENT_SECRET: "secret",
    GOOGLE_CLIENT_ID: "id-only",
    POSTKIT_PUBLIC_URL: "https://app.example/",
  });
  expect(env.credentials.tiktok).toEqual({ id: "key", secret: "secret" });
  expect(env.credentials.youtube).toBeUndefined();
  expect(env.credentials.meta).toBeUndefined();
  expect(env.publicUrl).toBe("https://app.example");
  expect(env.problems).toEqual(["GOOGLE_CLIENT_SECRET is not set (GOOGLE_CLIENT_ID is)"]);
  expect(readEnv({ POSTKIT_PUBLIC_URL: "not a url" }).problems).toHaveLength(1);
  expect(readEnv({}).publicUrl).toBe("http://localhost:8787");
});

it("runs every platform without credentials on the emulators, says so, and connects each one", async () => {
  const lines: string[] = [];
  setup = await createExamplePlatforms({
    env: {},
    publicUrl: "http://127.0.0.1:9911",
    log: (line) => lines.push(line),
  });
  expect(setup.platforms.map((p) => p.key)).toEqual([...PLATFORM_KEYS]);
  expect(setup.platforms.every((p) => p.emulated)).toBe(true);
  expect(lines.join("\n")).toMatch(
    /No credentials for TikTok, YouTube, Facebook Page, Instagram, Instagram Login: running on the embedded emulators at http:\/\/127\.0\.0\.1:\d+/,
  );
  for (const platform of setup.platforms) {
    expect(platform.redirectUri).toBe(`http://127.0.0.1:9911/callback/${platform.key}`);
    const { url, session } = await platform.provider.createAuthorizationUrl({ scopes: platform.scopes });
    const callback = await approveConsent(url);
    expect(callback.startsWith(`${platform.redirectUri}?`)).toBe(true);
    const { accounts } = await platform.provider.connect(callback, session);
    const connection = platform.pickAccount(accounts);
    expect(connection?.account.platform).toBe(platform.key);
    const profile = await platform.provider.getProfile(connection!);
    expect(profile.displayName.length).toBeGreaterThan(0);
  }
});

it("answers a consent page in page mode, approving or denying", async () => {
  setup = await createExamplePlatforms({ env: {}, consent: "page", log: () => {} });
  const tiktok = setup.get("tiktok");
  const page = await tiktok.provider.createAuthorizationUrl({ scopes: tiktok.scopes });
  expect((await fetch(page.url)).status).toBe(200); // the page is rendered, nothing is approved yet
  expect(new URL(await approveConsent(page.url)).searchParams.get("code")).toBeTruthy();
  const denied = await tiktok.provider.createAuthorizationUrl({ scopes: tiktok.scopes });
  expect(
    new URL(await approveConsent(denied.url, { decision: "deny" })).searchParams.get("error"),
  ).toBeTruthy();
});

it("leaves a platform with credentials on the real API and refuses an unknown platform", async () => {
  setup = await createExamplePlatforms({
    env: { TIKTOK_CLIENT_KEY: "key", TIKTOK_CLIENT_SECRET: "secret" },
    log: () => {},
  });
  const tiktok = setup.get("tiktok");
  expect(tiktok.emulated).toBe(false);
  const { url } = await tiktok.provider.createAuthorizationUrl({ scopes: tiktok.scopes });
  expect(url.origin).toBe("https://www.tiktok.com");
  expect(setup.get("youtube").emulated).toBe(true);
  expect(() => setup?.get("myspace")).toThrow(/Unknown platform "myspace"/);
});

it("builds TikTok's direct-post options from the creator info, with no default privacy", () => {
  const info = {
    avatarUrl: "",
    username: "u",
    nickname: "U",
    privacyLevelOptions: ["SELF_ONLY" as const, "PUBLIC_TO_EVERYONE" as const],
    commentDisabled: true,
    duetDisabled: false,
    stitchDisabled: false,
    maxVideoPostDurationSec: 60,
  };
  return (async () => {
    setup = await createExamplePlatforms({ env: {}, log: () => {} });
    const tiktok = setup.get("tiktok");
    const base = { title: "t", durationSec: 3, tiktokMode: "direct" as const, creatorInfo: info };
    expect(() => tiktok.videoOptions(base)).toThrow(/pick a privacy level/);
    expect(() => tiktok.videoOptions({ ...base, privacyLevel: "SELF_ONLY", durationSec: 61 })).toThrow(
      /longer than the 60 s/,
    );
    expect(tiktok.videoOptions({ ...base, privacyLevel: "SELF_ONLY" })).toMatchObject({
      mode: "direct",
      privacyLevel: "SELF_ONLY",
      disableComment: true,
      disableDuet: false,
    });
    expect(tiktok.videoOptions({ title: "t", durationSec: 3 })).toEqual({ mode: "draft" });
  })();
});

it("bundles a small MP4 sample", () => {
  expect(existsSync(SAMPLE_VIDEO.path)).toBe(true);
  expect(statSync(SAMPLE_VIDEO.path).size).toBeLessThan(20_000);
});
