import { assertScopes } from "@postkit/core";

/**
 * Every TikTok scope postkit knows, in the order TikTok documents them.
 * @group OAuth
 */
export const TIKTOK_SCOPES = [
  "user.info.basic",
  "user.info.profile",
  "user.info.stats",
  "video.list",
  "video.upload",
  "video.publish",
] as const;

/**
 * A TikTok OAuth scope:
 * - `user.info.basic`: `open_id`, `union_id`, avatar URLs, `display_name`.
 * - `user.info.profile`: `bio_description`, `profile_deep_link`, `is_verified`, `username`.
 * - `user.info.stats`: follower, following, likes and video counts.
 * - `video.list`: list and query the user's public videos.
 * - `video.upload`: upload drafts to the user's inbox (the user finishes the post in the app).
 * - `video.publish`: creator info and direct posts.
 * @group OAuth
 */
export type TikTokScope = (typeof TIKTOK_SCOPES)[number];

/** Whether `value` is a {@link TikTokScope}. @group OAuth */
export function isTikTokScope(value: string): value is TikTokScope {
  return (TIKTOK_SCOPES as readonly string[]).includes(value);
}

/** Throws a `ScopeError` naming the scopes to add unless the granted scopes cover `required`. */
export function requireScopes(
  granted: readonly string[],
  required: readonly TikTokScope[],
  operation: string,
): void {
  assertScopes("tiktok", granted, required, operation);
}

/** Throws a `ScopeError` unless at least one of `anyOf` was granted. */
export function requireAnyScope(
  granted: readonly string[],
  anyOf: readonly TikTokScope[],
  operation: string,
): void {
  if (anyOf.some((scope) => granted.includes(scope))) return;
  assertScopes("tiktok", granted, [anyOf[0]!], `${operation} (or ${anyOf.slice(1).join(", ")})`);
}
