// A 500 MB Instagram Reel uploaded from a local file by a child process running the built
// packages, over the loopback emulator with the real fetch: its peak RSS grows by less than
// 100 MB, and the bytes arrive exact, with one container and one post.
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEmulatorHub, createMetaEmulator } from "@postkit/testing";
import { expect, it } from "vitest";
import { runChild, rssGrowthMb, writePseudoRandomFile } from "../../../.config/child-upload.js";
import { defaultFacebookScopes } from "../src/index.js";
import { publishCalls } from "./instagram-support.js";
import { clientFor, login } from "./support.js";

it("a 500 MB Reel from a local file, in a child process, grows its peak RSS by less than 100 MB", async () => {
  const root = fileURLToPath(new URL("..", import.meta.url));
  expect(existsSync(join(root, "dist/index.js")), "build @postkit/meta first (npm test does)").toBe(true);
  const file = join(tmpdir(), `postkit-meta-reel-500mb-${process.pid}.bin`);
  const size = 500 * 1024 * 1024;
  // Only the size and SHA-256 are kept of the bytes received; the Reel is ready once uploaded.
  const emulator = createMetaEmulator({
    retainBytes: 0,
    instagramPublishing: { containerPlan: () => ({ readyAfterMs: 0 }) },
  });
  const hub = createEmulatorHub(emulator);
  const server = await hub.listen();
  try {
    const digest = await writePseudoRandomFile(file, size);
    const meta = clientFor(emulator, { baseUrls: server.baseUrls.meta });
    const { result } = await login(meta, fetch, defaultFacebookScopes);
    const connection = result.accounts.find((c) => c.account.platform === "instagram");
    const config = {
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      redirectUri: emulator.redirectUri,
      baseUrls: server.baseUrls.meta,
      connection,
    };
    const { code, stdout, stderr } = await runChild(join(root, "test/fixtures/instagram-reel-child.mjs"), {
      cwd: root,
      env: { POSTKIT_META_E2E: JSON.stringify(config) },
      args: [file],
    }).done;
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout.trim()) as {
      maxRssBeforeKb: number;
      maxRssAfterKb: number;
      progress: number;
      job: { outcome: string; ids: Record<string, string> };
    };
    const growthMb = rssGrowthMb(report.maxRssBeforeKb, report.maxRssAfterKb);
    console.log(`instagram 500 MB Reel: peak RSS grew ${growthMb.toFixed(1)} MB`);
    expect(growthMb, `peak RSS grew ${growthMb.toFixed(1)} MB`).toBeLessThan(100);
    expect(report.job.outcome).toBe("published");
    expect(report.progress).toBeGreaterThan(0);
    const containerId = report.job.ids.containerId as string;
    expect(emulator.uploadedBytes(containerId)).toMatchObject({ size, complete: true, sha256: digest });
    expect(emulator.instagramContainers()).toHaveLength(1);
    expect(publishCalls(hub)).toBe(1);
  } finally {
    await server.close();
    await rm(file, { force: true });
  }
}, 240_000);
