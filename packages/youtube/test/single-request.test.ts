// Single-request mode (`mode: "single"`): progress as the body streams out, and recovery from an
// interruption mid-body, over the loopback emulator with the real global fetch.
import { NetworkError, type RetryAttempt, UploadError } from "@postkit/core";
import { describe, expect, it } from "vitest";
import {
  bytesSource,
  createEmulatorHub,
  createYouTubeEmulator,
  MiB,
  pseudoRandomBytes,
  setup,
  sha256,
  connectionFrom,
  clientFor,
} from "./support.js";

const metadata = { title: "Single request", privacyStatus: "private" as const };
// Three 1 MiB slices of the streamed body, the last one short.
const SIZE = 2 * MiB + 54_321;

async function loopback() {
  const emulator = createYouTubeEmulator({ requirePkceS256: true });
  const hub = createEmulatorHub(emulator);
  const server = await hub.listen();
  const youtube = clientFor(emulator, {
    baseUrls: server.baseUrls.youtube,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
  });
  return { emulator, hub, server, youtube };
}

describe("single-request upload", () => {
  it("reports the bytes handed to the transport while the body streams, before the server answers", async () => {
    const { youtube, emulator } = setup();
    const bytes = pseudoRandomBytes(SIZE, 21);
    const seen: { bytesSent: number; videos: number }[] = [];
    const video = await youtube.publishVideo(connectionFrom(emulator), {
      source: bytesSource(bytes),
      options: metadata,
      mode: "single",
      onProgress: (p) => seen.push({ bytesSent: p.bytesSent, videos: emulator.videos().length }),
    });
    expect(seen.map((p) => p.bytesSent)).toEqual([MiB, 2 * MiB, SIZE]);
    // Reported while the PUT was still going: the video did not exist yet.
    expect(seen.every((p) => p.videos === 0)).toBe(true);
    expect(emulator.video(video.ids.videoId!)!.sink.sha256()).toBe(await sha256(bytes));
  });

  it("recovers from a connection dropped mid-body: probes, streams again, one video, byte-exact", async () => {
    const { youtube, emulator, hub, server } = await loopback();
    try {
      hub.faults.add({ platform: "youtube", method: "PUT", drop: "mid-body" });
      const bytes = pseudoRandomBytes(SIZE, 22);
      const retries: RetryAttempt[] = [];
      const video = await youtube.publishVideo(connectionFrom(emulator), {
        source: bytesSource(bytes),
        options: metadata,
        mode: "single",
        onRetry: (retry) => retries.push(retry),
      });
      expect(retries).toHaveLength(1);
      expect(NetworkError.isInstance(retries[0]!.error)).toBe(true);
      expect(emulator.stats.probes).toBe(1);
      expect(emulator.stats.sessionsStarted).toBe(1);
      // The dropped PUT, the probe, the PUT that finished.
      expect(hub.log.count({ platform: "youtube", method: "PUT" })).toBe(3);
      expect(emulator.videos()).toHaveLength(1);
      expect(emulator.video(video.ids.videoId!)!.sink.sha256()).toBe(await sha256(bytes));
    } finally {
      await server.close();
    }
  });

  it("resumes an interrupted single request from the server's offset with Content-Range", async () => {
    const { youtube, emulator, server } = await loopback();
    try {
      const bytes = pseudoRandomBytes(SIZE, 23);
      const tokens = connectionFrom(emulator);
      const controller = new AbortController();
      const first = bytesSource(bytes);
      // Once the server holds the first slice, the app aborts while the body is still streaming.
      const interrupting = {
        ...first,
        async read(start: number, end: number, signal?: AbortSignal) {
          if (start >= 2 * MiB) {
            const sink = () => emulator.sessions()[0]?.sink.size ?? 0;
            for (let i = 0; i < 2000 && sink() < MiB; i++) await new Promise((r) => setTimeout(r, 1));
            controller.abort(new Error("user paused"));
          }
          return first.read(start, end, signal);
        },
      };
      const error = await youtube
        .publishVideo(tokens, {
          source: interrupting,
          options: metadata,
          mode: "single",
          signal: controller.signal,
        })
        .catch((e: unknown) => e);
      expect(UploadError.isInstance(error)).toBe(true);
      const state = (error as UploadError).resumeState!;
      expect(state.offset).toBe(0);
      expect(emulator.videos()).toHaveLength(0);

      const second = bytesSource(bytes);
      const video = await youtube.resumeUpload(tokens, state, { source: second, mode: "single" });
      // The probe found the bytes the first PUT delivered; only the rest was read and sent.
      const resumedFrom = second.reads[0]![0];
      expect(resumedFrom).toBeGreaterThanOrEqual(MiB);
      expect(resumedFrom).toBeLessThan(SIZE);
      expect(emulator.stats.sessionsStarted).toBe(1);
      expect(emulator.videos()).toHaveLength(1);
      expect(emulator.video(video.ids.videoId!)!.sink.sha256()).toBe(await sha256(bytes));
    } finally {
      await server.close();
    }
  });
});
