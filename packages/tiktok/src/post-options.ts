import { parseInput, ValidationError, type ValidationIssue } from "@postkit/core";
import * as z from "zod/mini";
import { TIKTOK_PRIVACY_LEVELS, type TikTokCreatorInfo, type TikTokPrivacyLevel } from "./creator-info.js";

/** Caption limits in UTF-16 code units (JS string length), https://developers.tiktok.com/doc/content-posting-api-reference-direct-post, https://developers.tiktok.com/doc/content-posting-api-reference-photo-post @group Posting */
export const TIKTOK_TEXT_LIMITS = Object.freeze({
  /** A video's `title` (the caption): 2200 (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post). */
  videoTitle: 2200,
  /** A photo post's `title`: 90 (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post). */
  photoTitle: 90,
  /** A photo post's `description`: 4000 (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post). */
  photoDescription: 4000,
});

/** At most this many images in one photo post (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post). @group Posting */
export const TIKTOK_MAX_PHOTO_IMAGES = 35;

/**
 * Options of a direct video post (`post_info`, https://developers.tiktok.com/doc/content-posting-api-reference-direct-post). Checked against the creator info
 * before the init call.
 * @group Posting
 */
export interface TikTokDirectPostOptions {
  /**
   * Who sees the post: one of the creator's `privacyLevelOptions`, chosen by the user. There is
   * deliberately no default (TikTok's UX rules forbid one).
   */
  privacyLevel: TikTokPrivacyLevel;
  /**
   * The video's duration in seconds, checked against the creator's `maxVideoPostDurationSec`
   * (postkit does not parse video files, so the app says it).
   */
  durationSec: number;
  /** The caption, at most 2200 UTF-16 units; `#hashtags` and `@mentions` are parsed. */
  title?: string | undefined;
  /** `true` turns comments off. When the creator disabled comments postkit sends `true` and refuses `false`. */
  disableComment?: boolean | undefined;
  /** Refused as `false` when the creator disabled duets. */
  disableDuet?: boolean | undefined;
  /** Refused as `false` when the creator disabled stitches. */
  disableStitch?: boolean | undefined;
  /** Cover frame in milliseconds; TikTok falls back to the first frame. */
  videoCoverTimestampMs?: number | undefined;
  /** Paid partnership promoting a third party ("Branded content"). Cannot be `SELF_ONLY`. @default false */
  brandContentToggle?: boolean | undefined;
  /** Promotes the creator's own business ("Your brand"). @default false */
  brandOrganicToggle?: boolean | undefined;
  /** Label the video "Creator labeled as AI-generated". */
  isAigc?: boolean | undefined;
}

/** TikTok's `post_info` for a video init. @group Posting */
export interface TikTokVideoPostInfo {
  /** Who sees the post; must be one of the creator's `privacy_level_options`, else `privacy_level_option_mismatch`. */
  privacy_level: TikTokPrivacyLevel;
  /** The caption, at most 2200 UTF-16 units; `#hashtags` and `@mentions` are parsed. */
  title?: string;
  /** Turns comments off; always `true` when the creator disabled comments. */
  disable_comment: boolean;
  /** Turns duets off; always `true` when the creator disabled duets. */
  disable_duet: boolean;
  /** Turns stitches off; always `true` when the creator disabled stitches. */
  disable_stitch: boolean;
  /** The cover frame in milliseconds (int32); TikTok uses the first frame when unset or invalid. */
  video_cover_timestamp_ms?: number;
  /** Paid partnership promoting a third party; cannot be `SELF_ONLY`. Always sent (the docs mark it required). */
  brand_content_toggle: boolean;
  /** Promotes the creator's own business. */
  brand_organic_toggle: boolean;
  /** Adds the label "Creator labeled as AI-generated". */
  is_aigc?: boolean;
}

const utf16Max = (limit: number) =>
  z.string().check(z.refine((value) => value.length <= limit, `at most ${limit} UTF-16 units`));

