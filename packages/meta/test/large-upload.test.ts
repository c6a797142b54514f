// Page videos and Reels end to end over the loopback emulator with real fetch, from child processes
// running the built package (build first: `cd packages/meta && npx tsup`): 500 MB each with peak
// RSS growing by less than 100 MB, and an upload killed halfway that a new process resumes from
// the offset Meta reports, byte-exact.
import { createHash, createCipheriv } from "node:crypto";
import { createReadStream, existsSync, openSync, closeSync, writeSync, ftruncateSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createEmulatorHub,
  createMetaEmulator,
  type MetaEmulator,
  type PlatformEmulator,
} from "@postkit/testing";
import { afterAll, describe, expect, it } from "vitest";
import { runChild, rssGrowthMb } from "../../../.config/child-upload.js";
import { defaultFacebookScopes } from "../src/index.js";
import { clientFor, login } from "./support.js";

const MB = 1_000_000;
const here = fileURLToPath(new URL(".", import.meta.url));
const fixture = join(here, "fixtures", "upload-child.mjs");
const dist = join(here, "..", "dist", "index.js");
const created: string[] = [];
afterAll(() => {
  for (const file of created) rmSync(file, { force: true });
});

/**
 * A sparse file of `size` bytes: holes, with a 64 KiB block of pseudo-random bytes every 16 MB
 * and at the very end, so a misplaced or dropped range changes the hash. Returns the SHA-256.
 */
async function sparseFile(size: number, name: string): Promise<{ file: string; sha256: string }> {
  const file = join(tmpdir(), `postkit-meta-${process.pid}-${name}.bin`);
  created.push(file);
  const fd = openSync(file, "w");
  try {
    ftruncateSync(fd, size);
    const cipher = createCipheriv("aes-256-ctr", Buffer.alloc(32, 9), Buffer.alloc(16, 2));
    const block = 64 * 1024;
    const at = [];
    for (let offset = 0; offset + block < size; offset += 16 * MB) at.push(offset);
    at.push(size - block);
    for (const offset of at) writeSync(fd, cipher.update(Buffer.alloc(block)), 0, block, offset);
  } finally {
    closeSync(fd);
  }
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { file, sha256: hash.digest("hex") };
}

async function start(wrap: (emulator: MetaEmulator) => PlatformEmulator = (emulator) => emulator) {
  const emulator = createMetaEmulator({ retainBytes: 0, requireAppSecretProof: true });
  const hub = createEmulatorHub(wrap(emulator));
  const server = await hub.listen();
  const meta = clientFor(emulator, { baseUrls: server.baseUrls.meta });
  const { result } = await login(meta, fetch, defaultFacebookScopes);
  const page = result.accounts.find((connection) => connection.account.platform === "facebook")!;
  const input = {
    baseUrls: server.baseUrls.meta,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    redirectUri: emulator.redirectUri,
    connection: { account: page.account, credentials: page.credentials },
  };
  return { emulator, server, input };
}

const run = (input: object) =>
  runChild(fixture, { cwd: join(here, ".."), env: { META_E2E: JSON.stringify(input) } });

type Report = { videoId: string; outcome: string; maxRssBeforeKb: number; maxRssAfterKb: number };

describe("Page videos and Reels from a child process over the loopback emulator", () => {
  it("needs the built package", () => {
    expect(existsSync(dist), "build first: cd packages/meta && npx tsup").toBe(true);
  });

  for (const kind of ["video", "reel"] as const) {
    it(`uploads a 500 MB Page ${kind} with peak RSS growing by less than 100 MB, byte-exact`, {
      timeout: 300_000,
    }, async () => {
      const size = 500 * MB;
      const { file, sha256 } = await sparseFile(size, `500-${kind}`);
      const { emulator, server, input } = await start();
      try {
        const stateFile = `${file}.state.json`;
        created.push(stateFile);
        const result = await run({ ...input, kind, file, stateFile }).done;
        expect(result.code, result.stderr).toBe(0);
        const report = JSON.parse(result.stdout) as Report;
        const growthMb = rssGrowthMb(report.maxRssBeforeKb, report.maxRssAfterKb);
        console.log(`meta ${kind} 500 MB: peak RSS grew ${growthMb.toFixed(1)} MB`);
        expect(growthMb).toBeLessThan(100);
        expect(report.outcome).toBe("processing");
        const uploaded = emulator.uploadedBytes(report.videoId);
        expect(uploaded?.size).toBe(size);
        expect(uploaded?.sha256).toBe(sha256);
        expect(emulator.pageVideos().map((video) => [video.id, video.kind, video.finished])).toEqual([
          [report.videoId, kind, true],
        ]);
      } finally {
        await server.close();
      }
    });
  }

  for (const kind of ["video", "reel"] as const) {
    it(`a Page ${kind} killed halfway is resumed by a new process from the server's offset`, {
      timeout: 120_000,
    }, async () => {
      const size = 48 * MB + 12_345;
      const { file, sha256 } = await sparseFile(size, `kill-${kind}`);
      // The offsets of the upload requests after the kill: the resumed child's.
      const offsets: string[] = [];
      let killed = false;
      const { emulator, server, input } = await start((inner) => ({
        platform: inner.platform,
        defaultBaseUrls: inner.defaultBaseUrls,
        handle(request, context) {
          const offset = request.headers.get("offset") ?? request.headers.get("file_offset");
          if (killed && request.method === "POST" && offset !== null) offsets.push(offset);
          return inner.handle(request, context);
        },
      }));
      try {
        const stateFile = `${file}.state.json`;
        created.push(stateFile);
        const first = run({ ...input, kind, file, stateFile });
        // Killed from inside the emulator once it stored half the file, while the body streams in.
        let held = 0;
        const stop = emulator.watchUploads(({ received }) => {
          held = received;
          if (!killed && received >= size / 2) {
            killed = true;
            first.child.kill("SIGKILL");
          }
        });
        const gone = await first.done;
        stop();
        expect(killed, gone.stderr).toBe(true);
        expect(gone.code).toBeNull();
        expect(emulator.pageVideos().filter((video) => video.finished)).toHaveLength(0);
        expect(held).toBeGreaterThanOrEqual(size / 2);
        expect(held).toBeLessThan(size);

        const second = await run({ ...input, kind, file, stateFile, resume: true }).done;
        expect(second.code, second.stderr).toBe(0);
        const report = JSON.parse(second.stdout) as Report;
        // One request, from where the server stood (the saved state says 0; the server refuses
        // any offset but its own, and the bytes come out exact).
        expect(offsets).toHaveLength(1);
        expect(Number(offsets[0])).toBeGreaterThanOrEqual(size / 2);
        const uploaded = emulator.uploadedBytes(report.videoId);
        expect(uploaded?.size).toBe(size);
        expect(uploaded?.sha256).toBe(sha256);
        expect(
          emulator
            .pageVideos()
            .filter((video) => video.finished)
            .map((video) => video.id),
        ).toEqual([report.videoId]);
      } finally {
        await server.close();
      }
    });
  }
});
