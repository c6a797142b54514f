// Covered by the conformance suite instead (conformance.test.ts, fetch transport): uploads.dropped-connection.
import { ErrorCode, HttpError, PlatformError, type ResumeState, UploadError } from "@postkit/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { offsetFromContentRange } from "../src/index.js";
import { isTrustedUploadUrl } from "../src/upload.js";
import {
  directOptions,
  memorySource,
  pseudoRandomBytes,
  defaults,
  type Setup,
  setup,
  TRANSPORTS,
  sha256,
} from "./helpers.js";

let env: Setup;
afterEach(async () => env?.close());

const INIT = "/v2/post/publish/video/init/";
const SIZE = 16_000_000;
const CHUNK = 5_242_880; // → 3 chunks, the last 5,514,240 B
const bytes = pseudoRandomBytes(SIZE, 99);
const digest = sha256(bytes);
const put = { platform: "tiktok", role: "upload", method: "PUT" } as const;

async function post(env: Setup, extra: Record<string, unknown> = {}) {
  return env.tiktok.postVideo(env.connection(["video.publish"]), {
    source: memorySource(bytes),
    chunkSize: CHUNK,
    options: directOptions,
    ...extra,
  });
}

function expectExact(env: Setup, publishId: string) {
  expect(env.emulator.upload(publishId)).toMatchObject({ size: SIZE, sha256: digest });
  expect(env.hub.log.count({ path: INIT })).toBe(1);
}