const directOptionsSchema = z.object({
  privacyLevel: z.enum(TIKTOK_PRIVACY_LEVELS),
  durationSec: z.number().check(z.positive()),
  title: z.optional(utf16Max(TIKTOK_TEXT_LIMITS.videoTitle)),
  disableComment: z.optional(z.boolean()),
  disableDuet: z.optional(z.boolean()),
  disableStitch: z.optional(z.boolean()),
  videoCoverTimestampMs: z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(2_147_483_647))),
  brandContentToggle: z.optional(z.boolean()),
  brandOrganicToggle: z.optional(z.boolean()),
  isAigc: z.optional(z.boolean()),
});

function fail(what: string, issues: ValidationIssue[]): never {
  throw new ValidationError(
    `Invalid ${what}: ${issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    { issues },
  );
}

function checkPrivacy(
  issues: ValidationIssue[],
  privacyLevel: TikTokPrivacyLevel,
  creator: TikTokCreatorInfo,
): void {
  if (!creator.privacyLevelOptions.includes(privacyLevel)) {
    issues.push({
      path: ["privacyLevel"],
      message: `${privacyLevel} is not one of this creator's options (${creator.privacyLevelOptions.join(", ")})`,
    });
  }
}

function checkToggle(
  issues: ValidationIssue[],
  name: "disableComment" | "disableDuet" | "disableStitch",
  value: boolean | undefined,
  creatorDisabled: boolean,
  label: string,
): boolean {
  if (creatorDisabled && value === false) {
    issues.push({
      path: [name],
      message: `the creator disabled ${label}; it cannot be turned on for this post`,
    });
  }
  return creatorDisabled || (value ?? false);
}

/**
 * Checks direct-post options against the creator's latest info and returns TikTok's `post_info`.
 * Throws a `ValidationError` listing every problem: privacy level not offered, video longer than
 * the creator may post, title too long, branded content with `SELF_ONLY`, an interaction turned on
 * that the creator disabled.
 * @group Posting
 */
export function checkDirectPostOptions(
  options: TikTokDirectPostOptions,
  creator: TikTokCreatorInfo,
): TikTokVideoPostInfo {
  const input = parseInput(directOptionsSchema, options, "TikTok post options");
  const issues: ValidationIssue[] = [];
  checkPrivacy(issues, input.privacyLevel, creator);
  if (input.durationSec > creator.maxVideoPostDurationSec) {
    issues.push({
      path: ["durationSec"],
      message: `${input.durationSec} s is longer than this creator may post (${creator.maxVideoPostDurationSec} s)`,
    });
  }
  if (input.brandContentToggle && input.privacyLevel === "SELF_ONLY") {
    issues.push({ path: ["brandContentToggle"], message: "branded content cannot be private (SELF_ONLY)" });
  }
  const disableComment = checkToggle(
    issues,
    "disableComment",
    input.disableComment,
    creator.commentDisabled,
    "comments",
  );
  const disableDuet = checkToggle(issues, "disableDuet", input.disableDuet, creator.duetDisabled, "duets");
  const disableStitch = checkToggle(
    issues,
    "disableStitch",
    input.disableStitch,
    creator.stitchDisabled,
    "stitches",
  );
  if (issues.length) fail("TikTok post options", issues);
  return {
    privacy_level: input.privacyLevel,
    ...(input.title !== undefined ? { title: input.title } : {}),
    disable_comment: disableComment,
    disable_duet: disableDuet,
    disable_stitch: disableStitch,
    ...(input.videoCoverTimestampMs !== undefined
      ? { video_cover_timestamp_ms: input.videoCoverTimestampMs }
      : {}),
    brand_content_toggle: input.brandContentToggle ?? false,
    brand_organic_toggle: input.brandOrganicToggle ?? false,
    ...(input.isAigc !== undefined ? { is_aigc: input.isAigc } : {}),
  };
}

/**
 * A photo post (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post): images pulled by TikTok from URLs on a verified domain.
 * @group Posting
 */
