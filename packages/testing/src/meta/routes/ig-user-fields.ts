// The IG user's profile fields, answered alike on graph.facebook.com (by id, Facebook Login) and
// graph.instagram.com (`/me`, Instagram Login).
// https://developers.facebook.com/docs/instagram-api/reference/ig-user
import type { MetaEmulatedInstagram } from "../state.js";

/** The profile fields besides the id fields each host adds. */
export const IG_USER_FIELDS = [
  "username",
  "name",
  "profile_picture_url",
  "followers_count",
  "follows_count",
  "media_count",
  "biography",
  "website",
] as const;

/** Their values for `account`, by field name. */
export function igUserValues(account: MetaEmulatedInstagram): Record<string, unknown> {
  return {
    username: account.username,
    name: account.name,
    profile_picture_url: account.profilePictureUrl,
    followers_count: account.followersCount,
    follows_count: account.followsCount,
    media_count: account.mediaCount,
    biography: account.biography,
    website: account.website,
  };
}
