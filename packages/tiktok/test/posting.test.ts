import { PlatformError, type Profile, type Provider, ScopeError, ValidationError } from "@postkit/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TikTokErrorCode, type TikTokPhotoOptions } from "../src/index.js";
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
const publishScopes = ["video.publish", "video.upload"];

describe.each(TRANSPORTS)("via %s", (transport) => {
  beforeAll(() => {
    defaults.transport = transport;
  });
  afterAll(() => {
    defaults.transport = "fetch";
  });

  describe("creator info", () => {
    it("reads the creator's settings", async () => {
      env = await setup({
        emulator: { creator: { privateAccount: true, duetDisabled: true, maxVideoPostDurationSec: 180 } },
      });
      const info = await env.tiktok.getCreatorInfo(env.connection(["video.publish"]));
      expect(info).toMatchObject({
        nickname: "Emulated Creator",
        privacyLevelOptions: ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"],
        duetDisabled: true,
        commentDisabled: false,
        maxVideoPostDurationSec: 180,
      });
      await expect(env.tiktok.getCreatorInfo(env.connection(["video.upload"]))).rejects.toSatisfy(
        ScopeError.isInstance,
      );
    });

    it.each([
      TikTokErrorCode.SPAM_RISK_TOO_MANY_POSTS,
      TikTokErrorCode.SPAM_RISK_USER_BANNED_FROM_POSTING,
      TikTokErrorCode.REACHED_ACTIVE_USER_CAP,
    ])("turns the intentional HTTP 200 %s into a typed, non-retryable error", async (code) => {
      env = await setup({ emulator: { creator: { postingError: code } } });
      const error = await env.tiktok
        .getCreatorInfo(env.connection(["video.publish"]))
        .catch((caught: unknown) => caught);
      expect(PlatformError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ platformCode: code, status: 200, retryable: false });
      expect((error as PlatformError).traceId).toMatch(/^2026/);
    });
  });

  describe("post options are checked against the creator info before init", () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, string]> = [
      [
        "a privacy level the creator does not offer",
        { privacyLevel: "PUBLIC_TO_EVERYONE" },
        { privateAccount: true },
        "privacyLevel",
      ],
      ["a video longer than allowed", { durationSec: 181 }, { maxVideoPostDurationSec: 180 }, "durationSec"],
      ["a title over 2200 UTF-16 units", { title: "😀".repeat(1100) + "a" }, {}, "title"],
      ["branded content posted SELF_ONLY", { brandContentToggle: true }, {}, "brandContentToggle"],
      [
        "comments turned on when the creator disabled them",
        { disableComment: false },
        { commentDisabled: true },
        "disableComment",
      ],
      ["duets turned on when disabled", { disableDuet: false }, { duetDisabled: true }, "disableDuet"],
      [
        "stitches turned on when disabled",
        { disableStitch: false },
        { stitchDisabled: true },
        "disableStitch",
      ],
    ];
    it.each(cases)("refuses %s", async (_name, options, creator, path) => {
      env = await setup({ emulator: { creator } });
      const error = await env.tiktok
        .postVideo(env.connection(publishScopes), {
          source: memorySource(new Uint8Array(1000)),
          options: { ...directOptions, ...options } as typeof directOptions,
        })
        .catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error), String(error)).toBe(true);
      expect((error as ValidationError).issues.map((issue) => issue.path[0])).toContain(path);
      expect(env.hub.log.count({ path: INIT })).toBe(0);
    });

    it("waits past PUBLISH_COMPLETE for the public post id only when asked (untilPublicPostId)", async () => {
      env = await setup({ emulator: { moderationPolls: 2 } });
      const tokens = env.connection(publishScopes);
      const creatorInfo = await env.tiktok.getCreatorInfo(tokens);
      const options = { privacyLevel: "PUBLIC_TO_EVERYONE" as const, durationSec: 12 };
      const first = await env.tiktok.postVideo(tokens, {
        source: memorySource(new Uint8Array(100)),
        creatorInfo,
        options,
      });
      const early = await env.tiktok.waitForPublishStatus(tokens, first.publishId);
      expect(early).toMatchObject({ status: "PUBLISH_COMPLETE", publicPostIds: [] });

      const second = await env.tiktok.postVideo(tokens, {
        source: memorySource(new Uint8Array(100)),
        creatorInfo,
        options,
      });
      const statuses: string[] = [];
      const final = await env.tiktok.waitForPublishStatus(tokens, second.publishId, {
        untilPublicPostId: true,
        onStatus: (status) => statuses.push(`${status.status}:${status.publicPostIds.length}`),
      });
      expect(statuses).toEqual([
        "PROCESSING_UPLOAD:0",
        "PUBLISH_COMPLETE:0",
        "PUBLISH_COMPLETE:0",
        "PUBLISH_COMPLETE:1",
      ]);
      expect(final.publicPostIds).toEqual([env.emulator.publish(second.publishId)!.postId]);
    });

    it("has no default privacy level", async () => {
      env = await setup();
      const tokens = env.connection(publishScopes);
      await expect(
        env.tiktok.postVideo(tokens, {
          source: memorySource(new Uint8Array(10)),
          // @ts-expect-error privacyLevel is required
          options: { durationSec: 5 },
        }),
      ).rejects.toSatisfy(ValidationError.isInstance);
      expect(env.hub.log.count({ path: INIT })).toBe(0);
    });

    it("accepts exactly 2200 UTF-16 units and sends the creator's disabled toggles as true", async () => {
      env = await setup({ emulator: { creator: { commentDisabled: true } } });
      const started = await env.tiktok.postVideo(env.connection(publishScopes), {
        source: memorySource(new Uint8Array(100)),
        options: { ...directOptions, title: "😀".repeat(1100) },
      });
      const info = env.emulator.publish(started.publishId)!.postInfo;
      expect(info).toMatchObject({
        privacy_level: "SELF_ONLY",
        disable_comment: true,
        disable_duet: false,
        brand_content_toggle: false,
      });
    });
  });

  describe("direct post and draft", () => {
    it("posts a video directly by FILE_UPLOAD, byte-exact, and waits for PUBLISH_COMPLETE with an exact post id", async () => {
      env = await setup();
      const tokens = env.connection(publishScopes);
      const bytes = pseudoRandomBytes(3_000_000);
      const progress: number[] = [];
      const creatorInfo = await env.tiktok.getCreatorInfo(tokens);
      const started = await env.tiktok.postVideo(tokens, {
        source: memorySource(bytes),
        creatorInfo,
        options: { privacyLevel: "PUBLIC_TO_EVERYONE", durationSec: 12, title: "Hello #postkit" },
        onProgress: (event) => progress.push(event.bytesSent),
      });
      expect(started.uploaded).toBe(true);
      expect(progress).toEqual([3_000_000]);
      expect(env.emulator.upload(started.publishId)).toMatchObject({
        size: 3_000_000,
        sha256: sha256(bytes),
      });
      const statuses: string[] = [];
      const final = await env.tiktok.waitForPublishStatus(tokens, started.publishId, {
        onStatus: (s) => statuses.push(s.status),
      });
      expect(statuses).toEqual(["PROCESSING_UPLOAD", "PUBLISH_COMPLETE"]);
      expect(final.status).toBe("PUBLISH_COMPLETE");
      expect(final.publicPostIds).toEqual([env.emulator.publish(started.publishId)!.postId]);
      expect(final.publicPostIds[0]).toMatch(/^7\d{18}$/);
      expect(env.hub.log.count({ path: "/v2/post/publish/creator_info/query/" })).toBe(1);
      expect(env.hub.log.count({ path: INIT })).toBe(1);
      const job = await env.tiktok.getPublishStatus(tokens, {
        v: 1,
        platform: "tiktok",
        accountId: tokens.account.id,
        outcome: "processing",
        ids: { publishId: started.publishId },
        createdAt: 0,
        updatedAt: 0,
      });
      expect(job).toMatchObject({
        platform: "tiktok",
        outcome: "published",
        postId: final.publicPostIds[0],
      });
    });

    it("posts by PULL_FROM_URL, refuses unverified and non-https URLs", async () => {
      env = await setup();
      const tokens = env.connection(publishScopes);
      const started = await env.tiktok.postVideo(tokens, {
        videoUrl: "https://media.example/clip.mp4",
        options: directOptions,
      });
      expect(started.uploaded).toBe(false);
      const final = await env.tiktok.waitForPublishStatus(tokens, started.publishId);
      expect(final.status).toBe("PUBLISH_COMPLETE");
      const unverified = await env.tiktok
        .postVideo(tokens, { videoUrl: "https://other.example/clip.mp4", options: directOptions })
        .catch((caught: unknown) => caught);
      expect(unverified).toMatchObject({
        platformCode: "url_ownership_unverified",
        status: 403,
        retryable: false,
      });
      await expect(
        env.tiktok.postVideo(tokens, { videoUrl: "http://media.example/clip.mp4", options: directOptions }),
      ).rejects.toSatisfy(ValidationError.isInstance);
    });

    it("uploads a draft to the inbox with video.upload only and ends SEND_TO_USER_INBOX", async () => {
      env = await setup();
      const tokens = env.connection(["video.upload"]);
      const bytes = pseudoRandomBytes(1_234_567, 7);
      const started = await env.tiktok.uploadDraft(tokens, {
        source: memorySource(bytes, "video/quicktime"),
      });
      expect(env.emulator.upload(started.publishId)?.sha256).toBe(sha256(bytes));
      const final = await env.tiktok.waitForPublishStatus(tokens, started.publishId);
      expect(final.status).toBe("SEND_TO_USER_INBOX");
      expect((await env.tiktok.fetchPublishStatus(tokens, started.publishId)).status).toBe(
        "SEND_TO_USER_INBOX",
      );
      await expect(
        env.tiktok.postVideo(tokens, { source: memorySource(bytes), options: directOptions }),
      ).rejects.toSatisfy(ScopeError.isInstance);
    });

    it("publishVideo (the Provider contract) drafts or posts", async () => {
      env = await setup();
      const tokens = env.connection(publishScopes);
      const draft = await env.tiktok.publishVideo(tokens, {
        source: memorySource(new Uint8Array(500)),
        options: { mode: "draft" },
      });
      expect(draft).toMatchObject({
        platform: "tiktok",
        outcome: "processing",
        accountId: tokens.account.id,
      });
      const direct = await env.tiktok.publishVideo(tokens, {
        source: memorySource(new Uint8Array(500)),
        options: { mode: "direct", ...directOptions },
      });
      expect(env.emulator.publish(direct.ids.publishId!)?.kind).toBe("video");
      expect(env.emulator.publish(draft.ids.publishId!)?.kind).toBe("inbox");
      expect(await env.tiktok.waitForPublish(tokens, direct)).toMatchObject({ outcome: "published" });
      expect(await env.tiktok.waitForPublish(tokens, draft)).toMatchObject({ outcome: "draft" });
    });

    it("returns FAILED with its fail_reason, and rejects unsupported content types", async () => {
      env = await setup({ emulator: { failReason: "duration_check_failed" } });
      const tokens = env.connection(publishScopes);
      const started = await env.tiktok.postVideo(tokens, {
        source: memorySource(new Uint8Array(10)),
        options: directOptions,
      });
      const final = await env.tiktok.waitForPublishStatus(tokens, started.publishId);
      expect(final).toMatchObject({
        status: "FAILED",
        failReason: "duration_check_failed",
        retryableFailure: false,
      });
      await expect(
        env.tiktok.postVideo(tokens, {
          source: memorySource(new Uint8Array(10), "video/x-msvideo"),
          options: directOptions,
        }),
      ).rejects.toSatisfy(ValidationError.isInstance);
    });

    it("bounds waiting: the last status after timeoutMs, never faster than 30 polls a minute", async () => {
      env = await setup({ emulator: { processingPolls: 1000 } });
      const tokens = env.connection(publishScopes);
      const started = await env.tiktok.postVideo(tokens, {
        videoUrl: "https://media.example/a.mp4",
        options: directOptions,
      });
      const before = env.clock.now();
      const last = await env.tiktok.waitForPublishStatus(tokens, started.publishId, {
        timeoutMs: 120_000,
        initialDelayMs: 1,
      });
      expect(last.status).toMatch(/^PROCESSING_/);
      expect(env.clock.now() - before).toBeGreaterThanOrEqual(120_000);
      const polls = env.hub.log.count({ path: "/v2/post/publish/status/fetch/" });
      const minutes = (env.clock.now() - before) / 60_000;
      expect(polls).toBeLessThanOrEqual(30 * Math.ceil(minutes));
      expect(polls).toBeGreaterThan(1);
    });

    it("refuses another user's token on a publish: token_not_authorized_for_specified_publish_id", async () => {
      env = await setup({ emulator: { otherAccounts: [{}], processingPolls: 3 } });
      const started = await env.tiktok.postVideo(env.connection(publishScopes), {
        videoUrl: "https://media.example/a.mp4",
        options: directOptions,
      });
      const other = env.connection(publishScopes, env.emulator.accounts()[1]!.user.open_id);
      const expected = {
        platformCode: TikTokErrorCode.TOKEN_NOT_AUTHORIZED_FOR_SPECIFIED_PUBLISH_ID,
        status: 400,
        retryable: false,
      };
      await expect(env.tiktok.fetchPublishStatus(other, started.publishId)).rejects.toMatchObject(expected);
      await expect(env.tiktok.cancelPublish(other, started.publishId)).rejects.toMatchObject(expected);
      expect(env.emulator.publish(started.publishId)?.cancelled).toBe(false);
    });

    it("cancels a URL pull", async () => {
      env = await setup({ emulator: { processingPolls: 3 } });
      const tokens = env.connection(publishScopes);
      const started = await env.tiktok.postVideo(tokens, {
        videoUrl: "https://media.example/a.mp4",
        options: directOptions,
      });
      await env.tiktok.cancelPublish(tokens, started.publishId);
      const final = await env.tiktok.waitForPublishStatus(tokens, started.publishId);
      expect(final).toMatchObject({ status: "FAILED", failReason: "publish_cancelled" });
      await expect(env.tiktok.cancelPublish(tokens, started.publishId)).rejects.toMatchObject({
        platformCode: "publish_not_cancellable",
      });
    });
  });

  describe("photo posts", () => {
    const images = (n: number) => Array.from({ length: n }, (_, i) => `https://media.example/p/${i}.jpeg`);

    it("posts photos directly and as MEDIA_UPLOAD", async () => {
      env = await setup();
      const tokens = env.connection(publishScopes);
      const direct = await env.tiktok.postPhotos(tokens, {
        postMode: "DIRECT_POST",
        privacyLevel: "SELF_ONLY",
        imageUrls: images(35),
        coverIndex: 34,
        title: "t".repeat(90),
        description: "d".repeat(4000),
        autoAddMusic: true,
      });
      expect((await env.tiktok.waitForPublishStatus(tokens, direct.publishId)).status).toBe(
        "PUBLISH_COMPLETE",
      );
      const upload = await env.tiktok.postPhotos(env.connection(["video.upload"]), {
        postMode: "MEDIA_UPLOAD",
        imageUrls: images(2),
      });
      expect((await env.tiktok.waitForPublishStatus(tokens, upload.publishId)).status).toBe(
        "SEND_TO_USER_INBOX",
      );
      expect(env.hub.log.count({ path: "/v2/post/publish/content/init/" })).toBe(2);
    });

    it("publishPhotos (the Provider contract) posts or drafts the input's imageUrls", async () => {
      env = await setup();
      const tokens = env.connection(publishScopes);
      // Through the uniform contract, as code written for every platform would call it.
      const provider: Provider<string, Profile, unknown, TikTokPhotoOptions> = env.tiktok;
      expect(provider.capabilities.publishPhotos.available).toBe(true);
      const direct = await provider.publishPhotos?.(tokens, {
        imageUrls: images(3),
        options: { postMode: "DIRECT_POST", privacyLevel: "SELF_ONLY", title: "three" },
      });
      expect(direct).toMatchObject({ platform: "tiktok", outcome: "processing" });
      expect(await provider.waitForPublish(tokens, direct!)).toMatchObject({ outcome: "published" });
      const draft = await provider.publishPhotos?.(tokens, {
        imageUrls: images(1),
        options: { postMode: "MEDIA_UPLOAD" },
      });
      expect(await provider.waitForPublish(tokens, draft!)).toMatchObject({ outcome: "draft" });
      // The images are the input's: 36 of them are refused before any request.
      const before = env.hub.log.count({ path: "/v2/post/publish/content/init/" });
      await expect(
        provider.publishPhotos?.(tokens, { imageUrls: images(36), options: { postMode: "MEDIA_UPLOAD" } }),
      ).rejects.toBeInstanceOf(ValidationError);
      expect(env.hub.log.count({ path: "/v2/post/publish/content/init/" })).toBe(before);
      expect(before).toBe(2);
    });

    it("sends a MEDIA_UPLOAD privacy level only when given, checked against the creator info", async () => {
      env = await setup({ emulator: { creator: { privateAccount: true } } });
      const uploadOnly = env.connection(["video.upload"]);
      const both = env.connection(publishScopes);
      const postInfo = async (started: Promise<{ publishId: string }>) =>
        env.emulator.publish((await started).publishId)?.postInfo;
      // Never defaulted.
      expect(
        await postInfo(env.tiktok.postPhotos(uploadOnly, { postMode: "MEDIA_UPLOAD", imageUrls: images(1) })),
      ).toEqual({});
      // Upload-only tokens cannot read creator info: the level goes as given and TikTok checks it.
      expect(
        await postInfo(
          env.tiktok.postPhotos(uploadOnly, {
            postMode: "MEDIA_UPLOAD",
            privacyLevel: "FOLLOWER_OF_CREATOR",
            imageUrls: images(1),
          }),
        ),
      ).toEqual({ privacy_level: "FOLLOWER_OF_CREATOR" });
      expect(env.hub.log.count({ path: "/v2/post/publish/creator_info/query/" })).toBe(0);
      await expect(
        env.tiktok.postPhotos(uploadOnly, {
          postMode: "MEDIA_UPLOAD",
          privacyLevel: "PUBLIC_TO_EVERYONE",
          imageUrls: images(1),
        }),
      ).rejects.toMatchObject({ platformCode: "privacy_level_option_mismatch", status: 403 });
      // With video.publish postkit queries the creator info and refuses a level not offered.
      const refused = await env.tiktok
        .postPhotos(both, {
          postMode: "MEDIA_UPLOAD",
          privacyLevel: "PUBLIC_TO_EVERYONE",
          imageUrls: images(1),
        })
        .catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(refused) && refused.issues.map((issue) => issue.path[0])).toEqual([
        "privacyLevel",
      ]);
      expect(env.hub.log.count({ path: "/v2/post/publish/creator_info/query/" })).toBe(1);
      // A given creator info is used as is.
      const creatorInfo = await env.tiktok.getCreatorInfo(both);
      await expect(
        env.tiktok.postPhotos(uploadOnly, {
          postMode: "MEDIA_UPLOAD",
          privacyLevel: "PUBLIC_TO_EVERYONE",
          imageUrls: images(1),
          creatorInfo,
        }),
      ).rejects.toSatisfy(ValidationError.isInstance);
      expect(env.hub.log.count({ path: "/v2/post/publish/content/init/" })).toBe(3);
    });

    it("refuses 36 images, long texts, a bad cover index, DIRECT_POST-only fields in MEDIA_UPLOAD", async () => {
      env = await setup();
      const tokens = env.connection(publishScopes);
      const bad = [
        { postMode: "DIRECT_POST", privacyLevel: "SELF_ONLY", imageUrls: images(36) },
        { postMode: "DIRECT_POST", privacyLevel: "SELF_ONLY", imageUrls: images(1), title: "t".repeat(91) },
        {
          postMode: "DIRECT_POST",
          privacyLevel: "SELF_ONLY",
          imageUrls: images(1),
          description: "d".repeat(4001),
        },
        { postMode: "DIRECT_POST", privacyLevel: "SELF_ONLY", imageUrls: images(2), coverIndex: 2 },
        { postMode: "DIRECT_POST", imageUrls: images(1) },
        { postMode: "MEDIA_UPLOAD", disableComment: true, imageUrls: images(1) },
        { postMode: "MEDIA_UPLOAD", brandOrganicToggle: false, imageUrls: images(1) },
        { postMode: "DIRECT_POST", privacyLevel: "SELF_ONLY", imageUrls: ["http://media.example/a.jpeg"] },
      ];
      for (const input of bad) {
        await expect(
          env.tiktok.postPhotos(tokens, input as never),
          JSON.stringify(input).slice(0, 80),
        ).rejects.toSatisfy(ValidationError.isInstance);
      }
      expect(env.hub.log.count({ path: "/v2/post/publish/content/init/" })).toBe(0);
    });
  });
});