export type TikTokPhotoPostOptions =
  | (TikTokPhotoDirectPost & TikTokPhotoCommon)
  | (TikTokPhotoMediaUpload & TikTokPhotoCommon);

/** The `DIRECT_POST` mode of a photo post and its fields. @group Posting */
export interface TikTokPhotoDirectPost {
  /** Publish now; needs `video.publish`. */
  postMode: "DIRECT_POST";
  /** One of the creator's `privacyLevelOptions`; required, no default. */
  privacyLevel: TikTokPrivacyLevel;
  /** Refused as `false` when the creator disabled comments. */
  disableComment?: boolean | undefined;
  /**
   * Sent as `auto_add_music` (`DIRECT_POST` only). The spec names the field without describing it;
   * that TikTok then adds music automatically is UNCONFIRMED.
   */
  autoAddMusic?: boolean | undefined;
  /** Cannot be `SELF_ONLY`. @default false */
  brandContentToggle?: boolean | undefined;
  /** @default false */
  brandOrganicToggle?: boolean | undefined;
}

/** The `MEDIA_UPLOAD` mode of a photo post (to the creator's inbox) and its fields. @group Posting */
export interface TikTokPhotoMediaUpload {
  /** Send to the creator's inbox to finish in the app; needs `video.upload`. */
  postMode: "MEDIA_UPLOAD";
  /**
   * Optional here, never defaulted: the spec requires `privacy_level` for `DIRECT_POST` only,
   * but uploads sent without one reportedly stalled (cause UNCONFIRMED). When given, it is
   * checked against the creator info: `creatorInfo` if you pass it, else queried when the token
   * has `video.publish` (creator info needs that scope); otherwise only TikTok checks it.
   */
  privacyLevel?: TikTokPrivacyLevel | undefined;
}

/** The text and cover of a photo post, in both modes. @group Posting */
export interface TikTokPhotoDetails {
  /** Index of the cover image, 0-based. @default 0 */
  coverIndex?: number | undefined;
  /** At most 90 UTF-16 units. */
  title?: string | undefined;
  /** At most 4000 UTF-16 units. */
  description?: string | undefined;
  /** Label the post as AI-generated (top-level `is_aigc`, 2026 docs). */
  isAigc?: boolean | undefined;
}

/** Fields of both photo post modes. @group Posting */
export interface TikTokPhotoCommon extends TikTokPhotoDetails {
  /** 1–35 `https` URLs on a domain or URL prefix verified in the developer portal. */
  imageUrls: readonly string[];
}

