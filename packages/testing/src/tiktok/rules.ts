// TikTok's documented rules the emulator enforces (https://developers.tiktok.com/doc/).
import { fail } from "./errors.js";
import type { TikTokCreatorSettings } from "./state.js";

export const TIKTOK_EMULATOR_SCOPES = [
  "user.info.basic",
  "user.info.profile",
  "user.info.stats",
  "video.list",
  "video.upload",
  "video.publish",
] as const;

export const USER_FIELD_SCOPES: Readonly<Record<string, string>> = {
  open_id: "user.info.basic",
  union_id: "user.info.basic",
  avatar_url: "user.info.basic",
  avatar_url_100: "user.info.basic",
  avatar_large_url: "user.info.basic",
  display_name: "user.info.basic",
  bio_description: "user.info.profile",
  profile_deep_link: "user.info.profile",
  is_verified: "user.info.profile",
  username: "user.info.profile",
  follower_count: "user.info.stats",
  following_count: "user.info.stats",
  likes_count: "user.info.stats",
  video_count: "user.info.stats",
};

export const VIDEO_FIELDS = [
  "id",
  "create_time",
  "cover_image_url",
  "share_url",
  "video_description",
  "duration",
  "height",
  "width",
  "title",
  "embed_html",
  "embed_link",
  "like_count",
  "comment_count",
  "share_count",
  "view_count",
] as const;

export const PRIVACY_LEVELS = [
  "PUBLIC_TO_EVERYONE",
  "MUTUAL_FOLLOW_FRIENDS",
  "FOLLOWER_OF_CREATOR",
  "SELF_ONLY",
];

export const VIDEO_CONTENT_TYPES = ["video/mp4", "video/quicktime", "video/webm"];

/** Per access token, per minute (https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit). */
export const RATE_LIMITS: Readonly<Record<string, number>> = {
  "/v2/post/publish/creator_info/query/": 20,
  "/v2/post/publish/video/init/": 6,
  "/v2/post/publish/inbox/video/init/": 6,
  "/v2/post/publish/content/init/": 6,
  "/v2/post/publish/status/fetch/": 30,
  "/v2/user/info/": 600,
  "/v2/video/list/": 600,
  "/v2/video/query/": 600,
};

/**
 * Chunk bounds (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide). Whether TikTok's "MB" is 10^6 or 2^20 bytes is UNCONFIRMED, so the
 * emulator takes the stricter reading of each bound: a chunk is at least 5 MiB and at most
 * 64,000,000 B; a single chunk at most 64,000,000 B; the final chunk at most 128,000,000 B.
 */
export const CHUNK = {
  min: 5 * 1024 * 1024,
  max: 64_000_000,
  singleMax: 64_000_000,
  finalMax: 128_000_000,
  maxCount: 1000,
  maxVideoSize: 4 * 1024 * 1024 * 1024,
} as const;

/** Why a FILE_UPLOAD `source_info` is invalid, or `undefined` when TikTok would accept it. */
export function chunkProblem(videoSize: unknown, chunkSize: unknown, total: unknown): string | undefined {
  if (!isPositiveInt(videoSize) || !isPositiveInt(chunkSize) || !isPositiveInt(total)) {
    return "video_size, chunk_size and total_chunk_count must be positive integers";
  }
  if (videoSize > CHUNK.maxVideoSize) return "The video is larger than 4 GB";
  if (total !== Math.floor(videoSize / chunkSize))
    return "The total chunk count is invalid (floor(video_size / chunk_size))";
  if (total === 1) {
    if (chunkSize !== videoSize) return "The chunk size is invalid (a single chunk must be the whole video)";
    if (videoSize > CHUNK.singleMax)
      return "The chunk size is invalid (videos over 64 MB need several chunks)";
    return undefined;
  }
  if (chunkSize < CHUNK.min || chunkSize > CHUNK.max) return "The chunk size is invalid (5 MB to 64 MB)";
  if (total > CHUNK.maxCount) return "The total chunk count is invalid (at most 1000)";
  if (videoSize - (total - 1) * chunkSize > CHUNK.finalMax)
    return "The chunk size is invalid (final chunk over 128 MB)";
  return undefined;
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}

/** A 64-lowercase-hex SHA-256 challenge (TikTok desktop style). */
export const HEX_CHALLENGE = /^[0-9a-f]{64}$/;
/** An RFC 7636 base64url SHA-256 challenge. */
export const BASE64URL_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
/** RFC 7636 verifier. */
export const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