describe.each(TRANSPORTS)("via %s", (transport) => {
  beforeAll(() => {
    defaults.transport = transport;
  });
  afterAll(() => {
    defaults.transport = "fetch";
  });

  describe("chunked upload", () => {
    it("PUTs the chunks in order with Content-Range and Content-Type, reading one chunk at a time", async () => {
      const seen: Array<{ range: string | null; type: string | null; length: number }> = [];
      const hooked: Array<{ range: string | null; status: number }> = [];
      env = await setup({
        spy: async (request) => {
          if (request.method !== "PUT") return;
          seen.push({
            range: request.headers.get("content-range"),
            type: request.headers.get("content-type"),
            length: (await request.arrayBuffer()).byteLength,
          });
        },
        // Hooks run for chunk PUTs too (on a request without the body).
        client: {
          hooks: {
            afterResponse: (request, response) => {
              if (request.method === "PUT") {
                hooked.push({ range: request.headers.get("content-range"), status: response.status });
              }
            },
          },
        },
      });
      const source = memorySource(bytes, "video/webm");
      const progress: number[] = [];
      const states: ResumeState[] = [];
      const started = await env.tiktok.postVideo(env.connection(["video.publish"]), {
        source,
        chunkSize: CHUNK,
        options: directOptions,
        onProgress: (event) => progress.push(event.bytesSent),
        onResumeState: (state) => void states.push(state),
      });
      expect(seen).toEqual([
        { range: "bytes 0-5242879/16000000", type: "video/webm", length: CHUNK },
        { range: "bytes 5242880-10485759/16000000", type: "video/webm", length: CHUNK },
        { range: "bytes 10485760-15999999/16000000", type: "video/webm", length: 5_514_240 },
      ]);
      expect(hooked).toEqual([
        { range: "bytes 0-5242879/16000000", status: 206 },
        { range: "bytes 5242880-10485759/16000000", status: 206 },
        { range: "bytes 10485760-15999999/16000000", status: 201 },
      ]);
      expect(source.reads).toEqual([
        [0, 5_242_880],
        [5_242_880, 10_485_760],
        [10_485_760, 16_000_000],
      ]);
      expect(progress).toEqual([5_242_880, 10_485_760, 16_000_000]);
      expect(states.map((state) => state.offset)).toEqual([0, 5_242_880, 10_485_760, 16_000_000]);
      expect(env.emulator.publish(started.publishId)).toMatchObject({
        totalChunkCount: 3,
        chunkSize: CHUNK,
        chunksAccepted: 3,
      });
      expectExact(env, started.publishId);
    });

    it("retries a chunk after 5xx responses and finishes byte-exact with one init", async () => {
      env = await setup();
      env.hub.faults.add({ ...put, after: 1, times: 2, status: 503 });
      const started = await post(env);
      expectExact(env, started.publishId);
      expect(env.hub.log.count(put)).toBe(5);
    });

    it("times out a stalled chunk PUT and retries it, never logging the upload token", async () => {
      const lines: string[] = [];
      const log = (message: string, fields?: unknown) =>
        void lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
      // The stall (10 s) is far beyond the time limit (2 s), which is itself far beyond what a
      // 5 MB PUT needs on a loaded machine: the outcome does not depend on the machine's speed.
      env = await setup({
        client: { uploadTimeoutMs: 2000, logger: { debug: log, info: log, warn: log, error: log } },
      });
      env.hub.faults.add({ ...put, after: 1, delayMs: 10_000 });
      const started = await post(env);
      expectExact(env, started.publishId);
      expect(lines.some((line) => line.includes("retrying"))).toBe(true);
      expect(lines.join("\n")).not.toMatch(/s3cr3t/);
    });

    // On fetch, conformance uploads.dropped-connection makes these assertions (same faults, byte-exact, one init).
    if (transport !== "fetch")
      it("retries a chunk after dropped connections (mid-body and before the response)", async () => {
        env = await setup();
        env.hub.faults.add({ ...put, after: 1, drop: "mid-body" });
        env.hub.faults.add({ ...put, after: 2, drop: "before-response" });
        const started = await post(env);
        expectExact(env, started.publishId);
      });

    it("resyncs from the Content-Range of a 416 and finishes byte-exact", async () => {
      env = await setup();
      // The second PUT is answered 416 saying only the first chunk arrived: resend chunk 2.
      env.hub.faults.add({
        ...put,
        after: 1,
        status: 416,
        headers: { "content-range": "bytes 0-5242879/16000000" },
      });
      const started = await post(env);
      expectExact(env, started.publishId);
      expect(env.emulator.publish(started.publishId)!.chunksAccepted).toBe(3);
    });

    it("bounds a server that alternates 416s sending the upload back: typed error within the budget", async () => {
      env = await setup();
      // Every other PUT is a 416 claiming only the first chunk arrived: no progress past chunk 2.
      env.hub.faults.add({
        ...put,
        after: 1,
        times: Number.POSITIVE_INFINITY,
        status: 416,
        headers: { "content-range": "bytes 0-5242879/16000000" },
      });
      const error = await post(env).catch((caught: unknown) => caught);
      expect(UploadError.isInstance(error)).toBe(true);
      expect((error as UploadError).resumeState).toMatchObject({ offset: CHUNK, totalBytes: SIZE });
      // The client's budget (3 retries): the first chunk, then 4 answers without progress.
      expect(env.hub.log.count(put)).toBe(5);
    });

    it("treats a 416 claiming every byte while bytes remain as an error, not completion", async () => {
      env = await setup();
      env.hub.faults.add({
        ...put,
        after: 1,
        status: 416,
        headers: { "content-range": "bytes 0-15999999/16000000" },
      });
      const error = await post(env).catch((caught: unknown) => caught);
      expect(UploadError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: ErrorCode.UPLOAD_INTERRUPTED, retryable: false });
      expect((error as UploadError).resumeState?.offset).toBe(CHUNK);
      expect((error as Error).message).toMatch(/claims 16000000 bytes, but only 10485760 were sent/);
      const publishId = (error as UploadError).resumeState!.ids.publishId!;
      expect(env.emulator.publish(publishId)!.chunksAccepted).toBe(1);
    });

    it("after retries run out, throws UploadError with a resume state that resumes byte-exact", async () => {
      env = await setup();
      env.hub.faults.add({ ...put, after: 1, times: Number.POSITIVE_INFINITY, status: 502 });
      const error = await post(env).catch((caught: unknown) => caught);
      expect(UploadError.isInstance(error)).toBe(true);
      const upload = error as UploadError;
      expect(upload).toMatchObject({ code: ErrorCode.UPLOAD_INTERRUPTED, retryable: true });
      expect(upload.resumeState).toMatchObject({
        platform: "tiktok",
        offset: CHUNK,
        totalBytes: SIZE,
        chunkSize: CHUNK,
      });
      // The upload URL (with its upload token) is readable but not printed with the error.
      expect(JSON.stringify(upload)).not.toContain("upload_token");
      expect(upload.message).not.toContain("upload");
      env.hub.faults.clear();
      const resumed = await env.tiktok.resumeUpload(
        env.connection(),
        JSON.parse(JSON.stringify(upload.resumeState)),
        {
          source: memorySource(bytes),
        },
      );
      expectExact(env, resumed.ids.publishId!);
    });

    it("aborts between chunks with the resume state, and resumes", async () => {
      env = await setup();
      const controller = new AbortController();
      const error = await post(env, {
        signal: controller.signal,
        onProgress: () => controller.abort(new Error("user cancelled")),
      }).catch((caught: unknown) => caught);
      expect(UploadError.isInstance(error) && error.resumeState?.offset).toBe(CHUNK);
      expect(env.hub.log.count(put)).toBe(1);
      const resumed = await env.tiktok.resumeUpload(env.connection(), (error as UploadError).resumeState!, {
        source: memorySource(bytes),
      });
      expectExact(env, resumed.ids.publishId!);
    });

    it.each(["inclusive", "byte-count"] as const)(
      "resumes after a crash from a stale saved state: the 416 resyncs it (Content-Range read as %s)",
      async (contentRangeReading) => {
        env = await setup({ emulator: { contentRangeReading } });
        const saved: ResumeState[] = [];
        const crash = new Error("process died");
        await expect(
          post(env, {
            onResumeState: (state: ResumeState) => {
              saved.push(state);
              if (state.offset === 2 * CHUNK) throw crash;
            },
          }),
        ).rejects.toBe(crash);
        // Another process, with a state one chunk behind the server.
        const fresh = env.client({ clock: { now: () => env.clock.now(), sleep: async () => {} } });
        const stale = saved.find((state) => state.offset === CHUNK)!;
        const resumed = await fresh.resumeUpload(env.connection(), stale, { source: memorySource(bytes) });
        expectExact(env, resumed.ids.publishId!);
        expect(
          env.hub.log
            .entries()
            .filter((entry) => entry.role === "upload")
            .map((entry) => entry.status),
        ).toEqual([206, 206, 416, 201]);
      },
    );

    it("stops with UPLOAD_SESSION_EXPIRED once the upload URL's hour is over (client clock)", async () => {
      env = await setup();
      const error = await post(env, { onProgress: () => env.clock.advance(3_600_000) }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ code: ErrorCode.UPLOAD_SESSION_EXPIRED, retryable: false });
      expect(env.hub.log.count(put)).toBe(1);
    });

    it("maps TikTok's 403 on an expired upload URL to UPLOAD_SESSION_EXPIRED (server clock)", async () => {
      env = await setup({
        client: { clock: { now: () => Date.UTC(2026, 0, 15, 12), sleep: async () => {} } },
      });
      const error = await post(env, { onProgress: () => env.clock.advance(3_600_000) }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ code: ErrorCode.UPLOAD_SESSION_EXPIRED });
      expect(
        env.hub.log
          .entries()
          .filter((entry) => entry.role === "upload")
          .map((entry) => entry.status),
      ).toEqual([206, 403]);
    });

    it("reports TikTok's 404 (no upload task for the URL) as a typed, non-retryable error", async () => {
      env = await setup();
      let first: ResumeState | undefined;
      await post(env, {
        onResumeState: (state: ResumeState) => {
          first ??= state;
        },
      });
      // A URL TikTok has no upload task for: the same upload id with another token.
      const url = new URL(first!.sessionUrl!);
      url.searchParams.set("upload_token", "unknown");
      const error = await env.tiktok
        .resumeUpload(env.connection(), { ...first!, sessionUrl: url.href }, { source: memorySource(bytes) })
        .catch((caught: unknown) => caught);
      expect(UploadError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: ErrorCode.UPLOAD_SESSION_EXPIRED, retryable: false });
      expect((error as UploadError).message).toMatch(/no upload task/);
      expect((error as UploadError).message).not.toMatch(/expired/);
      expect((error as UploadError).message).not.toContain("unknown");
      expect(
        env.hub.log
          .entries()
          .filter((entry) => entry.role === "upload")
          .map((entry) => entry.status),
      ).toEqual([206, 206, 201, 404]);
    });

    it("never repeats an init: a 5xx on init is thrown after one call", async () => {
      env = await setup();
      env.hub.faults.add({
        platform: "tiktok",
        path: INIT,
        status: 500,
        body: { data: {}, error: { code: "internal_error", message: "boom", log_id: "x" } },
      });
      const error = await post(env).catch((caught: unknown) => caught);
      expect(PlatformError.isInstance(error) && error.platformCode).toBe("internal_error");
      expect((error as PlatformError).retryable).toBe(true);
      expect(env.hub.log.count({ path: INIT })).toBe(1);
      env.hub.faults.add({ platform: "tiktok", path: INIT, drop: "before-response" });
      await expect(post(env)).rejects.toMatchObject({ code: ErrorCode.NETWORK_ERROR });
      expect(env.hub.log.count({ path: INIT })).toBe(2);
      env.hub.faults.add({ platform: "tiktok", path: INIT, status: 502 });
      await expect(post(env)).rejects.toSatisfy(HttpError.isInstance);
      expect(env.hub.log.count({ path: INIT })).toBe(3);
    });

    it("rejects a resume state that is not TikTok's, or a source of another size", async () => {
      env = await setup();
      await expect(
        env.tiktok.resumeUpload(
          env.connection(),
          { version: 1, platform: "youtube", ids: {}, offset: 0, totalBytes: 1 },
          { source: memorySource(bytes) },
        ),
      ).rejects.toMatchObject({ code: ErrorCode.INVALID_INPUT });
      let saved: ResumeState | undefined;
      await post(env, {
        onResumeState: (state: ResumeState) => {
          saved ??= state;
        },
      });
      await expect(
        env.tiktok.resumeUpload(env.connection(), saved!, { source: memorySource(bytes.subarray(1)) }),
      ).rejects.toMatchObject({
        code: ErrorCode.INVALID_INPUT,
      });
    });

    it("refuses a resume state whose upload URL is not TikTok's upload host or the upload base, before any PUT", async () => {
      const sent: string[] = [];
      env = await setup({ spy: (request) => void sent.push(new URL(request.url).host) });
      let saved: ResumeState | undefined;
      const controller = new AbortController();
      await post(env, {
        signal: controller.signal,
        onResumeState: (state: ResumeState) => {
          saved ??= state;
          controller.abort();
        },
      }).catch(() => undefined);
      const genuine = new URL(saved!.sessionUrl!);
      const query = genuine.search;
      const puts = () => env.hub.log.entries().filter((entry) => entry.method === "PUT").length;
      const before = { puts: puts(), sent: sent.length };
      for (const sessionUrl of [
        `https://evil.example/video/${query}`,
        `http://open-upload.tiktokapis.com/video/${query}`, // not https
        `https://open-upload.tiktokapis.com.evil.example/video/${query}`,
        `https://user:pw@open-upload.tiktokapis.com/video/${query}`,
        `http://127.0.0.1:1/video/${query}`, // loopback, but not the configured base
      ]) {
        const error = await env.tiktok
          .resumeUpload(env.connection(), { ...saved!, sessionUrl }, { source: memorySource(bytes) })
          .catch((caught: unknown) => caught);
        expect(error, sessionUrl).toMatchObject({ code: ErrorCode.INVALID_INPUT });
        expect((error as { issues?: unknown }).issues).toEqual([
          expect.objectContaining({ path: ["sessionUrl"] }),
        ]);
        expect((error as Error).message).not.toContain("upload_token");
      }
      expect({ puts: puts(), sent: sent.length }).toEqual(before);
      // The genuine state still resumes to the end.
      const started = await env.tiktok.resumeUpload(env.connection(), saved!, {
        source: memorySource(bytes),
      });
      expectExact(env, started.ids.publishId!);
    });
  });
});

