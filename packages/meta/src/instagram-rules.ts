// Instagram's media rules, checked before any request, and the container parameters they become.
// Sources:
// - https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/content-publishing
//   (JPEG only, containers, carousels, Stories, Reels, `thumb_offset`, public URLs);
// - https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
//   (the container parameters; VIDEO only as a carousel item; "Reels cannot appear in album carousels");
// - https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/error-codes
//   (2207004 image over 8 MiB, 2207010 caption too long, 2207057 thumb_offset, 2207089 VIDEO alone);
// - Reels specs (3 s to 15 min, at most 1 GB) as mirrored by https://www.ayrshare.com/docs/media-guidelines/instagram.md .
import { parseInput, type UploadSource, ValidationError, type ValidationIssue } from "@postkit/core";
import * as z from "zod/mini";
import {
  INSTAGRAM_CAROUSEL_ITEMS,
  INSTAGRAM_MAX_CAPTION_CHARS,
  INSTAGRAM_MAX_HASHTAGS,
  INSTAGRAM_MAX_IMAGE_BYTES,
  INSTAGRAM_MAX_MENTIONS,
  INSTAGRAM_MAX_REEL_BYTES,
  INSTAGRAM_REEL_DURATION_MS,
  type InstagramImageFacts,
  type InstagramMediaKind,
  type InstagramPost,
  type InstagramReelPost,
  type InstagramUserTag,
  type InstagramVideoInput,
} from "./instagram-post.js";

/** One container to create: its form parameters, and whether its video comes from bytes. @internal */
export interface ContainerSpec {
  params: Record<string, string>;
  /** The bytes to upload to the container's `uri` (`upload_type=resumable`). */
  upload?: UploadSource | undefined;
}

/** What a post becomes: children first (carousels), then the container that is published. @internal */
export interface InstagramPlan {
  kind: InstagramMediaKind;
  children: ContainerSpec[];
  /** For a carousel, `children` is filled in with the children's ids once they exist. */
  main: ContainerSpec;
  /** Whether any container is a video (they take longer to be ready). */
  video: boolean;
}

const text = z.string();
const positiveBytes = z.number().check(z.int(), z.nonnegative());
const tag = z.strictObject({
  username: z.string().check(z.regex(/^[A-Za-z0-9._]{1,30}$/, "an Instagram username without @")),
  x: z.optional(z.number().check(z.gte(0), z.lte(1))),
  y: z.optional(z.number().check(z.gte(0), z.lte(1))),
});
const imageFacts = {
  contentType: z.optional(text),
  sizeBytes: z.optional(positiveBytes),
};
const feed = {
  caption: z.optional(text),
  locationId: z.optional(z.string().check(z.regex(/^\d{1,30}$/, "a Facebook Page id"))),
  collaborators: z.optional(z.array(z.string().check(z.minLength(1)))),
};
const uploadSource = z.custom<UploadSource>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as UploadSource).read === "function" &&
    Number.isSafeInteger((value as UploadSource).size),
  "an UploadSource",
);
const video = { videoUrl: z.optional(text), source: z.optional(uploadSource) };

const imageSchema = z.strictObject({
  type: z.literal("image"),
  imageUrl: text,
  altText: z.optional(text),
  userTags: z.optional(z.array(tag)),
  ...imageFacts,
  ...feed,
});
const reelSchema = z.strictObject({
  type: z.literal("reel"),
  ...video,
  shareToFeed: z.optional(z.boolean()),
  coverUrl: z.optional(text),
  thumbOffsetMs: z.optional(z.number().check(z.int(), z.nonnegative())),
  durationMs: z.optional(z.number().check(z.positive())),
  audioName: z.optional(text),
  userTags: z.optional(z.array(tag)),
  trialGraduation: z.optional(z.enum(["MANUAL", "SS_PERFORMANCE"])),
  ...feed,
});
const storySchema = z.strictObject({
  type: z.literal("story"),
  imageUrl: z.optional(text),
  ...video,
  ...imageFacts,
});
const itemSchemas = {
  image: z.strictObject({
    type: z.literal("image"),
    imageUrl: text,
    altText: z.optional(text),
    userTags: z.optional(z.array(tag)),
    ...imageFacts,
  }),
  video: z.strictObject({ type: z.literal("video"), videoUrl: text }),
};
const carouselSchema = z.strictObject({
  type: z.literal("carousel"),
  items: z.array(z.unknown()),
  ...feed,
});
// Chosen by `type`, so an unknown field is named ("Unrecognized key") rather than a union's "Invalid input".
const postSchemas = { image: imageSchema, reel: reelSchema, story: storySchema, carousel: carouselSchema };
const postType = z.object({ type: z.enum(["image", "reel", "story", "carousel"]) });
const itemType = z.object({ type: z.enum(["image", "video"]) });

