// End to end over real HTTP: the loopback emulator server and the platform's global fetch.
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runChild, rssGrowthMb, writePseudoRandomFile } from "../../../.config/child-upload.js";
import { directOptions, memorySource, pseudoRandomBytes, type Setup, setup, sha256 } from "./helpers.js";

let env: Setup | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const INIT = "/v2/post/publish/video/init/";
const put = { platform: "tiktok", role: "upload", method: "PUT" } as const;

describe("end to end against the loopback emulator", () => {
  it("connects, reads the profile, drafts and posts a video, and waits for each result", async () => {
    env = await setup({ transport: "loopback" });
    const { tiktok } = env;
    const login = await tiktok.createAuthorizationUrl({
      scopes: ["user.info.basic", "user.info.profile", "video.upload", "video.publish"],
    });
    expect(login.url.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tiktok\/auth\/v2\/auth\/authorize\/\?/);
    const consent = await fetch(login.url, { redirect: "manual" });
    const { accounts } = await tiktok.connect(consent.headers.get("location")!, login.session);
    const tokens = accounts[0]!;
    const profile = await tiktok.getProfile(tokens);
    expect(profile).toMatchObject({ displayName: "Emulated Creator", username: "emulated.creator" });

    const draftBytes = pseudoRandomBytes(2_000_000, 3);
    const draft = await tiktok.uploadDraft(tokens, { source: memorySource(draftBytes) });
    expect((await tiktok.waitForPublishStatus(tokens, draft.publishId)).status).toBe("SEND_TO_USER_INBOX");
    expect(env.emulator.upload(draft.publishId)?.sha256).toBe(sha256(draftBytes));

    const creatorInfo = await tiktok.getCreatorInfo(tokens);
    const bytes = pseudoRandomBytes(11_000_000, 4);
    const direct = await tiktok.postVideo(tokens, {
      source: memorySource(bytes),
      chunkSize: 5_242_880,
      creatorInfo,
      options: { privacyLevel: creatorInfo.privacyLevelOptions[0]!, durationSec: 20, title: "e2e" },
    });
    const final = await tiktok.waitForPublishStatus(tokens, direct.publishId);
    expect(final.status).toBe("PUBLISH_COMPLETE");
    expect(final.publicPostIds).toEqual([env.emulator.publish(direct.publishId)!.postId]);
    expect(env.emulator.upload(direct.publishId)?.sha256).toBe(sha256(bytes));

    const refreshed = await tiktok.renewTokens(tokens.credentials);
    const renewed = { account: tokens.account, credentials: refreshed };
    await tiktok.revoke(renewed);
    // Revoked at TikTok: the token is refused, and the refresh token with it.
    await expect(tiktok.getProfile(renewed)).rejects.toMatchObject({ code: "REAUTH_REQUIRED" });
  });

  it("survives 5xx, dropped connections and a 416 on chunk PUTs: byte-exact, exactly one init", async () => {
    env = await setup({ transport: "loopback" });
    const bytes = pseudoRandomBytes(21_000_000, 5); // 4 chunks of 5,242,880, the last 5,271,360
    env.hub.faults.add({ ...put, after: 0, status: 500 });
    env.hub.faults.add({ ...put, after: 1, drop: "mid-body" });
    env.hub.faults.add({ ...put, after: 2, drop: "before-response" });
    env.hub.faults.add({
      ...put,
      after: 4,
      status: 416,
      headers: { "content-range": "bytes 0-5242879/21000000" },
    });
    env.hub.faults.add({ ...put, after: 6, status: 503, retryAfterSeconds: 0 });
    const started = await env.tiktok.postVideo(env.connection(["video.publish"]), {
      source: memorySource(bytes),
      chunkSize: 5_242_880,
      options: directOptions,
    });
    expect(env.hub.faults.pending()).toBe(0); // every fault fired
    expect(env.emulator.upload(started.publishId)).toMatchObject({ size: 21_000_000, sha256: sha256(bytes) });
    expect(env.hub.log.count({ path: INIT })).toBe(1);
    const statuses = env.hub.log
      .entries()
      .filter((entry) => entry.role === "upload")
      .map((entry) => entry.status ?? "drop");
    expect(statuses.filter((status) => status === 206 || status === 201)).toHaveLength(
      env.emulator.publish(started.publishId)!.chunksAccepted,
    );
    expect(statuses).toContain(416);
    expect(statuses.at(-1)).toBe(201);
  });

  it("uploads a 300 MB file from a child process whose peak RSS grows by less than 100 MB", async () => {
    const root = fileURLToPath(new URL("..", import.meta.url));
    expect(existsSync(join(root, "dist/index.js")), "build @postkit/tiktok first (npm test does)").toBe(true);
    const file = join(tmpdir(), `postkit-tiktok-300mb-${process.pid}.bin`);
    const size = 300 * 1024 * 1024;
    const digest = await writePseudoRandomFile(file, size);
    env = await setup({ transport: "loopback", emulator: { retainBytes: 0 } });
    const running = env;
    const baseUrls = await loopbackBaseUrls(env);
    try {
      const config = {
        clientKey: env.emulator.clientKey,
        clientSecret: env.emulator.clientSecret,
        redirectUri: env.emulator.redirectUri,
        baseUrls,
        tokens: env.tokens(["video.publish"]),
      };
      const { code, stdout, stderr } = await runChild(join(root, "test/fixtures/upload-300mb.mjs"), {
        cwd: root,
        env: { POSTKIT_TIKTOK_E2E: JSON.stringify(config) },
        args: [file],
      }).done;
      expect(code, stderr).toBe(0);
      const report = JSON.parse(stdout.trim()) as {
        maxRssBeforeKb: number;
        maxRssAfterKb: number;
        chunks: number;
        publishId: string;
      };
      const growthMb = rssGrowthMb(report.maxRssBeforeKb, report.maxRssAfterKb);
      console.log(`tiktok 300 MB: peak RSS grew ${growthMb.toFixed(1)} MB`);
      expect(growthMb, `peak RSS grew ${growthMb.toFixed(1)} MB`).toBeLessThan(100);
      expect(report.chunks).toBe(31); // floor(314,572,800 / 10,000,000)
      expect(env.emulator.upload(report.publishId)).toMatchObject({ size, sha256: digest });
      expect(env.hub.log.count({ path: INIT })).toBe(1);
    } finally {
      await running.close();
      env = undefined;
      await rm(file, { force: true });
    }
  }, 180_000);
});

/** The loopback base URLs the setup's client uses. */
async function loopbackBaseUrls(env: Setup): Promise<Record<string, string>> {
  const { url } = await env.tiktok.createAuthorizationUrl({ scopes: ["user.info.basic"] });
  const origin = url.href.slice(0, url.href.indexOf("/tiktok/auth/"));
  return { auth: `${origin}/tiktok/auth`, api: `${origin}/tiktok/api`, upload: `${origin}/tiktok/upload` };
}
