// core's contract operations for Instagram accounts: `publishVideo` (a Reel or a Story from the
// app's bytes) and `publishPhotos` (an image, a carousel of images, or an image Story), both on
// `publishInstagram`.
import {
  type Connection,
  type PhotoPublishInput,
  type PublishJob,
  ValidationError,
  type VideoPublishInput,
} from "@postkit/core";
import type { InstagramContext } from "./instagram-account.js";
import type { InstagramWaitSettings } from "./instagram-containers.js";
import { type InstagramPublishInput, publishInstagram } from "./instagram-jobs.js";
import type { InstagramCarouselItem, InstagramReelSettings, InstagramUserTag } from "./instagram-post.js";

/**
 * The `options` of `publishVideo` for an Instagram account: a Reel (the default) with its
 * settings, or a Story. The video is the input's `source` (Facebook Login accounts only).
 * @group Instagram
 */
export type InstagramVideoOptions = InstagramWaitSettings &
  (
    | (InstagramReelSettings & {
        /** A Reel (the default: single videos are Reels on Instagram). */
        type?: "reel" | undefined;
      })
    | {
        /** A Story. */
        type: "story";
      }
  );

/**
 * The `options` of `publishPhotos` for an Instagram account: one image is an image post (or a
 * Story with `story: true`), 2–10 are a carousel.
 * @group Instagram
 */
export interface InstagramPhotoOptions extends InstagramWaitSettings {
  /** Publish the one image as a Story. */
  story?: boolean | undefined;
  /** The caption (not on Stories). */
  caption?: string | undefined;
  /** Alternative text per image, in order. */
  altTexts?: readonly (string | undefined)[] | undefined;
  /** People tagged, per image, in order (not on Stories). */
  userTags?: readonly (readonly InstagramUserTag[] | undefined)[] | undefined;
  /** A Facebook Page id tagging a place (not on Stories). */
  locationId?: string | undefined;
  /** Collaborators' usernames (not on Stories). */
  collaborators?: readonly string[] | undefined;
}

/** `publishVideo` for an Instagram account. @internal */
export function publishInstagramVideo(
  context: InstagramContext,
  connection: Connection,
  input: VideoPublishInput<InstagramVideoOptions>,
): Promise<PublishJob> {
  const { source, options, idempotencyKey, onProgress, onResumeState, signal } = input ?? {};
  const controls = { idempotencyKey, onProgress, onResumeState, signal };
  const { type, ...settings } = options ?? {};
  const post =
    type === "story"
      ? { ...settings, type: "story" as const, source }
      : { ...settings, type: "reel" as const, source };
  return publishInstagram(context, connection, { ...post, ...controls } as InstagramPublishInput);
}

/** `publishPhotos` for an Instagram account. @internal */
export function publishInstagramPhotos(
  context: InstagramContext,
  connection: Connection,
  input: PhotoPublishInput<InstagramPhotoOptions>,
): Promise<PublishJob> {
  const {
    imageUrls,
    options = {},
    idempotencyKey,
    signal,
  } = input ?? ({} as PhotoPublishInput<InstagramPhotoOptions>);
  const { story, caption, altTexts, userTags, locationId, collaborators, ...wait } = options;
  const controls = { ...wait, idempotencyKey, signal };
  const urls = Array.isArray(imageUrls) ? imageUrls : [];
  const feed = { caption, locationId, collaborators };
  let post: InstagramPublishInput;
  if (story) {
    if (urls.length !== 1) {
      return Promise.reject(
        new ValidationError(`meta: an Instagram Story is one image, not ${urls.length}.`, {
          issues: [{ path: ["imageUrls"], message: "one URL for a Story" }],
          hint: "Publish several Stories one by one.",
        }),
      );
    }
    post = { type: "story", imageUrl: urls[0] as string, ...controls };
  } else if (urls.length === 1) {
    post = {
      type: "image",
      imageUrl: urls[0] as string,
      altText: altTexts?.[0],
      userTags: userTags?.[0],
      ...feed,
      ...controls,
    };
  } else {
    const items: InstagramCarouselItem[] = urls.map((imageUrl, index) => ({
      type: "image",
      imageUrl,
      altText: altTexts?.[index],
      userTags: userTags?.[index],
    }));
    post = { type: "carousel", items, ...feed, ...controls };
  }
  return publishInstagram(context, connection, withoutUndefined(post));
}

function withoutUndefined<T extends object>(value: T): T {
  const copy = { ...value } as Record<string, unknown>;
  for (const key of Object.keys(copy)) if (copy[key] === undefined) delete copy[key];
  if (Array.isArray(copy.items)) {
    copy.items = copy.items.map((item) => (typeof item === "object" && item ? withoutUndefined(item) : item));
  }
  return copy as T;
}