/** Fields a carousel item or a Story does not take, and where they go instead. */
const MISPLACED: Record<string, string> = {
  caption: "a carousel's caption goes on the carousel; Stories take none",
  collaborators: "collaborators go on the carousel",
  locationId: "the location goes on the carousel",
  altText: "alt text is for images only",
};

/**
 * `parseInput` with unknown fields named first (zod/mini's own message for them is "Invalid
 * input"): a field the post type does not take is a mistake the app should hear about.
 */
function parseStrict<T>(
  schema: z.ZodMiniObject & { shape: Record<string, unknown> },
  value: unknown,
  what: string,
  path: (string | number)[],
): T {
  const known = Object.keys(schema.shape);
  const extra = Object.keys(value as object).filter((key) => !known.includes(key));
  if (extra.length) {
    const first = extra[0] as string;
    throw new ValidationError(`Invalid ${what}: it takes no ${extra.join(", ")}.`, {
      issues: extra.map((key) => ({ path: [...path, key], message: MISPLACED[key] ?? "not a field of it" })),
      hint: MISPLACED[first],
    });
  }
  return parseInput(schema, value, what) as T;
}

/** Counts `#tags` and `@mentions` the way the app shows them: a `#`/`@` not inside a word. */
const HASHTAG = /(?:^|[^\p{L}\p{N}_&#])#[\p{L}\p{N}_]+/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_.@])@[A-Za-z0-9._]+/gu;

/** Loopback, private and link-local hosts Instagram's servers cannot fetch from. */
const UNREACHABLE_HOST =
  /^(?:localhost|.*\.localhost|.*\.local|.*\.internal|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0|\[.*\])$/i;
const NOT_JPEG = /\.(?:png|gif|webp|heic|heif|bmp|tiff?|avif|svg|mpo|jps)$/i;

/**
 * Checks a post against Instagram's rules and returns the containers to create. Every problem
 * is a `ValidationError` naming it, before any request.
 * @internal
 */
export function planInstagramPost(input: unknown): InstagramPlan {
  if (typeof input === "object" && input !== null && (input as { type?: unknown }).type === "video") {
    throw new ValidationError("meta: a single Instagram video is a Reel, not a VIDEO post.", {
      issues: [{ path: ["type"], message: 'use "reel"' }],
      hint: 'Since 2023 a standalone VIDEO fails with 2207089; publish it as type "reel" (VIDEO is for carousel items only).',
    });
  }
  const { type } = parseInput(postType, input, "Instagram post");
  const post = parseStrict(postSchemas[type], input, "Instagram post", []) as InstagramPost;
  if (post.type === "carousel") {
    post.items.forEach((item, index) => {
      const what = `Instagram carousel item ${index}`;
      parseStrict(itemSchemas[parseInput(itemType, item, what).type], item, what, ["items", index]);
    });
  }
  const issues: ValidationIssue[] = [];
  const plan = toPlan(post, issues);
  if (issues.length) {
    const first = issues[0] as ValidationIssue;
    throw new ValidationError(
      `Invalid Instagram post: ${first.path.join(".") || "post"}: ${first.message}.`,
      {
        issues,
        hint: "Instagram's media rules: https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/content-publishing",
      },
    );
  }
  return plan;
}

function toPlan(post: InstagramPost, issues: ValidationIssue[]): InstagramPlan {
  switch (post.type) {
    case "image": {
      const params = imageParams(post, [], issues);
      feedParams(post, params, [], issues);
      return { kind: "IMAGE", children: [], main: { params }, video: false };
    }
    case "reel": {
      const main = videoSpec(post, { media_type: "REELS" }, [], issues);
      reelParams(post, main.params, issues);
      feedParams(post, main.params, [], issues);
      return { kind: "REELS", children: [], main, video: true };
    }
    case "story": {
      const hasImage = post.imageUrl !== undefined;
      const hasVideo = post.videoUrl !== undefined || post.source !== undefined;
      if (hasImage === hasVideo) {
        issues.push({ path: [], message: "a Story needs exactly one of imageUrl, videoUrl or source" });
        return { kind: "STORIES", children: [], main: { params: {} }, video: false };
      }
      if (hasImage) {
        const params = imageParams(post as { imageUrl: string } & InstagramImageFacts, [], issues);
        return {
          kind: "STORIES",
          children: [],
          main: { params: { media_type: "STORIES", ...params } },
          video: false,
        };
      }
      const main = videoSpec(post as InstagramVideoInput, { media_type: "STORIES" }, [], issues);
      return { kind: "STORIES", children: [], main, video: true };
    }
    case "carousel": {
      const { min, max } = INSTAGRAM_CAROUSEL_ITEMS;
      if (post.items.length < min || post.items.length > max) {
        issues.push({
          path: ["items"],
          message: `a carousel has ${min} to ${max} items, not ${post.items.length}`,
        });
      }
      const children = post.items.map((item, index): ContainerSpec => {
        const path = ["items", index];
        if (item.type === "image")
          return { params: { is_carousel_item: "true", ...imageParams(item, path, issues) } };
        checkPublicUrl(item.videoUrl, [...path, "videoUrl"], issues);
        return { params: { is_carousel_item: "true", media_type: "VIDEO", video_url: item.videoUrl } };
      });
      const params: Record<string, string> = { media_type: "CAROUSEL" };
      feedParams(post, params, [], issues);
      return {
        kind: "CAROUSEL",
        children,
        main: { params },
        video: post.items.some((item) => item.type === "video"),
      };
    }
  }
}

function imageParams(
  image: {
    imageUrl: string;
    altText?: string | undefined;
    userTags?: readonly InstagramUserTag[] | undefined;
  } & InstagramImageFacts,
  path: (string | number)[],
  issues: ValidationIssue[],
): Record<string, string> {
  checkPublicUrl(image.imageUrl, [...path, "imageUrl"], issues);
  if (NOT_JPEG.test(pathOf(image.imageUrl))) {
    issues.push({ path: [...path, "imageUrl"], message: "Instagram takes JPEG images only" });
  }
  if (image.contentType !== undefined && !/^image\/jpe?g$/i.test(image.contentType)) {
    issues.push({
      path: [...path, "contentType"],
      message: `Instagram takes JPEG images only, not ${image.contentType}`,
    });
  }
  if (image.sizeBytes !== undefined && image.sizeBytes > INSTAGRAM_MAX_IMAGE_BYTES) {
    issues.push({ path: [...path, "sizeBytes"], message: "an image is at most 8 MiB" });
  }
  const params: Record<string, string> = { image_url: image.imageUrl };
  if (image.altText !== undefined) params.alt_text = image.altText;
  if (image.userTags?.length) params.user_tags = JSON.stringify(image.userTags.map(tagParam));
  return params;
}

function videoSpec(
  input: InstagramVideoInput,
  base: Record<string, string>,
  path: (string | number)[],
  issues: ValidationIssue[],
): ContainerSpec {
  if ((input.videoUrl === undefined) === (input.source === undefined)) {
    issues.push({ path, message: "a video needs exactly one of videoUrl or source" });
    return { params: base };
  }
  if (input.videoUrl !== undefined) {
    checkPublicUrl(input.videoUrl, [...path, "videoUrl"], issues);
    return { params: { ...base, video_url: input.videoUrl } };
  }
  const source = input.source as UploadSource;
  if (source.size <= 0) issues.push({ path: [...path, "source"], message: "the video is empty" });
  if (source.size > INSTAGRAM_MAX_REEL_BYTES) {
    issues.push({ path: [...path, "source"], message: "a video uploaded to Instagram is at most 1 GB" });
  }
  return { params: { ...base, upload_type: "resumable" }, upload: source };
}

function reelParams(
  reel: InstagramReelPost,
  params: Record<string, string>,
  issues: ValidationIssue[],
): void {
  const { min, max } = INSTAGRAM_REEL_DURATION_MS;
  if (reel.durationMs !== undefined && (reel.durationMs < min || reel.durationMs > max)) {
    issues.push({ path: ["durationMs"], message: "a Reel lasts 3 seconds to 15 minutes" });
  }
  if (reel.thumbOffsetMs !== undefined) {
    if (reel.durationMs !== undefined && reel.thumbOffsetMs >= reel.durationMs) {
      issues.push({
        path: ["thumbOffsetMs"],
        message: "thumb_offset is in milliseconds and must be less than the duration",
      });
    }
    params.thumb_offset = String(reel.thumbOffsetMs);
  }
  if (reel.coverUrl !== undefined) {
    checkPublicUrl(reel.coverUrl, ["coverUrl"], issues);
    params.cover_url = reel.coverUrl;
  }
  if (reel.shareToFeed !== undefined) params.share_to_feed = String(reel.shareToFeed);
  if (reel.audioName !== undefined) params.audio_name = reel.audioName;
  if (reel.userTags?.length) {
    if (reel.userTags.some((tagged) => tagged.x !== undefined || tagged.y !== undefined)) {
      issues.push({ path: ["userTags"], message: "Reel user tags have no x and y" });
    }
    params.user_tags = JSON.stringify(reel.userTags.map((tagged) => ({ username: tagged.username })));
  }
  if (reel.trialGraduation !== undefined) {
    params.trial_params = JSON.stringify({ graduation_strategy: reel.trialGraduation });
  }
}

function feedParams(
  post: {
    caption?: string | undefined;
    locationId?: string | undefined;
    collaborators?: readonly string[] | undefined;
  },
  params: Record<string, string>,
  path: (string | number)[],
  issues: ValidationIssue[],
): void {
  if (post.caption !== undefined) {
    checkCaption(post.caption, [...path, "caption"], issues);
    params.caption = post.caption;
  }
  if (post.locationId !== undefined) params.location_id = post.locationId;
  if (post.collaborators?.length) params.collaborators = JSON.stringify(post.collaborators);
}

/** Length in code points, hashtags and mentions. */
function checkCaption(caption: string, path: (string | number)[], issues: ValidationIssue[]): void {
  const length = [...caption].length;
  if (length > INSTAGRAM_MAX_CAPTION_CHARS) {
    issues.push({ path, message: `a caption is at most 2,200 characters, not ${length}` });
  }
  const hashtags = caption.match(HASHTAG)?.length ?? 0;
  if (hashtags > INSTAGRAM_MAX_HASHTAGS) {
    issues.push({ path, message: `a caption has at most 30 hashtags, not ${hashtags}` });
  }
  const mentions = caption.match(MENTION)?.length ?? 0;
  if (mentions > INSTAGRAM_MAX_MENTIONS) {
    issues.push({ path, message: `a caption has at most 20 mentions, not ${mentions}` });
  }
}

/** Instagram cURLs media itself: a public https URL, not localhost or a private address. */
function checkPublicUrl(value: string, path: (string | number)[], issues: ValidationIssue[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.push({ path, message: "not a URL" });
    return;
  }
  if (url.protocol !== "https:") issues.push({ path, message: "Instagram fetches media over https only" });
  else if (url.username || url.password)
    issues.push({ path, message: "a media URL must not carry credentials" });
  else if (UNREACHABLE_HOST.test(url.hostname)) {
    issues.push({ path, message: "Instagram cannot fetch media from a local or private address" });
  }
}

function pathOf(value: string): string {
  try {
    return new URL(value).pathname;
  } catch {
    return value;
  }
}

function tagParam(tagged: InstagramUserTag): Record<string, unknown> {
  return {
    username: tagged.username,
    ...(tagged.x !== undefined ? { x: tagged.x } : {}),
    ...(tagged.y !== undefined ? { y: tagged.y } : {}),
  };
}
