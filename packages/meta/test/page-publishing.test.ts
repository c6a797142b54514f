// Facebook Page publishing against the emulator, through an injected fetch and through msw:
// posts (now and scheduled), photos (URLs and bytes, multi-photo), Reels and videos from bytes,
// status polling, failures, lost answers as unknown, and the Page-token check.
import { type Clock, type Connection, fromBytes, isPostkitError, type PublishJob } from "@postkit/core";
import { describe, expect, it } from "vitest";
import { defaultFacebookScopes } from "../src/index.js";
import { login, setup, TRANSPORTS } from "./support.js";

/** A clock whose sleeps pass at once: polling without waiting. */
function instantClock(): Clock {
  let now = Date.now();
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

async function connected(transport: (typeof TRANSPORTS)[number]) {
  const env = setup(transport);
  const fetcher = transport === "fetch" ? env.hub.fetch : fetch;
  const { result } = await login(env.meta, fetcher, defaultFacebookScopes);
  const pages = result.accounts.filter((c) => c.account.platform === "facebook") as Connection[];
  return { ...env, pages, result };
}

const bytesOf = (size: number, seed: number) =>
  Uint8Array.from({ length: size }, (_, i) => (i * seed + 3) % 256);
const sha256 = async (bytes: Uint8Array) =>
  Buffer.from(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)).toString("hex");

