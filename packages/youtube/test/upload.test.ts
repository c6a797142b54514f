import {
  ErrorCode,
  OAuthError,
  PostkitError,
  RateLimitError,
  SourceError,
  type ResumeState,
  type RetryAttempt,
  UploadError,
  ValidationError,
} from "@postkit/core";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { hasReason, reasonOf, YouTubeApiError, YouTubeErrorReason } from "../src/index.js";
import { isTrustedSessionUrl } from "../src/resumable-upload.js";
import {
  bytesSource,
  CHUNK,
  createClock,
  createEmulatorHub,
  createYouTubeEmulator,
  pseudoRandomBytes,
  setup,
  sha256,
  connectionFrom,
  sourceConnection,
  defaults,
  TRANSPORTS,
  clientFor,
} from "./support.js";

const metadata = { title: "Upload test", privacyStatus: "private" as const };
const SIZE = 3 * CHUNK + 12_345; // four chunks of 256 KiB, the last one short

async function expectExact(
  emulator: ReturnType<typeof setup>["emulator"],
  bytes: Uint8Array,
  videoId: string,
) {
  const videos = emulator.videos();
  expect(videos).toHaveLength(1);
  expect(videos[0]!.id).toBe(videoId);
  expect(videos[0]!.sink.size).toBe(bytes.byteLength);
  expect(videos[0]!.sink.sha256()).toBe(await sha256(bytes));
}

