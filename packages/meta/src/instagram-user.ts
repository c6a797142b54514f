// Internal: the IG user's profile fields, read the same way with either login: by id on
// graph.facebook.com (Facebook Login) or from `/me` on graph.instagram.com (Instagram Login).
// https://developers.facebook.com/docs/instagram-api/reference/ig-user
import * as z from "zod/mini";
import type { MetaProfile } from "./profile.js";

/** The profile fields after the id, in the `fields` query. @internal */
export const IG_USER_FIELDS =
  "username,name,profile_picture_url,followers_count,follows_count,media_count,biography,website";

/** Their schema, spread into each caller's object schema next to its id field. @internal */
export const igUserShape = {
  username: z.optional(z.string()),
  name: z.optional(z.string()),
  profile_picture_url: z.optional(z.string()),
  followers_count: z.optional(z.number()),
  follows_count: z.optional(z.number()),
  media_count: z.optional(z.number()),
  biography: z.optional(z.string()),
  website: z.optional(z.string()),
};

const igUserSchema = z.looseObject(igUserShape);

/** Drops the fields Meta did not send. @internal */
export const defined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** The profile of the IG user `id` from its fields. @internal */
export function instagramProfile(id: string, user: z.infer<typeof igUserSchema>): MetaProfile {
  return defined({
    platform: "instagram" as const,
    id,
    displayName: user.username ?? user.name ?? id,
    username: user.username,
    avatarUrl: user.profile_picture_url,
    followersCount: user.followers_count,
    followsCount: user.follows_count,
    mediaCount: user.media_count,
    biography: user.biography,
    website: user.website,
  });
}
