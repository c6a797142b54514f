// TikTok's documented rules the emulator enforces (spec: /work/shared/platforms/tiktok.md).

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

/** Per access token, per minute (spec §3.10). */
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
 * Chunk bounds (spec §3.5). Whether TikTok's "MB" is 10^6 or 2^20 bytes is UNCONFIRMED, so the
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