for (const transport of TRANSPORTS) {
  describe(`via ${transport}`, () => {
    beforeAll(() => {
      defaults.transport = transport;
    });

    describe("resumable upload", () => {
      it("starts a session with the headers and metadata, PUTs 256 KiB multiples, reports progress and resume states", async () => {
        const { youtube, emulator, hub } = setup();
        const bytes = pseudoRandomBytes(SIZE);
        const progress: number[] = [];
        const states: ResumeState[] = [];
        const video = await youtube.publishVideo(connectionFrom(emulator), {
          source: bytesSource(bytes),
          options: { ...metadata, tags: ["a b"], categoryId: "22" },
          chunkSize: CHUNK,
          onProgress: (p) => progress.push(p.bytesSent),
          onResumeState: (state) => void states.push(state),
        });
        expect(video).toMatchObject({ platform: "youtube", outcome: "processing" });
        expect(emulator.video(video.ids.videoId!)!.status).toMatchObject({
          uploadStatus: "uploaded",
          privacyStatus: "private",
        });
        await expectExact(emulator, bytes, video.ids.videoId!);
        const session = emulator.sessions()[0]!;
        expect(session.contentType).toBe("video/mp4");
        expect(session.totalBytes).toBe(SIZE);
        expect(session.resource.snippet).toMatchObject({
          title: "Upload test",
          tags: ["a b"],
          categoryId: "22",
        });
        expect(progress).toEqual([CHUNK, 2 * CHUNK, 3 * CHUNK, SIZE]);
        expect(states.map((s) => s.offset)).toEqual([0, CHUNK, 2 * CHUNK, 3 * CHUNK]);
        expect(states[0]).toMatchObject({
          platform: "youtube",
          totalBytes: SIZE,
          chunkSize: CHUNK,
          version: 1,
        });
        expect(JSON.parse(JSON.stringify(states[1]))).toEqual(states[1]);
        expect(
          hub.log.count({ platform: "youtube", method: "POST", path: "/upload/youtube/v3/videos" }),
        ).toBe(1);
        expect(hub.log.count({ platform: "youtube", method: "PUT", path: "/upload/youtube/v3/videos" })).toBe(
          4,
        );
      });

      it("uploads in a single streamed request", async () => {
        const { youtube, emulator, hub } = setup();
        const bytes = pseudoRandomBytes(SIZE, 7);
        const video = await youtube.publishVideo(connectionFrom(emulator), {
          source: bytesSource(bytes),
          options: metadata,
          mode: "single",
        });
        await expectExact(emulator, bytes, video.ids.videoId!);
        expect(hub.log.count({ platform: "youtube", method: "PUT" })).toBe(1);
      });

      it("trusts Range when the server keeps only part of a chunk", async () => {
        const { youtube, emulator } = setup({ maxBytesPerPut: CHUNK });
        const bytes = pseudoRandomBytes(SIZE, 3);
        const source = bytesSource(bytes);
        const video = await youtube.publishVideo(connectionFrom(emulator), {
          source,
          options: metadata,
          chunkSize: 2 * CHUNK,
        });
        await expectExact(emulator, bytes, video.ids.videoId!);
        // The 512 KiB chunks are cut to 256 KiB by the server; the final (short) chunk is kept whole.
        expect(source.reads.map(([start]) => start)).toEqual([0, CHUNK, 2 * CHUNK]);
      });

      it("switches to a new Location handed out on a 308", async () => {
        const { youtube, emulator } = setup({ newLocationEvery: 1 });
        const bytes = pseudoRandomBytes(SIZE, 4);
        const states: ResumeState[] = [];
        const video = await youtube.publishVideo(connectionFrom(emulator), {
          source: bytesSource(bytes),
          options: metadata,
          chunkSize: CHUNK,
          onResumeState: (s) => void states.push(s),
        });
        await expectExact(emulator, bytes, video.ids.videoId!);
        expect(new Set(states.map((s) => s.sessionUrl)).size).toBe(4);
      });

      it("retries a 503 after exactly the server's Retry-After, probes with bytes */TOTAL and ends byte-exact", async () => {
        const { youtube, emulator, hub } = setup();
        hub.faults.add({
          platform: "youtube",
          role: "api",
          method: "PUT",
          after: 1,
          times: 2,
          status: 503,
          retryAfterSeconds: 0,
        });
        const bytes = pseudoRandomBytes(SIZE, 5);
        const retries: RetryAttempt[] = [];
        const video = await youtube.publishVideo(connectionFrom(emulator), {
          source: bytesSource(bytes),
          options: metadata,
          chunkSize: CHUNK,
          // The backoff would be 5 ms: a wait of 0 can only come from Retry-After.
          retry: { minDelayMs: 5, maxDelayMs: 5, jitter: false },
          onRetry: (retry) => retries.push(retry),
        });
        await expectExact(emulator, bytes, video.ids.videoId!);
        expect(retries.map((r) => [r.attempt, r.delayMs])).toEqual([
          [1, 0],
          [2, 0],
        ]);
        expect(emulator.stats.probes).toBeGreaterThanOrEqual(1);
      });

      it("stops at once, with a resume state, when Retry-After is longer than maxRetryAfterMs", async () => {
        const { youtube, emulator, hub } = setup();
        hub.faults.add({
          platform: "youtube",
          method: "PUT",
          after: 1,
          status: 503,
          retryAfterSeconds: 3600,
        });
        const retries: RetryAttempt[] = [];
        const error = await youtube
          .publishVideo(connectionFrom(emulator), {
            source: bytesSource(pseudoRandomBytes(SIZE, 5)),
            options: metadata,
            chunkSize: CHUNK,
            retry: { maxRetryAfterMs: 1000 },
            onRetry: (retry) => retries.push(retry),
          })
          .catch((e: unknown) => e);
        expect(UploadError.isInstance(error) && error.code).toBe(ErrorCode.UPLOAD_INTERRUPTED);
        expect((error as UploadError).resumeState?.offset).toBe(CHUNK);
        expect(retries).toEqual([]);
      });

      it("retries a 429 on a chunk PUT, then ends byte-exact", async () => {
        const { youtube, emulator, hub } = setup();
        hub.faults.add({ platform: "youtube", method: "PUT", after: 1, status: 429 });
        const bytes = pseudoRandomBytes(SIZE, 14);
        const retries: RetryAttempt[] = [];
        const video = await youtube.publishVideo(connectionFrom(emulator), {
          source: bytesSource(bytes),
          options: metadata,
          chunkSize: CHUNK,
          onRetry: (retry) => retries.push(retry),
        });
        await expectExact(emulator, bytes, video.ids.videoId!);
        expect(retries).toHaveLength(1);
        expect(RateLimitError.isInstance(retries[0]!.error) && retries[0]!.error.status).toBe(429);
        expect(emulator.stats.probes).toBe(1);
      });

      it.each([
        ["quotaExceeded", 403, "youtube.quota"],
        ["uploadLimitExceeded", 400, "youtube.video"],
      ] as const)(
        "stops at %s on a chunk PUT after one attempt, with a resume state and the reason as cause",
        async (reason, status, domain) => {
          const { youtube, emulator, hub } = setup();
          hub.faults.add({
            platform: "youtube",
            method: "PUT",
            after: 1,
            status,
            body: { error: { code: status, message: reason, errors: [{ reason, domain, message: reason }] } },
          });
          const bytes = pseudoRandomBytes(SIZE, 15);
          const tokens = connectionFrom(emulator);
          const retries: RetryAttempt[] = [];
          const error = await youtube
            .publishVideo(tokens, {
              source: bytesSource(bytes),
              options: metadata,
              chunkSize: CHUNK,
              onRetry: (retry) => retries.push(retry),
            })
            .catch((e: unknown) => e);
          expect(UploadError.isInstance(error)).toBe(true);
          const upload = error as UploadError;
          expect(upload.code).toBe(ErrorCode.UPLOAD_INTERRUPTED);
          expect(upload.retryable).toBe(false);
          expect(upload.resumeState?.offset).toBe(CHUNK);
          expect(YouTubeApiError.isInstance(upload.cause) && upload.cause.reason).toBe(reason);
          expect(reasonOf(upload)).toBe(reason);
          expect(hasReason(upload, reason)).toBe(true);
          // The chunk was sent once: no retry, no probe.
          expect(hub.log.count({ platform: "youtube", method: "PUT" })).toBe(2);
          expect(emulator.stats.probes).toBe(0);
          expect(retries).toEqual([]);
          // The session is still there: the upload resumes from the state in the error.
          const video = await youtube.resumeUpload(tokens, upload.resumeState!, {
            source: bytesSource(bytes),
          });
          await expectExact(emulator, bytes, video.ids.videoId!);
          expect(emulator.stats.sessionsStarted).toBe(1);
        },
      );

      it("reports a 410 on a chunk PUT as UPLOAD_SESSION_EXPIRED, without retrying", async () => {
        const { youtube, emulator, hub } = setup();
        hub.faults.add({ platform: "youtube", method: "PUT", after: 1, status: 410 });
        const error = await youtube
          .publishVideo(connectionFrom(emulator), {
            source: bytesSource(pseudoRandomBytes(SIZE, 16)),
            options: metadata,
            chunkSize: CHUNK,
          })
          .catch((e: unknown) => e);
        expect(UploadError.isInstance(error) && error.code).toBe(ErrorCode.UPLOAD_SESSION_EXPIRED);
        expect((error as UploadError).resumeState).toBeUndefined();
        expect(hub.log.count({ platform: "youtube", method: "PUT" })).toBe(2);
      });

      it.each([
        ["a 308 without Range", {}],
        ["a 308 with an unchanged Range", { range: `bytes=0-${CHUNK - 1}` }],
      ] as const)("counts %s as a failure and gives up after the retry budget", async (_name, headers) => {
        const { youtube, emulator, hub } = setup();
        hub.faults.add({ platform: "youtube", method: "PUT", after: 1, times: 300, status: 308, headers });
        const retries: RetryAttempt[] = [];
        const error = await youtube
          .publishVideo(connectionFrom(emulator), {
            source: bytesSource(pseudoRandomBytes(SIZE, 17)),
            options: metadata,
            chunkSize: CHUNK,
            retry: { retries: 2 },
            onRetry: (retry) => retries.push(retry),
          })
          .catch((e: unknown) => e);
        expect(UploadError.isInstance(error) && error.code).toBe(ErrorCode.UPLOAD_INTERRUPTED);
        expect((error as UploadError).resumeState).toBeDefined();
        // One good chunk, then three that moved nothing: the third is over the budget of 2.
        expect(hub.log.count({ platform: "youtube", method: "PUT" })).toBe(4);
        expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
      });

      it("lets a timer abort the upload while the server keeps answering 308 without progress", async () => {
        const { youtube, emulator, hub } = setup();
        hub.faults.add({
          platform: "youtube",
          method: "PUT",
          after: 1,
          times: Number.POSITIVE_INFINITY,
          status: 308,
        });
        const controller = new AbortController();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const error = await youtube
          .publishVideo(connectionFrom(emulator), {
            source: bytesSource(pseudoRandomBytes(SIZE, 18)),
            options: metadata,
            chunkSize: CHUNK,
            signal: controller.signal,
            // No budget and no backoff: only the abort can end it.
            retry: { retries: 1_000_000, minDelayMs: 0, maxDelayMs: 0 },
            // Armed once the endless 308s have begun.
            onRetry: () => {
              timer ??= setTimeout(() => controller.abort(new Error("user cancelled")), 5);
            },
          })
          .catch((e: unknown) => e)
          .finally(() => clearTimeout(timer));
        expect(UploadError.isInstance(error) && error.code).toBe(ErrorCode.UPLOAD_INTERRUPTED);
        expect((error as UploadError).resumeState).toBeDefined();
        expect((error as UploadError).message).toMatch(/aborted/);
      });

      it("yields to timers between chunks, so an abort scheduled mid-upload stops it", async () => {
        const { youtube, emulator } = setup();
        const controller = new AbortController();
        const bytes = pseudoRandomBytes(SIZE, 19);
        const error = await youtube
          .publishVideo(connectionFrom(emulator), {
            source: bytesSource(bytes),
            options: metadata,
            chunkSize: CHUNK,
            signal: controller.signal,
            onProgress: (p) => {
              if (p.bytesSent === CHUNK) setTimeout(() => controller.abort(new Error("timer")), 0);
            },
          })
          .catch((e: unknown) => e);
        expect(UploadError.isInstance(error) && error.code).toBe(ErrorCode.UPLOAD_INTERRUPTED);
        expect((error as UploadError).resumeState?.offset).toBeLessThan(SIZE);
        expect(emulator.videos()).toHaveLength(0);
      });

      it.each([
        ["a 503", { status: 503 }, ErrorCode.HTTP_ERROR],
        ["a dropped connection", { drop: "before-response" as const }, ErrorCode.NETWORK_ERROR],
      ])(
        "does not repeat a session start that failed with %s, and says a new upload is safe",
        async (_name, fault, code) => {
          const { youtube, emulator, hub } = setup();
          hub.faults.add({
            platform: "youtube",
            method: "POST",
            path: "/upload/youtube/v3/videos",
            ...fault,
          });
          const bytes = pseudoRandomBytes(SIZE, 20);
          const tokens = connectionFrom(emulator);
          const error = await youtube
            .publishVideo(tokens, { source: bytesSource(bytes), options: metadata, chunkSize: CHUNK })
            .catch((e: unknown) => e);
          expect(UploadError.isInstance(error)).toBe(true);
          const upload = error as UploadError;
          expect(upload.code).toBe(ErrorCode.UPLOAD_INTERRUPTED);
          expect(upload.retryable).toBe(true);
          expect(upload.next).toBe("after-delay");
          expect(upload.resumeState).toBeUndefined();
          expect(upload.hint).toMatch(/No session URI came back/);
          expect(upload.hint).toMatch(/starting the upload again is safe/);
          expect(PostkitError.isInstance(upload.cause) && upload.cause.code).toBe(code);
          expect(hub.log.count({ platform: "youtube", method: "POST" })).toBe(1);
          expect(hub.log.count({ platform: "youtube", method: "PUT" })).toBe(0);
          const video = await youtube.publishVideo(tokens, {
            source: bytesSource(bytes),
            options: metadata,
            chunkSize: CHUNK,
          });
          await expectExact(emulator, bytes, video.ids.videoId!);
          expect(emulator.stats.sessionsStarted).toBe(1);
        },
      );

      it.each(["mid-body", "before-response"] as const)(
        "recovers from a connection dropped %s",
        async (drop) => {
          const { youtube, emulator, hub } = setup();
          hub.faults.add({ platform: "youtube", role: "api", method: "PUT", after: 2, times: 1, drop });
          const bytes = pseudoRandomBytes(SIZE, 6);
          const video = await youtube.publishVideo(connectionFrom(emulator), {
            source: bytesSource(bytes),
            options: metadata,
            chunkSize: CHUNK,
          });
          await expectExact(emulator, bytes, video.ids.videoId!);
          expect(emulator.stats.probes).toBe(1);
          expect(emulator.stats.sessionsStarted).toBe(1);
        },
      );

      it("starts over from 0 on a 308 without Range and still ends byte-exact", async () => {
        const { youtube, emulator, hub } = setup();
        hub.faults.add({ platform: "youtube", role: "api", method: "PUT", after: 2, times: 1, status: 308 });
        const bytes = pseudoRandomBytes(SIZE, 8);
        const source = bytesSource(bytes);
        const video = await youtube.publishVideo(connectionFrom(emulator), {
          source,
          options: metadata,
          chunkSize: CHUNK,
        });
        await expectExact(emulator, bytes, video.ids.videoId!);
        expect(source.reads.filter(([start]) => start === 0)).toHaveLength(2);
      });

      it("retries rate-limit 403s but never quotaExceeded or uploadLimitExceeded", async () => {
        const { youtube, emulator, hub } = setup();
        hub.faults.add({
          platform: "youtube",
          method: "PUT",
          after: 1,
          status: 403,
          body: {
            error: {
              code: 403,
              message: "Rate",
              errors: [{ reason: "rateLimitExceeded", domain: "usageLimits", message: "Rate" }],
            },
          },
        });
        const bytes = pseudoRandomBytes(SIZE, 9);
        const video = await youtube.publishVideo(connectionFrom(emulator), {
          source: bytesSource(bytes),
          options: metadata,
          chunkSize: CHUNK,
        });
        await expectExact(emulator, bytes, video.ids.videoId!);

        const quota = setup({ quotaLimit: 99 });
        const error = await quota.youtube
          .publishVideo(connectionFrom(quota.emulator), { source: bytesSource(bytes), options: metadata })
          .catch((e: unknown) => e);
        expect(hasReason(error, YouTubeErrorReason.quotaExceeded)).toBe(true);
        expect((error as { retryable: boolean }).retryable).toBe(false);
        expect(quota.hub.log.count({ platform: "youtube" })).toBe(1);

        const limited = setup({ uploadLimit: 0 });
        const limit = await limited.youtube
          .publishVideo(connectionFrom(limited.emulator), { source: bytesSource(bytes), options: metadata })
          .catch((e: unknown) => e);
        expect(hasReason(limit, YouTubeErrorReason.uploadLimitExceeded)).toBe(true);
        expect(limited.hub.log.count({ platform: "youtube" })).toBe(1);
      });

      it("refreshes an access token that expires mid-upload without restarting", async () => {
        const { youtube, emulator, hub } = setup();
        const manager = connectionFrom(emulator); // plain tokens: the client renews them
        const bytes = pseudoRandomBytes(SIZE, 10);
        let expired = false;
        const video = await youtube.publishVideo(manager, {
          source: bytesSource(bytes),
          options: metadata,
          chunkSize: CHUNK,
          onProgress: () => {
            if (!expired) {
              expired = true;
              emulator.expireAccessTokens();
            }
          },
        });
        await expectExact(emulator, bytes, video.ids.videoId!);
        expect(emulator.stats.refreshes).toBe(1);
        expect(emulator.stats.sessionsStarted).toBe(1);
        expect(hub.log.entries().filter((e) => e.method === "PUT" && e.status === 401)).toHaveLength(1);
      });

      it("refreshes once when the session start is refused with 401, and opens one session", async () => {
        const { youtube, emulator, hub } = setup();
        const manager = connectionFrom(emulator); // plain tokens: the client renews them
        // The app believes its token is valid; YouTube no longer accepts it.
        emulator.expireAccessTokens();
        const bytes = pseudoRandomBytes(SIZE, 12);
        const video = await youtube.publishVideo(manager, {
          source: bytesSource(bytes),
          options: metadata,
          chunkSize: CHUNK,
        });
        await expectExact(emulator, bytes, video.ids.videoId!);
        expect(emulator.stats.refreshes).toBe(1);
        expect(emulator.stats.sessionsStarted).toBe(1);
        expect(hub.log.entries().filter((e) => e.method === "POST" && e.status === 401)).toHaveLength(1);
      });

      it("gives up after the retry budget with a resume state, then resumes to byte-exact", async () => {
        const { youtube, emulator, hub } = setup();
        hub.faults.add({ platform: "youtube", method: "PUT", after: 1, times: 3, status: 500 });
        const bytes = pseudoRandomBytes(SIZE, 11);
        const tokens = connectionFrom(emulator);
        const error = await youtube
          .publishVideo(tokens, {
            source: bytesSource(bytes),
            options: metadata,
            chunkSize: CHUNK,
            retry: { retries: 2, minDelayMs: 1 },
          })
          .catch((e: unknown) => e);
        expect(UploadError.isInstance(error)).toBe(true);
        const upload = error as UploadError;
        expect(upload.code).toBe(ErrorCode.UPLOAD_INTERRUPTED);
        expect(upload.resumeState?.offset).toBe(CHUNK);
        const saved = JSON.parse(JSON.stringify(upload.resumeState)) as ResumeState;
        const video = await youtube.resumeUpload(tokens, saved, { source: bytesSource(bytes) });
        await expectExact(emulator, bytes, video.ids.videoId!);
        expect(emulator.stats.sessionsStarted).toBe(1);
      });

      it("reports a source that fails mid-upload as a SourceError with the resume state, and resumes", async () => {
        const { youtube, emulator } = setup();
        const bytes = pseudoRandomBytes(SIZE, 29);
        const good = bytesSource(bytes);
        const failing = {
          ...good,
          async read(start: number, end: number) {
            if (start >= 2 * CHUNK) throw new Error("disk unplugged");
            return good.read(start, end);
          },
        };
        const error = await youtube
          .publishVideo(connectionFrom(emulator), { source: failing, options: metadata, chunkSize: CHUNK })
          .catch((e: unknown) => e);
        expect(SourceError.isInstance(error) && error.code).toBe(ErrorCode.SOURCE_UNREADABLE);
        const state = (error as SourceError).resumeState!;
        expect(state.offset).toBe(2 * CHUNK);
        const video = await youtube.resumeUpload(connectionFrom(emulator), state, {
          source: bytesSource(bytes),
        });
        await expectExact(emulator, bytes, video.ids.videoId!);
      });

      it("aborts with a resume state", async () => {
        const { youtube, emulator } = setup();
        const controller = new AbortController();
        const bytes = pseudoRandomBytes(SIZE, 12);
        const error = await youtube
          .publishVideo(connectionFrom(emulator), {
            source: bytesSource(bytes),
            options: metadata,
            chunkSize: CHUNK,
            signal: controller.signal,
            onProgress: (p) => {
              if (p.bytesSent >= 2 * CHUNK) controller.abort(new Error("user cancelled"));
            },
          })
          .catch((e: unknown) => e);
        expect(UploadError.isInstance(error)).toBe(true);
        expect((error as UploadError).resumeState?.offset).toBe(2 * CHUNK);
        const video = await youtube.resumeUpload(
          connectionFrom(emulator),
          (error as UploadError).resumeState!,
          {
            source: bytesSource(bytes),
          },
        );
        await expectExact(emulator, bytes, video.ids.videoId!);
      });

      it("reports an expired session as UPLOAD_SESSION_EXPIRED", async () => {
        const clock = createClock(Date.UTC(2026, 0, 1));
        const { youtube, emulator } = setup({ clock, sessionTtlMs: 60_000 });
        let state: ResumeState | undefined;
        const controller = new AbortController();
        const bytes = pseudoRandomBytes(SIZE, 13);
        const tokens = connectionFrom(emulator);
        await youtube
          .publishVideo(tokens, {
            source: bytesSource(bytes),
            options: metadata,
            chunkSize: CHUNK,
            signal: controller.signal,
            onResumeState: (s) => {
              state = s;
              if (s.offset > 0) controller.abort();
            },
          })
          .catch(() => undefined);
        clock.advance(60_001);
        const error = await youtube
          .resumeUpload(tokens, state!, { source: bytesSource(bytes) })
          .catch((e: unknown) => e);
        expect(UploadError.isInstance(error)).toBe(true);
        expect((error as UploadError).code).toBe(ErrorCode.UPLOAD_SESSION_EXPIRED);
        expect((error as UploadError).resumeState).toBeUndefined();
        expect((error as UploadError).hint).toMatch(/new upload/);
      });

      it("validates chunk size, content type, retry policy, size and the resume state before any request", async () => {
        const { youtube, emulator, hub } = setup();
        const tokens = connectionFrom(emulator);
        const source = bytesSource(pseudoRandomBytes(1000));
        for (const bad of [
          youtube.publishVideo(tokens, { source, options: metadata, chunkSize: 100_000 }),
          youtube.publishVideo(tokens, { source, options: metadata, contentType: "image/png" }),
          youtube.publishVideo(tokens, { source, options: metadata, retry: { retries: -1 } }),
          youtube.publishVideo(tokens, { source: bytesSource(new Uint8Array(0)), options: metadata }),
          youtube.resumeUpload(
            tokens,
            { version: 1, platform: "tiktok", ids: {}, offset: 0, totalBytes: 1000 },
            { source },
          ),
          youtube.resumeUpload(
            tokens,
            {
              version: 1,
              platform: "youtube",
              sessionUrl: "https://www.googleapis.com/x",
              ids: {},
              offset: 0,
              totalBytes: 999,
            },
            { source },
          ),
        ]) {
          await expect(bad).rejects.toSatisfy((e: unknown) => ValidationError.isInstance(e));
        }
        expect(hub.log.count({ platform: "youtube" })).toBe(0);
      });
    });
  });
}

