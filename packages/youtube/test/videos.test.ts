import { type Clock, ScopeError, ValidationError } from "@postkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { hasReason, MAX_THUMBNAIL_BYTES, type YouTubeVideoUpdate, YouTubeScopes } from "../src/index.js";
import {
  bytesSource,
  CHUNK,
  connectionFrom,
  defaults,
  pseudoRandomBytes,
  setup,
  fakeClock,
  TRANSPORTS,
  withTokens,
} from "./support.js";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

async function uploaded(count = 1, options = {}) {
  const context = setup(options);
  const tokens = connectionFrom(context.emulator);
  const ids: string[] = [];
  const jobs = [];
  for (let i = 0; i < count; i++) {
    const job = await context.youtube.publishVideo(tokens, {
      source: bytesSource(pseudoRandomBytes(CHUNK / 4, i + 1)),
      options: {
        title: `Video ${i}`,
        privacyStatus: "private",
        description: "first",
        tags: ["x"],
        categoryId: "22",
      },
    });
    ids.push(job.ids.videoId!);
    jobs.push(job);
  }
  return { ...context, tokens, ids, jobs };
}

for (const transport of TRANSPORTS) {
  describe(`via ${transport}`, () => {
    beforeAll(() => {
      defaults.transport = transport;
    });

    describe("processing status", () => {
      it("goes from uploaded/processing to processed and the wait helper returns it", async () => {
        const { youtube, tokens, ids, jobs, hub } = await uploaded(1, { processingAfterPolls: 3 });
        expect(jobs[0]).toMatchObject({
          platform: "youtube",
          outcome: "processing",
          ids: { videoId: ids[0] },
        });
        const first = await youtube.getVideoStatus(tokens, ids[0]!);
        expect(first).toMatchObject({
          uploadStatus: "uploaded",
          processingStatus: "processing",
          state: "processing",
        });
        hub.log.clear();
        const clock = fakeClock();
        const done = await youtube.waitForPublish(tokens, jobs[0]!, { intervalMs: 1, clock });
        expect(done).toMatchObject({ outcome: "published", postId: ids[0], ids: { videoId: ids[0] } });
        expect(done.postUrl).toBe(`https://www.youtube.com/watch?v=${ids[0]}`);
        // Two reads (processing, then processed), the first wait being intervalMs.
        expect(hub.log.count({ platform: "youtube", path: "/youtube/v3/videos", method: "GET" })).toBe(2);
        expect(clock.slept).toEqual([1]);
        await expect(youtube.getVideoStatus(tokens, ids[0]!)).resolves.toMatchObject({
          uploadStatus: "processed",
          processingStatus: "succeeded",
          state: "published",
        });
        await expect(youtube.getPublishStatus(tokens, jobs[0]!)).resolves.toMatchObject({
          outcome: "published",
          ids: { videoId: ids[0] },
        });
      });

      it("reports failed processing with its reason, and bounds the wait", async () => {
        const failed = await uploaded(1, { processingOutcome: "failed", processingAfterPolls: 1 });
        await expect(failed.youtube.getPublishStatus(failed.tokens, failed.jobs[0]!)).resolves.toMatchObject({
          outcome: "failed",
          failure: { message: "codec" },
        });
        const slow = await uploaded(1, { processingAfterPolls: 100 });
        slow.hub.log.clear();
        // Checks at 0, 1 and 2 ms (waits of 1, then 1.5 cut to the 1 left): three reads.
        const job = await slow.youtube.waitForPublish(slow.tokens, slow.jobs[0]!, {
          intervalMs: 1,
          timeoutMs: 2,
          clock: fakeClock(),
        });
        expect(job.outcome).toBe("processing");
        expect(slow.hub.log.count({ platform: "youtube", path: "/youtube/v3/videos", method: "GET" })).toBe(
          3,
        );
      });

      it("stops waiting at once when the signal aborts", async () => {
        const slow = await uploaded(1, { processingAfterPolls: 100 });
        const controller = new AbortController();
        const reason = new Error("stop");
        const clock: Clock = {
          now: () => 0,
          sleep: async (_ms, signal) => {
            controller.abort(reason);
            signal?.throwIfAborted();
          },
        };
        await expect(
          slow.youtube.waitForPublish(slow.tokens, slow.jobs[0]!, { clock, signal: controller.signal }),
        ).rejects.toBe(reason);
      });
    });

    describe("thumbnails.set", () => {
      it("uploads a PNG or JPEG and checks size and type before sending", async () => {
        const { youtube, emulator, hub, tokens, ids } = await uploaded();
        await youtube.setThumbnail(tokens, ids[0]!, PNG);
        expect(emulator.video(ids[0]!)!.thumbnail).toMatchObject({
          contentType: "image/png",
          size: PNG.byteLength,
        });
        await youtube.setThumbnail(tokens, ids[0]!, new Blob([JPEG]));
        expect(emulator.video(ids[0]!)!.thumbnail?.contentType).toBe("image/jpeg");
        const before = hub.log.count({ platform: "youtube", path: "/upload/youtube/v3/thumbnails/set" });
        const big = new Uint8Array(MAX_THUMBNAIL_BYTES + 1);
        big.set(PNG);
        await expect(youtube.setThumbnail(tokens, ids[0]!, big)).rejects.toSatisfy(
          ValidationError.isInstance,
        );
        await expect(youtube.setThumbnail(tokens, ids[0]!, new Uint8Array([1, 2, 3]))).rejects.toSatisfy(
          ValidationError.isInstance,
        );
        expect(hub.log.count({ platform: "youtube", path: "/upload/youtube/v3/thumbnails/set" })).toBe(
          before,
        );
      });

      it("surfaces forbidden for a channel that may not set custom thumbnails", async () => {
        const { youtube, tokens, ids } = await uploaded(1, { customThumbnails: false });
        const error = await youtube.setThumbnail(tokens, ids[0]!, PNG).catch((e: unknown) => e);
        expect(hasReason(error, "forbidden")).toBe(true);
      });
    });

    describe("list, update, delete", () => {
      it("lists every video through the uploads playlist, page by page", async () => {
        const { youtube, tokens, ids, hub } = await uploaded(5);
        const listed: string[] = [];
        for await (const video of youtube.iterateVideos(tokens, { pageSize: 2 })) listed.push(video.videoId);
        expect(listed).toEqual([...ids].reverse());
        expect(hub.log.count({ platform: "youtube", path: "/youtube/v3/playlistItems" })).toBe(3);
        // The channel is read once, for the first page: later cursors carry the playlist.
        expect(hub.log.count({ platform: "youtube", path: "/youtube/v3/channels" })).toBe(1);
        const limited: string[] = [];
        for await (const video of youtube.iterateVideos(tokens, { pageSize: 2, limit: 3 }))
          limited.push(video.videoId);
        expect(limited).toHaveLength(3);
        // One page at a time, by cursor.
        const first = await youtube.listVideos(tokens, { pageSize: 2 });
        expect(first.items.map((v) => v.videoId)).toEqual([ids[4], ids[3]]);
        expect(first.nextCursor).toBeDefined();
        const second = await youtube.listVideos(tokens, { pageSize: 2, cursor: first.nextCursor });
        expect(second.items.map((v) => v.videoId)).toEqual([ids[2], ids[1]]);
        const last = await youtube.listVideos(tokens, { pageSize: 2, cursor: second.nextCursor });
        expect(last).toMatchObject({ items: [{ videoId: ids[0] }], nextCursor: undefined });
        await expect(youtube.listVideos(tokens, { cursor: "not-a-cursor" })).rejects.toSatisfy(
          ValidationError.isInstance,
        );
      });

      it("stops when a nextPageToken comes back again, instead of looping", async () => {
        const { youtube, tokens, hub } = await uploaded(1);
        // Page 1 says "A", page 2 says "B", page 3 says "A" again (each rule answers once, in order).
        for (const [page, token] of ["A", "B", "A"].entries()) {
          hub.faults.add({
            platform: "youtube",
            method: "GET",
            path: "/youtube/v3/playlistItems",
            status: 200,
            body: {
              nextPageToken: token,
              items: [{ id: `i${page}`, contentDetails: { videoId: `v${page}` } }],
            },
          });
        }
        const listed: string[] = [];
        for await (const video of youtube.iterateVideos(tokens, { playlistId: "UUx" }))
          listed.push(video.videoId);
        expect(listed).toEqual(["v0", "v1", "v2"]);
        expect(hub.log.count({ platform: "youtube", path: "/youtube/v3/playlistItems" })).toBe(3);
      });

      it("updates with read-modify-write so the fields not changed survive", async () => {
        const { youtube, emulator, tokens, ids } = await uploaded();
        await youtube.updateVideo(tokens, ids[0]!, { title: "Renamed" });
        const video = emulator.video(ids[0]!)!;
        expect(video.snippet).toMatchObject({
          title: "Renamed",
          description: "first",
          tags: ["x"],
          categoryId: "22",
        });
        // The emulator resets an omitted privacyStatus to public, like the API resets omitted fields.
        expect(video.status.privacyStatus).toBe("private");
        await youtube.updateVideo(tokens, ids[0]!, { privacyStatus: "unlisted" });
        expect(emulator.video(ids[0]!)!.status.privacyStatus).toBe("unlisted");
        expect(emulator.video(ids[0]!)!.snippet.title).toBe("Renamed");
        await expect(youtube.updateVideo(tokens, ids[0]!, { title: "<bad>" })).rejects.toSatisfy(
          ValidationError.isInstance,
        );
      });

      it("validates an update before any request, the token refresh included", async () => {
        const { youtube, emulator, hub, tokens, ids } = await uploaded();
        hub.log.clear();
        // Expired: the first request would be a refresh, were anything sent.
        const expired = withTokens(emulator, { ...tokens.credentials, expiresAt: Date.now() - 1000 });
        for (const [id, update] of [
          [ids[0]!, { title: "<bad>" }],
          [ids[0]!, { description: "x".repeat(5001) }],
          [ids[0]!, { tags: ["x".repeat(501)] }],
          [ids[0]!, { privacyStatus: "public", publishAt: "2030-01-01T00:00:00Z" }],
          [ids[0]!, { privacyStatus: "friends" }],
          ["not a video id!", { title: "Fine" }],
        ] as const) {
          await expect(youtube.updateVideo(expired, id, update as YouTubeVideoUpdate)).rejects.toSatisfy(
            ValidationError.isInstance,
          );
        }
        expect(hub.log.entries()).toHaveLength(0);
        expect(emulator.stats.refreshes).toBe(0);
        expect(emulator.video(ids[0]!)!.snippet.title).toBe("Video 0");
      });

      it("deletes, and needs the youtube scope for update and delete", async () => {
        const { youtube, emulator, tokens, ids } = await uploaded(2);
        await youtube.deleteVideo(tokens, ids[0]!);
        expect(emulator.videos().map((v) => v.id)).toEqual([ids[1]]);
        const again = await youtube.deleteVideo(tokens, ids[0]!).catch((e: unknown) => e);
        expect(hasReason(again, "videoNotFound")).toBe(true);
        const uploadOnly = connectionFrom(emulator, [YouTubeScopes.upload, YouTubeScopes.readonly]);
        const error = await youtube.deleteVideo(uploadOnly, ids[1]!).catch((e: unknown) => e);
        expect(ScopeError.isInstance(error) && error.missing).toEqual([YouTubeScopes.manage]);
      });
    });
  });
}