describe("isTrustedUploadUrl", () => {
  it("trusts https on tiktokapis.com hosts and the configured upload base's origin only", () => {
    const real = "https://open-upload.tiktokapis.com";
    const loopback = "http://127.0.0.1:4010/tiktok/upload";
    expect(
      isTrustedUploadUrl("https://open-upload.tiktokapis.com/video/?upload_id=1&upload_token=t", real),
    ).toBe(true);
    expect(isTrustedUploadUrl("https://upload.us.tiktokapis.com/video/?upload_id=1", real)).toBe(true);
    expect(isTrustedUploadUrl("http://127.0.0.1:4010/tiktok/upload/video/?upload_id=1", loopback)).toBe(true);
    expect(isTrustedUploadUrl("http://127.0.0.1:4011/tiktok/upload/video/?upload_id=1", loopback)).toBe(
      false,
    );
    expect(isTrustedUploadUrl("http://open-upload.tiktokapis.com/video/", real)).toBe(false);
    expect(isTrustedUploadUrl("https://tiktokapis.com.evil.example/video/", real)).toBe(false);
    expect(isTrustedUploadUrl("https://evil.example/video/", real)).toBe(false);
    expect(isTrustedUploadUrl("video/?upload_id=1", real)).toBe(false);
  });
});

describe("offsetFromContentRange", () => {
  const plan = { videoSize: 30_000_000, chunkSize: 10_000_000, totalChunkCount: 3 };
  it("reads the HTTP (inclusive) and the byte-count readings, whichever lands on a boundary", () => {
    expect(offsetFromContentRange("bytes 0-9999999/30000000", plan)).toBe(10_000_000);
    expect(offsetFromContentRange("bytes 0-10000000/30000000", plan)).toBe(10_000_000);
    expect(offsetFromContentRange("bytes */30000000", plan)).toBe(0);
    expect(offsetFromContentRange("bytes 0-0/30000000", plan)).toBe(0);
    expect(offsetFromContentRange("bytes 0-30000000/30000000", plan)).toBe(30_000_000);
    expect(offsetFromContentRange("bytes 0-29999999/30000000", plan)).toBe(30_000_000);
    expect(offsetFromContentRange("bytes 0-12345/30000000", plan)).toBeUndefined();
    expect(offsetFromContentRange("bytes 0-9999999/1", plan)).toBeUndefined();
    expect(offsetFromContentRange(null, plan)).toBeUndefined();
  });
});