// ── post_info (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post, https://developers.tiktok.com/doc/content-posting-api-reference-photo-post) ───────────────────────────────────────────────────────────────

export function privacyOptions(creator: TikTokCreatorSettings): string[] {
  return creator.privateAccount
    ? ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
    : ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"];
}

export function privacyMismatch(message: string): Response {
  return fail(403, "privacy_level_option_mismatch", message);
}

/** Checks a direct post's `post_info` for `creator`; returns an error response or undefined. */
export function checkPostInfo(
  info: Record<string, unknown>,
  photo: boolean,
  creator: TikTokCreatorSettings,
  audited: boolean | undefined,
): Response | undefined {
  const privacy = info.privacy_level;
  if (typeof privacy !== "string" || !privacyOptions(creator).includes(privacy)) {
    return privacyMismatch("privacy_level is missing or not in privacy_level_options");
  }
  if (audited === false) {
    if (!creator.privateAccount) {
      return fail(
        403,
        "unaudited_client_can_only_post_to_private_accounts",
        "Unaudited clients can only post to private accounts",
      );
    }
    // UNCONFIRMED: the spec says unaudited content is SELF_ONLY but names no error for another
    // level; privacy_level_option_mismatch is the documented code closest to it.
    if (privacy !== "SELF_ONLY") return privacyMismatch("Unaudited clients can only post SELF_ONLY content");
  }
  const texts = checkTexts(info, photo);
  if (texts) return texts;
  // UNCONFIRMED: the spec gives the rules below (CS) but not TikTok's error for breaking them;
  // invalid_param is the Content Posting API's documented code for a bad parameter.
  if (info.brand_content_toggle === true && privacy === "SELF_ONLY") {
    return fail(400, "invalid_param", "Branded content cannot be private (SELF_ONLY)");
  }
  const toggles: Array<[string, boolean]> = photo
    ? [["disable_comment", creator.commentDisabled]]
    : [
        ["disable_comment", creator.commentDisabled],
        ["disable_duet", creator.duetDisabled],
        ["disable_stitch", creator.stitchDisabled],
      ];
  for (const [name, disabled] of toggles) {
    if (disabled && info[name] === false)
      return fail(400, "invalid_param", `${name} must be true: the creator disabled it`);
  }
  for (const name of [
    "disable_comment",
    "disable_duet",
    "disable_stitch",
    "brand_content_toggle",
    "brand_organic_toggle",
    "is_aigc",
    "auto_add_music",
  ]) {
    if (info[name] !== undefined && typeof info[name] !== "boolean")
      return fail(400, "invalid_param", `${name} must be a boolean`);
  }
  return undefined;
}

/**
 * Title (and a photo's description) lengths in UTF-16 units (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post, https://developers.tiktok.com/doc/content-posting-api-reference-photo-post). UNCONFIRMED:
 * the error for a text over the limit; invalid_param, the documented code for a bad parameter.
 */
function checkTexts(info: Record<string, unknown>, photo: boolean): Response | undefined {
  const titleLimit = photo ? 90 : 2200;
  if (info.title !== undefined && (typeof info.title !== "string" || info.title.length > titleLimit)) {
    return fail(400, "invalid_param", `title must be at most ${titleLimit} UTF-16 units`);
  }
  if (photo && info.description !== undefined) {
    if (typeof info.description !== "string" || info.description.length > 4000) {
      return fail(400, "invalid_param", "description must be at most 4000 UTF-16 units");
    }
  }
  return undefined;
}

/** `post_info` of a photo MEDIA_UPLOAD: texts, an optional privacy level, no direct-only field. */
export function checkMediaUploadInfo(info: Record<string, unknown>, creator: TikTokCreatorSettings) {
  const texts = checkTexts(info, true);
  if (texts) return texts;
  // privacy_level is "required for DIRECT_POST" and not direct-only (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post), so an upload may
  // carry one. UNCONFIRMED: that TikTok checks it against the options, and with this code.
  const privacy = info.privacy_level;
  if (privacy !== undefined && (typeof privacy !== "string" || !privacyOptions(creator).includes(privacy))) {
    return privacyMismatch("privacy_level is not in privacy_level_options");
  }
  // UNCONFIRMED: the spec lists these as DIRECT_POST only without saying whether TikTok rejects
  // or ignores them in an upload; rejecting catches an SDK that sends them.
  for (const name of ["disable_comment", "auto_add_music", "brand_content_toggle", "brand_organic_toggle"]) {
    if (info[name] !== undefined) return fail(400, "invalid_param", `${name} is only for DIRECT_POST`);
  }
  return undefined;
}
