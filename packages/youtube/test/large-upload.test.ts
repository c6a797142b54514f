// End to end over the loopback emulator with real fetch, from child processes running the built
// package (build first: `cd packages/youtube && npx tsup`).
import { createCipheriv, createHash } from "node:crypto";
import { createWriteStream, existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ResumeState } from "@postkit/core";
import type { PlatformEmulator, YouTubeEmulator } from "@postkit/testing";
import { afterAll, describe, expect, it } from "vitest";
import { runChild, rssGrowthMb } from "../../../.config/child-upload.js";
import { accountOf, createEmulatorHub, createYouTubeEmulator, MiB } from "./support.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const fixture = join(here, "fixtures", "upload-child.mjs");
const dist = join(here, "..", "dist", "index.js");
const created: string[] = [];
afterAll(() => {
  for (const file of created) rmSync(file, { force: true });
});

/** Writes `size` deterministic pseudo-random bytes (AES-256-CTR keystream) by streaming; returns the SHA-256. */
async function generate(size: number, name: string): Promise<{ file: string; sha256: string }> {
  const file = join(tmpdir(), `postkit-yt-${process.pid}-${name}.bin`);
  created.push(file);
  const cipher = createCipheriv("aes-256-ctr", Buffer.alloc(32, 7), Buffer.alloc(16, 1));
  const hash = createHash("sha256");
  const out = createWriteStream(file);
  const zeros = Buffer.alloc(4 * MiB);
  for (let written = 0; written < size; ) {
    const block = cipher.update(zeros.subarray(0, Math.min(zeros.length, size - written)));
    hash.update(block);
    written += block.length;
    if (!out.write(block)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return { file, sha256: hash.digest("hex") };
}

async function start(
  options: Parameters<typeof createYouTubeEmulator>[0] = {},
  wrap: (emulator: YouTubeEmulator) => PlatformEmulator = (emulator) => emulator,
) {
  const emulator = createYouTubeEmulator({ retainBytes: 0, ...options });
  const hub = createEmulatorHub(wrap(emulator));
  const server = await hub.listen();
  const raw = emulator.issueTokens();
  const tokens = {
    accessToken: raw.access_token,
    tokenType: "Bearer",
    refreshToken: raw.refresh_token,
    expiresAt: Date.now() + raw.expires_in * 1000,
    scopes: raw.scope.split(" "),
    raw: {},
  };
  const input = {
    baseUrls: server.baseUrls.youtube,
    clientId: emulator.client.clientId,
    clientSecret: emulator.client.clientSecret,
    redirectUri: emulator.redirectUri,
    account: accountOf(emulator),
    tokens,
  };
  return { emulator, hub, server, input };
}

const run = (input: object) =>
  runChild(fixture, { cwd: join(here, ".."), env: { YT_E2E: JSON.stringify(input) } });

describe("large uploads from a child process over the loopback emulator", () => {
  it("needs the built package", () => {
    expect(existsSync(dist), "build first: cd packages/youtube && npx tsup").toBe(true);
  });

  it("uploads 1 GiB with peak RSS growing by less than 100 MB, byte-exact", {
    timeout: 300_000,
  }, async () => {
    const size = 1024 * MiB;
    const { file, sha256 } = await generate(size, "1gib");
    const { emulator, server, input } = await start();
    try {
      const stateFile = `${file}.state.json`;
      created.push(stateFile);
      const { done } = run({ ...input, file, stateFile, chunkSize: 8 * MiB });
      const result = await done;
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as {
        videoId: string;
        maxRssBeforeKb: number;
        maxRssAfterKb: number;
      };
      const growthMb = rssGrowthMb(report.maxRssBeforeKb, report.maxRssAfterKb);
      console.log(`youtube 1 GiB: peak RSS grew ${growthMb.toFixed(1)} MB`);
      expect(growthMb).toBeLessThan(100);
      const videos = emulator.videos();
      expect(videos).toHaveLength(1);
      expect(videos[0]!.id).toBe(report.videoId);
      expect(videos[0]!.sink.size).toBe(size);
      expect(videos[0]!.sink.sha256()).toBe(sha256);
    } finally {
      await server.close();
    }
  });

  it("survives SIGKILL halfway: a new process resumes from the saved state", {
    timeout: 120_000,
  }, async () => {
    const size = 64 * MiB + 12_345;
    const { file, sha256 } = await generate(size, "kill");
    // The child is killed from inside the emulator, once the server has stored at least half the
    // file and before it answers that chunk: the child is waiting for the answer then, so where
    // it stops depends on the emulator's state, not on how fast either process runs.
    let kill: (() => void) | undefined;
    let killedAt = 0;
    // The Content-Range of every PUT after the kill: the resumed child's requests.
    const afterKill: (string | null)[] = [];
    const { emulator, server, input } = await start({}, (inner) => ({
      platform: inner.platform,
      defaultBaseUrls: inner.defaultBaseUrls,
      async handle(request, context) {
        if (killedAt > 0 && request.method === "PUT") afterKill.push(request.headers.get("content-range"));
        const response = await inner.handle(request, context);
        const received = inner.sessions()[0]?.sink.size ?? 0;
        if (kill && killedAt === 0 && received >= size / 2) {
          killedAt = received;
          kill();
        }
        return response;
      },
    }));
    try {
      const stateFile = `${file}.state.json`;
      created.push(stateFile);
      const first = run({ ...input, file, stateFile, chunkSize: MiB });
      kill = () => first.child.kill("SIGKILL");
      const killed = await first.done;
      expect(killedAt, killed.stderr).toBeGreaterThanOrEqual(size / 2);
      expect(killed.code).toBeNull();
      expect(emulator.videos()).toHaveLength(0);
      // Saved after the last chunk the child heard back about: the server has one more.
      const saved = JSON.parse(readFileSync(stateFile, "utf8")) as ResumeState;
      expect(saved.offset).toBe(killedAt - MiB);

      const second = await run({ ...input, file, stateFile, chunkSize: MiB, resume: true }).done;
      expect(second.code, second.stderr).toBe(0);
      const { videoId } = JSON.parse(second.stdout) as { videoId: string };
      expect(emulator.stats.sessionsStarted).toBe(1);
      // It asked the server first, and went on from the server's offset, not the saved one.
      expect(afterKill[0]).toBe(`bytes */${size}`);
      expect(afterKill[1]).toBe(`bytes ${killedAt}-${killedAt + MiB - 1}/${size}`);
      const videos = emulator.videos();
      expect(videos).toHaveLength(1);
      expect(videos[0]!.id).toBe(videoId);
      expect(videos[0]!.sink.size).toBe(size);
      expect(videos[0]!.sink.sha256()).toBe(sha256);
    } finally {
      await server.close();
    }
  });
});
