// Instagram's media rules: every refusal is a ValidationError naming the problem, before any
// request (the hub's log stays empty), and valid posts become the documented container parameters.
import { fromBytes, ValidationError } from "@postkit/core";
import { describe, expect, it } from "vitest";
import type { InstagramPublishInput } from "../src/index.js";
import { planInstagramPost } from "../src/instagram-rules.js";
import { instagramSetup, JPEG, MP4 } from "./instagram-support.js";

const refusals: Array<[string, unknown, RegExp]> = [
  [
    "a caption over 2,200 characters",
    { type: "image", imageUrl: JPEG("a"), caption: "x".repeat(2201) },
    /2,200/,
  ],
  [
    "31 hashtags",
    { type: "image", imageUrl: JPEG("a"), caption: Array.from({ length: 31 }, (_, i) => `#t${i}`).join(" ") },
    /30 hashtags/,
  ],
  [
    "21 mentions",
    {
      type: "image",
      imageUrl: JPEG("a"),
      caption: Array.from({ length: 21 }, (_, i) => `@user${i}`).join(" "),
    },
    /20 mentions/,
  ],
  ["a PNG image URL", { type: "image", imageUrl: "https://cdn.example/a.png" }, /JPEG/],
  ["a PNG content type", { type: "image", imageUrl: JPEG("a"), contentType: "image/png" }, /JPEG/],
  ["an image over 8 MiB", { type: "image", imageUrl: JPEG("a"), sizeBytes: 8 * 1024 * 1024 + 1 }, /8 MiB/],
  ["an http URL", { type: "image", imageUrl: "http://cdn.example/a.jpg" }, /https/],
  ["a localhost URL", { type: "reel", videoUrl: "https://localhost/a.mp4" }, /local or private/],
  ["a standalone VIDEO", { type: "video", videoUrl: MP4("a") }, /Reel/],
  [
    "a thumb offset past the duration",
    { type: "reel", videoUrl: MP4("a"), thumbOffsetMs: 5000, durationMs: 4000 },
    /milliseconds/,
  ],
  [
    "a fractional thumb offset (seconds?)",
    { type: "reel", videoUrl: MP4("a"), thumbOffsetMs: 1.5 },
    /thumbOffsetMs/,
  ],
  ["a Reel of 2 seconds", { type: "reel", videoUrl: MP4("a"), durationMs: 2000 }, /3 seconds to 15 minutes/],
  [
    "a Reel of 16 minutes",
    { type: "reel", videoUrl: MP4("a"), durationMs: 16 * 60_000 },
    /3 seconds to 15 minutes/,
  ],
  [
    "a Reel with both a URL and bytes",
    { type: "reel", videoUrl: MP4("a"), source: fromBytes(new Uint8Array(4)) },
    /exactly one/,
  ],
  [
    "Reel tags with coordinates",
    { type: "reel", videoUrl: MP4("a"), userTags: [{ username: "a", x: 0.5, y: 0.5 }] },
    /no x and y/,
  ],
  ["a carousel of one", { type: "carousel", items: [{ type: "image", imageUrl: JPEG("a") }] }, /2 to 10/],
  [
    "a carousel of eleven",
    {
      type: "carousel",
      items: Array.from({ length: 11 }, (_, i) => ({ type: "image", imageUrl: JPEG(`i${i}`) })),
    },
    /2 to 10/,
  ],
  [
    "a caption on a carousel item",
    {
      type: "carousel",
      items: [
        { type: "image", imageUrl: JPEG("a"), caption: "no" },
        { type: "image", imageUrl: JPEG("b") },
      ],
    },
    /caption/,
  ],
  ["alt text on a Reel", { type: "reel", videoUrl: MP4("a"), altText: "no" }, /altText/],
  [
    "a Story with an image and a video",
    { type: "story", imageUrl: JPEG("a"), videoUrl: MP4("a") },
    /exactly one/,
  ],
  [
    "a tag position outside 0–1",
    { type: "image", imageUrl: JPEG("a"), userTags: [{ username: "a", x: 1.5, y: 0 }] },
    /userTags/,
  ],
];

describe("Instagram media rules", () => {
  for (const [name, post, message] of refusals) {
    it(`refuses ${name}`, () => {
      let thrown: unknown;
      try {
        planInstagramPost(post);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      const error = thrown as ValidationError;
      expect(
        `${error.message} ${error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join(" ")}`,
      ).toMatch(message);
    });
  }

  it("counts the caption in characters, not UTF-16 units: 2,200 emoji pass", () => {
    expect(() =>
      planInstagramPost({ type: "image", imageUrl: JPEG("a"), caption: "🍞".repeat(2200) }),
    ).not.toThrow();
  });

  it("turns a Reel into REELS parameters with thumb_offset in milliseconds and JSON fields", () => {
    const plan = planInstagramPost({
      type: "reel",
      videoUrl: MP4("a"),
      caption: "Hi",
      thumbOffsetMs: 2500,
      durationMs: 10_000,
      coverUrl: JPEG("cover"),
      shareToFeed: false,
      audioName: "Original",
      collaborators: ["friend"],
      userTags: [{ username: "pal" }],
      trialGraduation: "MANUAL",
    });
    expect(plan.main.params).toEqual({
      media_type: "REELS",
      video_url: MP4("a"),
      caption: "Hi",
      thumb_offset: "2500",
      cover_url: JPEG("cover"),
      share_to_feed: "false",
      audio_name: "Original",
      collaborators: '["friend"]',
      user_tags: '[{"username":"pal"}]',
      trial_params: '{"graduation_strategy":"MANUAL"}',
    });
  });

  it("makes a carousel's children carousel items (VIDEO for videos) and keeps the caption on the carousel", () => {
    const plan = planInstagramPost({
      type: "carousel",
      caption: "Both",
      items: [
        { type: "image", imageUrl: JPEG("a"), userTags: [{ username: "pal", x: 0.1, y: 0.9 }] },
        { type: "video", videoUrl: MP4("b") },
      ],
    });
    expect(plan.children.map((child) => child.params)).toEqual([
      { is_carousel_item: "true", image_url: JPEG("a"), user_tags: '[{"username":"pal","x":0.1,"y":0.9}]' },
      { is_carousel_item: "true", media_type: "VIDEO", video_url: MP4("b") },
    ]);
    expect(plan.main.params).toEqual({ media_type: "CAROUSEL", caption: "Both" });
  });

  it("refuses bad input through the client before any request", async () => {
    const { meta, hub, instagram } = await instagramSetup("fetch");
    hub.log.clear();
    const bad = { type: "image", imageUrl: "https://cdn.example/a.gif" } as InstagramPublishInput;
    await expect(meta.publishInstagram(instagram, bad)).rejects.toBeInstanceOf(ValidationError);
    await expect(
      meta.publishPhotos(instagram, { imageUrls: [JPEG("a"), JPEG("b")], options: { story: true } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      meta.publishPhotos(
        { ...instagram, account: { ...instagram.account, platform: "tiktok" } },
        { imageUrls: [JPEG("a")], options: {} },
      ),
    ).rejects.toThrow();
    expect(hub.log.count()).toBe(0);
  });
});