const httpsUrl = z.string().check(
  z.refine((value) => {
    try {
      return new URL(value).protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an absolute https URL (TikTok pulls it; redirects are not followed)"),
);

const photoSchema = z.object({
  postMode: z.enum(["DIRECT_POST", "MEDIA_UPLOAD"]),
  privacyLevel: z.optional(z.enum(TIKTOK_PRIVACY_LEVELS)),
  disableComment: z.optional(z.boolean()),
  autoAddMusic: z.optional(z.boolean()),
  brandContentToggle: z.optional(z.boolean()),
  brandOrganicToggle: z.optional(z.boolean()),
  imageUrls: z.array(httpsUrl).check(z.minLength(1), z.maxLength(TIKTOK_MAX_PHOTO_IMAGES)),
  coverIndex: z.optional(z.number().check(z.int(), z.nonnegative())),
  title: z.optional(utf16Max(TIKTOK_TEXT_LIMITS.photoTitle)),
  description: z.optional(utf16Max(TIKTOK_TEXT_LIMITS.photoDescription)),
  isAigc: z.optional(z.boolean()),
});

/** The JSON body of `content/init` for a photo post. @group Posting */
export interface TikTokPhotoInitBody {
  /** Always `"PHOTO"`, the only media type `content/init` documents. */
  media_type: "PHOTO";
  /** `DIRECT_POST` publishes (`video.publish`); `MEDIA_UPLOAD` sends to the creator's inbox (`video.upload`). */
  post_mode: "DIRECT_POST" | "MEDIA_UPLOAD";
  /**
   * `title` and `description`; `privacy_level` (required for `DIRECT_POST`, optional for
   * `MEDIA_UPLOAD`); for `DIRECT_POST` also `disable_comment`, `auto_add_music` and the brand toggles.
   */
  post_info: Record<string, string | boolean>;
  /** Where TikTok pulls the images from. */
  source_info: {
    /** Always `"PULL_FROM_URL"`: photos have no `FILE_UPLOAD`. */
    source: "PULL_FROM_URL";
    /** 1–35 `https` image URLs on a domain or URL prefix verified in the developer portal. */
    photo_images: string[];
    /** 0-based index of the cover image in `photo_images`. */
    photo_cover_index: number;
  };
  /** Labels the post as AI-generated (top-level, new in the 2026 docs); sent only when set. */
  is_aigc?: boolean;
}

/**
 * Checks photo-post options and builds the `content/init` body. The privacy level and toggles are
 * checked against `creator`, which `DIRECT_POST` needs; for `MEDIA_UPLOAD` without `creator` a
 * `privacyLevel` is sent unchecked. Throws a `ValidationError` listing every problem.
 * @group Posting
 */
export function checkPhotoPostOptions(
  options: TikTokPhotoPostOptions,
  creator: TikTokCreatorInfo | undefined,
): TikTokPhotoInitBody {
  const input = parseInput(photoSchema, options, "TikTok photo post options");
  const issues: ValidationIssue[] = [];
  const coverIndex = input.coverIndex ?? 0;
  if (coverIndex >= input.imageUrls.length) {
    issues.push({
      path: ["coverIndex"],
      message: `must be below the number of images (${input.imageUrls.length})`,
    });
  }
  const postInfo: Record<string, string | boolean> = {};
  if (input.title !== undefined) postInfo.title = input.title;
  if (input.description !== undefined) postInfo.description = input.description;
  if (input.postMode === "DIRECT_POST") {
    if (!creator) throw new ValidationError("A DIRECT_POST photo post needs the creator info.");
    if (input.privacyLevel === undefined) {
      issues.push({ path: ["privacyLevel"], message: "required for DIRECT_POST, with no default" });
    } else {
      checkPrivacy(issues, input.privacyLevel, creator);
      postInfo.privacy_level = input.privacyLevel;
      if (input.brandContentToggle && input.privacyLevel === "SELF_ONLY") {
        issues.push({
          path: ["brandContentToggle"],
          message: "branded content cannot be private (SELF_ONLY)",
        });
      }
    }
    postInfo.disable_comment = checkToggle(
      issues,
      "disableComment",
      input.disableComment,
      creator.commentDisabled,
      "comments",
    );
    if (input.autoAddMusic !== undefined) postInfo.auto_add_music = input.autoAddMusic;
    postInfo.brand_content_toggle = input.brandContentToggle ?? false;
    postInfo.brand_organic_toggle = input.brandOrganicToggle ?? false;
  } else {
    if (input.privacyLevel !== undefined) {
      if (creator) checkPrivacy(issues, input.privacyLevel, creator);
      postInfo.privacy_level = input.privacyLevel;
    }
    for (const name of [
      "disableComment",
      "autoAddMusic",
      "brandContentToggle",
      "brandOrganicToggle",
    ] as const) {
      if (input[name] !== undefined) issues.push({ path: [name], message: "only for DIRECT_POST" });
    }
  }
  if (issues.length) fail("TikTok photo post options", issues);
  return {
    media_type: "PHOTO",
    post_mode: input.postMode,
    post_info: postInfo,
    source_info: {
      source: "PULL_FROM_URL",
      photo_images: [...input.imageUrls],
      photo_cover_index: coverIndex,
    },
    ...(input.isAigc !== undefined ? { is_aigc: input.isAigc } : {}),
  };
}

/** Validates a `PULL_FROM_URL` video URL (absolute https). */
export function checkMediaUrl(url: string, what: string): string {
  return parseInput(httpsUrl, url, what);
}