for (const transport of TRANSPORTS) {
  describe(`Facebook Page publishing (${transport})`, () => {
    it("posts text and links, now and scheduled, to the chosen Page", async () => {
      const { meta, emulator, pages } = await connected(transport);
      const [bakery, books] = pages;
      const now = await meta.publishPagePost(bakery!, {
        message: "Fresh bread",
        link: "https://bakery.example/",
      });
      expect(now).toMatchObject({
        platform: "facebook",
        accountId: bakery!.account.id,
        outcome: "published",
      });
      expect(now.postUrl).toMatch(/^https:\/\/www\.facebook\.com\//);
      const at = Date.now() + 2 * 60 * 60 * 1000;
      const later = await meta.publishPagePost(books!, {
        message: "New arrivals",
        scheduledPublishTime: new Date(at),
      });
      expect(later).toMatchObject({ outcome: "scheduled", scheduledAt: Math.floor(at / 1000) * 1000 });
      const posts = emulator.pagePosts();
      expect(posts.map((p) => [p.pageId, p.message, p.published])).toEqual([
        [bakery!.account.id, "Fresh bread", true],
        [books!.account.id, "New arrivals", false],
      ]);
      expect(posts[1]!.scheduledPublishTime).toBe(Math.floor(at / 1000));
      expect(posts[0]!.id).toBe(now.postId);
    });

    it("refuses bad input before any request: an empty post, a schedule outside 10 min–30 days, a user token", async () => {
      const { meta, emulator, hub, pages, result } = await connected(transport);
      const before = hub.log.entries().length;
      const page = pages[0]!;
      const refused = [
        meta.publishPagePost(page, {}),
        meta.publishPagePost(page, { message: "x", scheduledPublishTime: Date.now() + 5 * 60 * 1000 }),
        meta.publishPagePost(page, {
          message: "x",
          scheduledPublishTime: Date.now() + 31 * 24 * 60 * 60 * 1000,
        }),
        meta.publishPagePost({ account: page.account, credentials: result.tokens }, { message: "x" }),
        meta.publishPagePhotos(page, { photos: [{ url: "http://insecure.example/a.jpg" }] }),
        meta.publishPagePhotos(page, {
          photos: [{ source: fromBytes(new Uint8Array(10), { type: "image/gif" }) }],
        }),
        meta.publishVideo(page, {
          source: fromBytes(new Uint8Array(10)),
          options: { kind: "reel", title: "x" },
        }),
        meta.publishVideo(page, {
          source: fromBytes(new Uint8Array(10)),
          options: { kind: "reel", state: "scheduled" },
        }),
      ];
      for (const call of refused) {
        const error = await call.catch((caught: unknown) => caught);
        expect(isPostkitError(error, "INVALID_INPUT"), String(error)).toBe(true);
      }
      expect(hub.log.entries().length).toBe(before);
      expect(emulator.pagePosts()).toHaveLength(0);
    });

    it("posts one photo by URL, and several from the app's bytes as one post", async () => {
      const { meta, emulator, pages } = await connected(transport);
      const page = pages[0]!;
      const single = await meta.publishPhotos(page, {
        imageUrls: ["https://cdn.example/a.jpg"],
        options: { message: "One loaf" },
      });
      expect(single).toMatchObject({ outcome: "published" });
      expect(single.ids.photoId).toBeDefined();
      const one = bytesOf(3000, 5);
      const two = bytesOf(5000, 11);
      const multi = await meta.publishPagePhotos(page, {
        message: "Two loaves",
        photos: [
          { source: fromBytes(one, { type: "image/jpeg", name: "one.jpg" }) },
          { source: fromBytes(two, { type: "image/png", name: "two.png" }) },
        ],
      });
      expect(multi.outcome).toBe("published");
      const photos = emulator.pagePhotos();
      expect(photos.map((p) => p.upload?.sha256)).toEqual([undefined, await sha256(one), await sha256(two)]);
      const post = emulator.pagePosts().find((p) => p.id === multi.postId)!;
      expect(post.attachedMedia).toEqual(multi.ids.photoIds!.split(","));
      expect(post.attachedMedia).toEqual([photos[1]!.id, photos[2]!.id]);
    });

    it("uploads a Reel and a video from bytes, byte-exact, and follows them to published", async () => {
      const { meta, emulator, pages } = await connected(transport);
      const page = pages[1]!;
      const reelBytes = bytesOf(200_000, 7);
      const progress: number[] = [];
      const reel = await meta.publishVideo(page, {
        source: fromBytes(reelBytes, { type: "video/mp4" }),
        options: { kind: "reel", description: "Behind the counter" },
        onProgress: ({ bytesSent }) => progress.push(bytesSent),
      });
      expect(reel).toMatchObject({
        outcome: "processing",
        postUrl: `https://www.facebook.com/reel/${reel.ids.videoId}`,
      });
      expect(progress.at(-1)).toBe(reelBytes.byteLength);
      expect(emulator.uploadedBytes(reel.ids.videoId!)).toMatchObject({
        size: reelBytes.byteLength,
        complete: true,
        sha256: await sha256(reelBytes),
      });
      const done = await meta.waitForPublish(page, reel, { clock: instantClock() });
      expect(done.outcome).toBe("published");

      const videoBytes = bytesOf(150_000, 13);
      const video = await meta.publishVideo(page, {
        source: fromBytes(videoBytes, { type: "video/mp4", name: "clip.mp4" }),
        options: { kind: "video", title: "Clip", description: "A clip" },
      });
      expect(video.outcome).toBe("processing");
      expect(emulator.uploadedBytes(video.ids.videoId!)?.sha256).toBe(await sha256(videoBytes));
      const settled = await meta.waitForPublish(page, video, { clock: instantClock() });
      expect(settled.outcome).toBe("published");
      expect(emulator.pageVideos().map((v) => [v.kind, v.title ?? v.description])).toEqual([
        ["reel", "Behind the counter"],
        ["video", "Clip"],
      ]);
    });

    it("Reels as drafts and scheduled; a processing failure fails the job with Meta's reason", async () => {
      const { meta, emulator, pages } = await connected(transport);
      const page = pages[0]!;
      const source = () => fromBytes(bytesOf(10_000, 3), { type: "video/mp4" });
      const draft = await meta.publishVideo(page, {
        source: source(),
        options: { kind: "reel", state: "draft" },
      });
      expect((await meta.waitForPublish(page, draft, { clock: instantClock() })).outcome).toBe("draft");
      const at = Date.now() + 24 * 60 * 60 * 1000;
      const scheduled = await meta.publishVideo(page, {
        source: source(),
        options: { kind: "reel", state: "scheduled", scheduledPublishTime: at },
      });
      expect(scheduled.scheduledAt).toBe(Math.floor(at / 1000) * 1000);
      expect((await meta.waitForPublish(page, scheduled, { clock: instantClock() })).outcome).toBe(
        "scheduled",
      );
      expect(emulator.pageVideos().map((v) => v.videoState)).toEqual(["DRAFT", "SCHEDULED"]);
      emulator.failNextVideo("Unsupported video codec. Re-encode as H.264.");
      const broken = await meta.publishVideo(page, { source: source(), options: { kind: "reel" } });
      const failed = await meta.waitForPublish(page, broken, { clock: instantClock() });
      expect(failed.outcome).toBe("failed");
      expect(failed.failure).toEqual({
        code: "VIDEO_PROCESSING_FAILED",
        message: "Meta could not process the video: Unsupported video codec.",
      });
    });

    it("a lost answer to the Reel's finish is unknown, never repeated, and reconciled from the status", async () => {
      const { meta, emulator, hub, pages } = await connected(transport);
      const page = pages[0]!;
      hub.faults.add({
        platform: "meta",
        role: "graph",
        method: "POST",
        path: /video_reels$/,
        after: 1,
        drop: "after-response",
      });
      const job: PublishJob = await meta.publishVideo(page, {
        source: fromBytes(bytesOf(10_000, 9), { type: "video/mp4" }),
        options: { kind: "reel" },
      });
      expect(job.outcome).toBe("unknown");
      expect(job.failure?.code).toBe("RESPONSE_LOST");
      expect(emulator.pageVideos()[0]!.finished).toBe(true);
      const finishes = hub.log.entries().filter((e) => e.method === "POST" && /video_reels$/.test(e.path));
      expect(finishes).toHaveLength(2);
      const reconciled = await meta.getPublishStatus(page, job);
      expect(reconciled.outcome).toBe("processing");
      expect((await meta.waitForPublish(page, reconciled, { clock: instantClock() })).outcome).toBe(
        "published",
      );
    });

    it("a lost answer to a post is unknown and not repeated", async () => {
      const { meta, emulator, hub, pages } = await connected(transport);
      hub.faults.add({
        platform: "meta",
        role: "graph",
        method: "POST",
        path: /\/feed$/,
        drop: "after-response",
      });
      const job = await meta.publishPagePost(pages[0]!, { message: "Once" });
      expect(job.outcome).toBe("unknown");
      expect(emulator.pagePosts()).toHaveLength(1);
      expect(await meta.getPublishStatus(pages[0]!, job)).toEqual(job);
    });

    it("an idempotency key never posts twice", async () => {
      const { meta, emulator, pages } = await connected(transport);
      const first = await meta.publishPagePost(pages[0]!, { message: "Hi", idempotencyKey: "post-1" });
      const again = await meta.publishPagePost(pages[0]!, { message: "Hi", idempotencyKey: "post-1" });
      expect(again.postId).toBe(first.postId);
      expect(emulator.pagePosts()).toHaveLength(1);
      const conflict = await meta
        .publishPagePost(pages[0]!, { message: "Other", idempotencyKey: "post-1" })
        .catch((caught: unknown) => caught);
      expect(isPostkitError(conflict, "IDEMPOTENCY_CONFLICT")).toBe(true);
    });
  });
}