describe("where the access token may go", () => {
  beforeAll(() => {
    defaults.transport = "fetch";
  });

  /** A client on the emulator whose fetch records every request's host and Authorization header. */
  function recording() {
    const { emulator, hub } = setup();
    const seen: { host: string; auth: string | null }[] = [];
    const youtube = clientFor(emulator, {
      retry: { minDelayMs: 1, maxDelayMs: 2 },
      fetch: async (input, init) => {
        const request = new Request(input, init);
        seen.push({ host: new URL(request.url).host, auth: request.headers.get("authorization") });
        if (new URL(request.url).host === "evil.example") return new Response(null, { status: 404 });
        return hub.fetch(request);
      },
    });
    return { emulator, hub, youtube, seen };
  }

  const tampered = (sessionUrl: string): ResumeState => ({
    version: 1,
    platform: "youtube",
    sessionUrl,
    ids: {},
    offset: 0,
    totalBytes: CHUNK,
    chunkSize: CHUNK,
    extra: { contentType: "video/mp4" },
  });

  it("refuses a resume state whose session URI is on another host, before any request", async () => {
    const { youtube, emulator, seen } = recording();
    for (const sessionUrl of [
      "https://evil.example/collect?upload_id=x",
      "http://www.googleapis.com/upload/youtube/v3/videos?upload_id=x", // not https
      "https://www.googleapis.com.evil.example/upload?upload_id=x",
      "https://user:pw@www.googleapis.com/upload?upload_id=x",
      "/upload/youtube/v3/videos?upload_id=x", // not absolute
    ]) {
      const error = await youtube
        .resumeUpload(connectionFrom(emulator), tampered(sessionUrl), {
          source: bytesSource(pseudoRandomBytes(CHUNK)),
        })
        .catch((e: unknown) => e);
      expect(ValidationError.isInstance(error), sessionUrl).toBe(true);
      expect((error as ValidationError).issues[0]?.path).toEqual(["sessionUrl"]);
      expect((error as Error).message).not.toContain("collect");
    }
    expect(seen).toEqual([]);
  });

  it("does not follow a 308 Location to another host: typed error, resume state of the previous session", async () => {
    const { youtube, emulator, hub, seen } = recording();
    hub.faults.add({
      platform: "youtube",
      method: "PUT",
      after: 0,
      headers: { location: "https://evil.example/collect?upload_id=x" },
    });
    const bytes = pseudoRandomBytes(SIZE, 21);
    const states: ResumeState[] = [];
    const error = await youtube
      .publishVideo(connectionFrom(emulator), {
        source: bytesSource(bytes),
        options: metadata,
        chunkSize: CHUNK,
        onResumeState: (s) => void states.push(s),
      })
      .catch((e: unknown) => e);
    expect(UploadError.isInstance(error)).toBe(true);
    const upload = error as UploadError;
    expect(upload).toMatchObject({ code: ErrorCode.UPLOAD_INTERRUPTED, retryable: false });
    expect(upload.cause).toMatchObject({ code: ErrorCode.UNEXPECTED_RESPONSE });
    expect(upload.resumeState?.sessionUrl).toBe(states[0]!.sessionUrl);
    expect(new URL(upload.resumeState!.sessionUrl!).host).toBe("www.googleapis.com");
    expect(seen.filter((s) => s.host === "evil.example")).toEqual([]);
    // The session it kept still works.
    const video = await youtube.resumeUpload(connectionFrom(emulator), upload.resumeState!, {
      source: bytesSource(bytes),
    });
    await expectExact(emulator, bytes, video.ids.videoId!);
  });

  it("does not use a session URI on another host from the session start", async () => {
    const { youtube, emulator, hub, seen } = recording();
    hub.faults.add({
      platform: "youtube",
      method: "POST",
      path: "/upload/youtube/v3/videos",
      headers: { location: "https://evil.example/collect?upload_id=x" },
    });
    const states: ResumeState[] = [];
    const error = await youtube
      .publishVideo(connectionFrom(emulator), {
        source: bytesSource(pseudoRandomBytes(SIZE, 26)),
        options: metadata,
        chunkSize: CHUNK,
        onResumeState: (s) => void states.push(s),
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.UNEXPECTED_RESPONSE });
    expect(states).toEqual([]);
    expect(seen.filter((s) => s.host === "evil.example")).toEqual([]);
  });

  it("trusts https Google API hosts and the configured API base's origin only", () => {
    const google = "https://www.googleapis.com";
    const loopback = "http://127.0.0.1:4010/youtube/api";
    expect(
      isTrustedSessionUrl("https://www.googleapis.com/upload/youtube/v3/videos?upload_id=1", google),
    ).toBe(true);
    expect(
      isTrustedSessionUrl("https://youtube.googleapis.com/upload/youtube/v3/videos?upload_id=1", google),
    ).toBe(true);
    const session = "/upload/youtube/v3/videos?uploadType=resumable&upload_id=1";
    expect(isTrustedSessionUrl(`http://127.0.0.1:4010/youtube/api${session}`, loopback)).toBe(true);
    expect(isTrustedSessionUrl(`https://www.googleapis.com${session}`, loopback)).toBe(true);
    expect(isTrustedSessionUrl(`http://127.0.0.1:4011/youtube/api${session}`, loopback)).toBe(false);
    // Exact hosts, port 443 and the upload paths only (no other Google host or path).
    for (const url of [
      `https://storage.googleapis.com${session}`,
      `https://www.googleapis.com:8443${session}`,
      "https://www.googleapis.com/youtube/v3/videos?upload_id=1",
      "http://127.0.0.1:4010/youtube/api/upload?upload_id=1",
    ]) {
      expect(isTrustedSessionUrl(url, loopback), url).toBe(false);
    }
    expect(isTrustedSessionUrl("http://localhost:4010/upload?upload_id=1", loopback)).toBe(false);
    expect(isTrustedSessionUrl("http://www.googleapis.com/upload?upload_id=1", google)).toBe(false);
    expect(isTrustedSessionUrl("https://googleapis.com.evil.example/upload", google)).toBe(false);
    expect(isTrustedSessionUrl("https://evil.example/upload", google)).toBe(false);
    expect(isTrustedSessionUrl("not a url", google)).toBe(false);
  });

  it("resumes on the loopback server, whose http origin is the configured API base", async () => {
    const emulator = createYouTubeEmulator({ requirePkceS256: true });
    const hub = createEmulatorHub(emulator);
    const server = await hub.listen();
    onTestFinished(() => server.close());
    const youtube = clientFor(emulator, {
      baseUrls: server.baseUrls.youtube,
      retry: { minDelayMs: 1, maxDelayMs: 2 },
    });
    const tokens = connectionFrom(emulator);
    const bytes = pseudoRandomBytes(SIZE, 22);
    const controller = new AbortController();
    const error = await youtube
      .publishVideo(tokens, {
        source: bytesSource(bytes),
        options: metadata,
        chunkSize: CHUNK,
        signal: controller.signal,
        onResumeState: (s) => {
          if (s.offset > 0) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    const state = (error as UploadError).resumeState!;
    expect(new URL(state.sessionUrl!).origin).toBe(new URL(server.baseUrls.youtube.api).origin);
    const video = await youtube.resumeUpload(tokens, state, { source: bytesSource(bytes) });
    await expectExact(emulator, bytes, video.ids.videoId!);
    // The same session on another port of the same host is another origin.
    const moved = new URL(state.sessionUrl!);
    moved.port = String(Number(moved.port) + 1);
    await expect(
      youtube.resumeUpload(tokens, { ...state, sessionUrl: moved.href }, { source: bytesSource(bytes) }),
    ).rejects.toSatisfy((e: unknown) => ValidationError.isInstance(e));
  });
});

describe("a token that cannot be had mid-upload", () => {
  beforeAll(() => {
    defaults.transport = "fetch";
  });

  it("getAccessToken failing after the session started: UploadError with the resume state, cause kept", async () => {
    const { emulator, youtube } = setup();
    const tokens = connectionFrom(emulator);
    const refused = new OAuthError("refresh rejected", {
      code: ErrorCode.REAUTH_REQUIRED,
      error: "invalid_grant",
    });
    let calls = 0;
    const auth = sourceConnection(emulator, tokens.credentials, {
      async get() {
        calls += 1;
        // The scope check, the session start and chunk 1 got tokens; chunk 2 does not.
        if (calls >= 4) throw refused;
        return tokens.credentials;
      },
    });
    const bytes = pseudoRandomBytes(4 * CHUNK, 23);
    const error = await youtube
      .publishVideo(auth, { source: bytesSource(bytes), chunkSize: CHUNK, options: metadata })
      .catch((e: unknown) => e);
    expect(UploadError.isInstance(error)).toBe(true);
    const upload = error as UploadError;
    expect(upload).toMatchObject({ code: ErrorCode.UPLOAD_INTERRUPTED, retryable: false });
    expect(upload.cause).toBe(refused);
    expect(upload.resumeState?.offset).toBe(CHUNK);
    // Once the account works again, the same session finishes the upload.
    const video = await youtube.resumeUpload(tokens, upload.resumeState!, { source: bytesSource(bytes) });
    await expectExact(emulator, bytes, video.ids.videoId!);
  });

  it("a refresh after a 401 failing on the network: UploadError, retryable as its cause", async () => {
    const { emulator, hub } = setup();
    let dropRefresh = false;
    const youtube = clientFor(emulator, {
      retry: { retries: 0 },
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (dropRefresh && new URL(request.url).pathname === "/token") throw new TypeError("fetch failed");
        return hub.fetch(request);
      },
    });
    const manager = connectionFrom(emulator); // plain tokens: the client renews them
    const bytes = pseudoRandomBytes(SIZE, 24);
    const error = await youtube
      .publishVideo(manager, {
        source: bytesSource(bytes),
        options: metadata,
        chunkSize: CHUNK,
        onProgress: () => {
          if (dropRefresh) return;
          dropRefresh = true;
          emulator.expireAccessTokens(); // the next PUT gets a 401; the refresh then fails
        },
      })
      .catch((e: unknown) => e);
    expect(UploadError.isInstance(error)).toBe(true);
    const upload = error as UploadError;
    expect(upload.code).toBe(ErrorCode.UPLOAD_INTERRUPTED);
    expect(upload.cause).toMatchObject({ code: ErrorCode.NETWORK_ERROR });
    expect(upload.retryable).toBe(true);
    expect(upload.resumeState?.offset).toBe(CHUNK);
    expect(hub.log.entries().filter((e) => e.method === "PUT" && e.status === 401)).toHaveLength(1);
  });

  it("a refresh after a 401 that is refused: UploadError with the resume state, not retryable, cause kept", async () => {
    const { emulator, youtube } = setup();
    const tokens = connectionFrom(emulator);
    const refused = new OAuthError("refresh rejected", {
      code: ErrorCode.REAUTH_REQUIRED,
      error: "invalid_grant",
    });
    const auth = sourceConnection(emulator, tokens.credentials, {
      invalidate: async () => {
        throw refused;
      },
    });
    let expired = false;
    const error = await youtube
      .publishVideo(auth, {
        source: bytesSource(pseudoRandomBytes(SIZE, 28)),
        options: metadata,
        chunkSize: CHUNK,
        onProgress: () => {
          if (expired) return;
          expired = true;
          emulator.expireAccessTokens();
        },
      })
      .catch((e: unknown) => e);
    expect(UploadError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: ErrorCode.UPLOAD_INTERRUPTED, retryable: false });
    expect((error as UploadError).cause).toBe(refused);
    expect((error as UploadError).resumeState?.offset).toBe(CHUNK);
  });

  it("a refresh that fails once on the network is waited out, and the upload finishes on the same session", async () => {
    const { emulator, hub } = setup();
    let drops = 0;
    let expired = false;
    const youtube = clientFor(emulator, {
      retry: { minDelayMs: 1, maxDelayMs: 2 },
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (expired && drops === 0 && new URL(request.url).pathname === "/token") {
          drops += 1;
          throw new TypeError("fetch failed");
        }
        return hub.fetch(request);
      },
    });
    const manager = connectionFrom(emulator); // plain tokens: the client renews them
    const bytes = pseudoRandomBytes(SIZE, 27);
    const video = await youtube.publishVideo(manager, {
      source: bytesSource(bytes),
      options: metadata,
      chunkSize: CHUNK,
      onProgress: () => {
        if (expired) return;
        expired = true;
        emulator.expireAccessTokens();
      },
    });
    await expectExact(emulator, bytes, video.ids.videoId!);
    expect(drops).toBe(1);
    expect(emulator.stats.refreshes).toBe(1);
    expect(emulator.stats.sessionsStarted).toBe(1);
  });

  it("an abort while the token is fetched is still an abort", async () => {
    const { emulator, youtube } = setup();
    const tokens = connectionFrom(emulator);
    const controller = new AbortController();
    let calls = 0;
    const auth = sourceConnection(emulator, tokens.credentials, {
      async get(options) {
        calls += 1;
        // The scope check and the session start got tokens; chunk 1 is aborted while it waits.
        if (calls >= 3) {
          controller.abort(new Error("user cancelled"));
          throw options?.signal?.reason;
        }
        return tokens.credentials;
      },
    });
    const error = await youtube
      .publishVideo(auth, {
        source: bytesSource(pseudoRandomBytes(SIZE, 25)),
        chunkSize: CHUNK,
        options: metadata,
        signal: controller.signal,
      })
      .catch((e: unknown) => e);
    expect(UploadError.isInstance(error)).toBe(true);
    expect((error as UploadError).cause).toBe(controller.signal.reason);
    expect((error as Error).message).toMatch(/aborted/);
  });
});
