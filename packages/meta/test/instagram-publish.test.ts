// Instagram publishing through hub.fetch and msw: containers, waits, media_publish once, the
// publishing limit, ERROR/EXPIRED, and the job model (status, reconcile, idempotency).
import { CapabilityError, isPostkitError, ValidationError } from "@postkit/core";
import { describe, expect, it } from "vitest";
import { InstagramContainerError } from "../src/index.js";
import { instagramLoginConnection, instagramSetup, JPEG, MP4, publishCalls } from "./instagram-support.js";
import { setupInstagram } from "./instagram-login-support.js";
import { TRANSPORTS } from "./support.js";

for (const transport of TRANSPORTS) {
  describe(`Instagram publishing (${transport})`, () => {
    it("publishes an image once, with its permalink, after reading the publishing limit", async () => {
      const { meta, hub, emulator, instagram } = await instagramSetup(transport);
      const limits: unknown[] = [];
      hub.log.clear();
      const job = await meta.publishInstagram(instagram, {
        type: "image",
        imageUrl: JPEG("bread"),
        caption: "Fresh #bread today with @postkit.books",
        altText: "A loaf",
        onPublishingLimit: (limit) => limits.push(limit),
      });
      expect(job).toMatchObject({
        platform: "instagram",
        accountId: instagram.account.id,
        outcome: "published",
      });
      expect(job.postUrl).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
      expect(limits).toEqual([{ used: 0, total: 50, windowSeconds: 86400, remaining: 50 }]);
      const paths = hub.log
        .entries()
        .map((entry) => `${entry.method} ${entry.path.replace(/^\/v\d+\.\d+/, "")}`);
      expect(paths[0]).toMatch(/GET \/\w+\/content_publishing_limit/);
      expect(publishCalls(hub)).toBe(1);
      const [media] = emulator.instagramMedia(instagram.account.id);
      expect(media).toMatchObject({
        id: job.postId,
        caption: "Fresh #bread today with @postkit.books",
        mediaType: "IMAGE",
      });
      expect(emulator.instagramContainer(job.ids.containerId!)?.params.alt_text).toBe("A loaf");
      expect(await meta.getInstagramPublishingLimit(instagram)).toMatchObject({ used: 1, remaining: 49 });
    });

    it("a Reel by URL stays processing past the wait bound, and waitForPublish publishes it once", async () => {
      const { meta, hub, emulator, instagram, clock } = await instagramSetup(transport);
      emulator.planInstagramContainers(() => ({ readyAfterMs: 20 * 60_000 }));
      const job = await meta.publishInstagram(instagram, {
        type: "reel",
        videoUrl: MP4("tour"),
        caption: "The tour",
        thumbOffsetMs: 1500,
        durationMs: 30_000,
        shareToFeed: true,
      });
      expect(job.outcome).toBe("processing");
      expect(publishCalls(hub)).toBe(0);
      const params = emulator.instagramContainer(job.ids.containerId!)?.params;
      expect(params).toMatchObject({ media_type: "REELS", thumb_offset: "1500", share_to_feed: "true" });
      // Handed back as JSON, as an app would store it.
      const settled = await meta.waitForPublish(instagram, JSON.parse(JSON.stringify(job)), {
        timeoutMs: 30 * 60_000,
        clock,
      });
      expect(settled).toMatchObject({ outcome: "published" });
      expect(settled.postUrl).toMatch(/\/reel\//);
      expect(publishCalls(hub)).toBe(1);
    });

    it("a container in ERROR is a typed error with Meta's reason, and nothing is published", async () => {
      const { meta, hub, emulator, instagram } = await instagramSetup(transport);
      emulator.planInstagramContainers(() => ({
        outcome: "ERROR",
        status: "Error: 2207026. Unsupported format.",
      }));
      const error = await meta
        .publishInstagram(instagram, { type: "reel", videoUrl: MP4("bad") })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InstagramContainerError);
      expect(error).toMatchObject({ statusCode: "ERROR", reason: "Error: 2207026", next: "never" });
      expect(publishCalls(hub)).toBe(0);
    });

    it("an EXPIRED container settles a processing job as failed", async () => {
      const { meta, emulator, instagram } = await instagramSetup(transport);
      emulator.planInstagramContainers(() => ({ readyAfterMs: 60 * 60_000 }));
      const job = await meta.publishInstagram(instagram, { type: "reel", videoUrl: MP4("slow") });
      emulator.advance(25 * 60 * 60_000);
      const failed = await meta.getPublishStatus(instagram, job);
      expect(failed).toMatchObject({ outcome: "failed", failure: { code: "EXPIRED" } });
    });

    it("a spent quota is a RateLimitError before any container is created", async () => {
      const { meta, hub, emulator, instagram } = await instagramSetup(transport);
      emulator.useInstagramQuota(instagram.account.id, 50);
      hub.log.clear();
      const error = await meta
        .publishInstagram(instagram, { type: "image", imageUrl: JPEG("x") })
        .catch((e: unknown) => e);
      expect(isPostkitError(error, "RATE_LIMITED")).toBe(true);
      expect(hub.log.count({ method: "POST" })).toBe(0);
      expect(emulator.instagramContainers()).toHaveLength(0);
    });

    it("the same idempotency key publishes once; other content under it is a conflict with no request", async () => {
      const { meta, hub, instagram } = await instagramSetup(transport);
      const first = await meta.publishInstagram(instagram, {
        type: "image",
        imageUrl: JPEG("a"),
        idempotencyKey: "post-1",
      });
      hub.log.clear();
      const again = await meta.publishInstagram(instagram, {
        type: "image",
        imageUrl: JPEG("a"),
        idempotencyKey: "post-1",
      });
      expect(again.postId).toBe(first.postId);
      const conflict = await meta
        .publishInstagram(instagram, { type: "image", imageUrl: JPEG("b"), idempotencyKey: "post-1" })
        .catch((e: unknown) => e);
      expect(isPostkitError(conflict, "IDEMPOTENCY_CONFLICT")).toBe(true);
      expect(hub.log.count()).toBe(0);
    });

    it("publishPhotos: one URL is an image, several a carousel, story: true a Story", async () => {
      const { meta, emulator, instagram } = await instagramSetup(transport);
      const single = await meta.publishPhotos(instagram, {
        imageUrls: [JPEG("one")],
        options: { caption: "One" },
      });
      const album = await meta.publishPhotos(instagram, {
        imageUrls: [JPEG("a"), JPEG("b"), JPEG("c")],
        options: { caption: "Three", altTexts: ["A", undefined, "C"] },
      });
      const story = await meta.publishPhotos(instagram, { imageUrls: [JPEG("s")], options: { story: true } });
      expect([single, album, story].map((job) => job.outcome)).toEqual([
        "published",
        "published",
        "published",
      ]);
      expect(album.ids.children?.split(",")).toHaveLength(3);
      expect(emulator.instagramMedia().map((m) => [m.mediaType, m.mediaProductType])).toEqual([
        ["IMAGE", "FEED"],
        ["CAROUSEL_ALBUM", "FEED"],
        ["IMAGE", "STORY"],
      ]);
    });

    it("an Instagram Login account publishes on graph.instagram.com with its own token, through InstagramLogin", async () => {
      const { instagram, hub, emulator } = setupInstagram(transport);
      const connection = instagramLoginConnection(emulator);
      hub.log.clear();
      const job = await instagram.publishInstagram(connection, { type: "image", imageUrl: JPEG("studio") });
      expect(job.outcome).toBe("published");
      const roles = new Set(hub.log.entries().map((entry) => entry.role));
      expect([...roles]).toEqual(["instagramGraph"]);
      expect(emulator.instagramMedia(connection.account.id)).toHaveLength(1);
      const carousel = await instagram.publishPhotos(connection, {
        imageUrls: [JPEG("a"), JPEG("b")],
        options: {},
      });
      expect(carousel.outcome).toBe("published");
      expect(emulator.instagramMedia(connection.account.id)).toHaveLength(2);
    });

    it("the Meta client refuses an Instagram Login account before any request (InstagramLogin renews its token)", async () => {
      const { meta, hub, emulator } = await instagramSetup(transport);
      const connection = instagramLoginConnection(emulator);
      hub.log.clear();
      const error = await meta
        .publishInstagram(connection, { type: "image", imageUrl: JPEG("studio") })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).hint).toMatch(/InstagramLogin/);
      expect(hub.log.count()).toBe(0);
    });

    it("an Instagram Login account may not upload bytes: a CapabilityError naming videoUrl, before any request", async () => {
      const { instagram, hub, emulator } = setupInstagram(transport);
      const connection = instagramLoginConnection(emulator);
      hub.log.clear();
      const source = { size: 10, read: async () => new Uint8Array(10) };
      const error = await instagram
        .publishVideo(connection, { source, options: {} })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CapabilityError);
      expect((error as CapabilityError).message + String((error as CapabilityError).hint)).toMatch(
        /videoUrl/,
      );
      expect(hub.log.count()).toBe(0);
    });

    it("a grant without instagram_content_publish is a ScopeError before any request", async () => {
      const { meta, hub, instagram } = await instagramSetup(transport, {}, [
        "pages_show_list",
        "instagram_basic",
      ]);
      hub.log.clear();
      const error = await meta
        .publishInstagram(instagram, { type: "image", imageUrl: JPEG("x") })
        .catch((e: unknown) => e);
      expect(isPostkitError(error, "MISSING_SCOPES")).toBe(true);
      expect(hub.log.count()).toBe(0);
    });

    it("a 500 on media_publish may have published: the job is unknown, never repeated blindly, then settled", async () => {
      const { meta, hub, emulator, instagram, clock } = await instagramSetup(transport);
      hub.faults.add({ platform: "meta", method: "POST", path: /\/media_publish$/, status: 500 });
      const job = await meta.publishInstagram(instagram, { type: "image", imageUrl: JPEG("five-hundred") });
      expect(job.outcome).toBe("unknown");
      expect(publishCalls(hub)).toBe(1);
      // The fault answered before Instagram saw it: the container stays FINISHED, so after the
      // settle margin the next check publishes it, once.
      const settled = await meta.waitForPublish(instagram, job, { clock });
      expect(settled.outcome).toBe("published");
      expect(publishCalls(hub)).toBe(2);
      expect(emulator.instagramMedia()).toHaveLength(1);
    });

    it("a container already PUBLISHED is never published again: a stale processing job settles from its status", async () => {
      const { meta, hub, emulator, instagram } = await instagramSetup(transport);
      const job = await meta.publishInstagram(instagram, { type: "image", imageUrl: JPEG("x") });
      expect(job.outcome).toBe("published");
      const again = await meta.getPublishStatus(instagram, { ...job, outcome: "processing" });
      expect(again.outcome).toBe("published");
      expect(publishCalls(hub)).toBe(1);
      expect(emulator.instagramContainer(job.ids.containerId!)?.publishCalls).toBe(1);
    });

    it("Meta's 9007/2207027 on media_publish (not ready after all) keeps the job processing, then it publishes", async () => {
      const { meta, hub, emulator, instagram, clock } = await instagramSetup(transport);
      const body = {
        error: {
          message: "Media ID is not available",
          type: "OAuthException",
          code: 9007,
          error_subcode: 2207027,
        },
      };
      hub.faults.add({ platform: "meta", method: "POST", path: /\/media_publish$/, status: 400, body });
      const job = await meta.publishInstagram(instagram, { type: "image", imageUrl: JPEG("later") });
      expect(job.outcome).toBe("processing");
      const settled = await meta.waitForPublish(instagram, job, { clock });
      expect(settled.outcome).toBe("published");
      expect(emulator.instagramMedia()).toHaveLength(1);
    });
  });
}
