import { type CallOptions, type Profile, parseInput, type TokenSet } from "@postkit/core";
import * as z from "zod/mini";
import type { TikTokContext } from "./context.js";
import { TIKTOK_PATHS } from "./endpoints.js";
import { requireScopes, type TikTokScope } from "./scopes.js";

/**
 * Each `/v2/user/info/` field and the scope it needs (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info).
 * @group Profile
 */
export const TIKTOK_USER_FIELD_SCOPES = Object.freeze({
  /** The user's id in this app. */
  open_id: "user.info.basic",
  /** The user's id, the same across one developer's apps. */
  union_id: "user.info.basic",
  /** The profile picture URL. */
  avatar_url: "user.info.basic",
  /** The 100×100 profile picture URL. */
  avatar_url_100: "user.info.basic",
  /** The large profile picture URL. */
  avatar_large_url: "user.info.basic",
  /** The user's display name. */
  display_name: "user.info.basic",
  /** The profile bio. */
  bio_description: "user.info.profile",
  /** A link to the user's TikTok profile. */
  profile_deep_link: "user.info.profile",
  /** Whether the account is verified. */
  is_verified: "user.info.profile",
  /** The user's handle. */
  username: "user.info.profile",
  /** Number of followers (int64). */
  follower_count: "user.info.stats",
  /** Number of accounts the user follows (int64). */
  following_count: "user.info.stats",
  /** The user's likes count (int64); the spec does not say which likes it counts. */
  likes_count: "user.info.stats",
  /** Number of the user's videos (int64). */
  video_count: "user.info.stats",
} as const satisfies Record<string, TikTokScope>);

/** A `/v2/user/info/` field name. @group Profile */
export type TikTokUserField = keyof typeof TIKTOK_USER_FIELD_SCOPES;

/** The type of each user info field. @group Profile */
export interface TikTokUserFields {
  /** The user's id in this app (`user.info.basic`). */
  open_id: string;
  /** The same across one developer's apps (`user.info.basic`). */
  union_id: string;
  /** `user.info.basic` */
  avatar_url: string;
  /** 100×100 avatar (`user.info.basic`). */
  avatar_url_100: string;
  /** `user.info.basic` */
  avatar_large_url: string;
  /** `user.info.basic` */
  display_name: string;
  /** `user.info.profile` */
  bio_description: string;
  /** `user.info.profile` */
  profile_deep_link: string;
  /** `user.info.profile` */
  is_verified: boolean;
  /** The handle, without `@` (`user.info.profile`). */
  username: string;
  /** `user.info.stats` */
  follower_count: number;
  /** `user.info.stats` */
  following_count: number;
  /** `user.info.stats` */
  likes_count: number;
  /** `user.info.stats` */
  video_count: number;
}

/**
 * The user info for exactly the requested fields: `TikTokUserInfo<"display_name" | "follower_count">`
 * has those two properties and no others.
 * @group Profile
 */
export type TikTokUserInfo<F extends TikTokUserField> = { [K in F]: TikTokUserFields[K] };

/** Options of `getUserInfo`: which `/v2/user/info/` fields to read, and an abort signal. @group Profile */
export interface GetUserInfoOptions<F extends TikTokUserField> extends CallOptions {
  /** The fields to ask for. Each one's scope must have been granted. */
  fields: readonly F[];
}

/**
 * The normalized profile from {@link TikTok.getProfile}: the `user.info.basic` fields always, and
 * the `user.info.profile` and `user.info.stats` ones only when those scopes were granted. The spec
 * does not say whether TikTok ever leaves out a requested field (UNCONFIRMED), so the profile
 * tolerates it rather than failing: only `open_id` is required; a missing basic string is `""`, a
 * missing profile field `undefined`, and `stats` is set only when all four counts came back.
 * (`getUserInfo` is strict instead: it returns exactly the requested fields or throws.)
 * @group Profile
 */
export interface TikTokProfile extends Profile {
  /** Always `"tiktok"`. */
  platform: "tiktok";
  /** `open_id`. */
  id: string;
  /** `union_id`: the user's id, the same across one developer's apps (`""` if TikTok leaves it out). */
  unionId: string;
  /** `avatar_url`: the profile picture URL (`""` if TikTok leaves it out). */
  avatarUrl: string;
  /** `avatar_url_100`: the 100×100 profile picture URL (`""` if TikTok leaves it out). */
  avatarUrl100: string;
  /** `avatar_large_url`: the large profile picture URL (`""` if TikTok leaves it out). */
  avatarLargeUrl: string;
  /** `username`: the handle, with `user.info.profile` (`undefined` if TikTok leaves it out). */
  username?: string | undefined;
  /** `profile_deep_link`, with `user.info.profile` (`undefined` if TikTok leaves it out). */
  profileUrl?: string | undefined;
  /** `bio_description`, with `user.info.profile` (`undefined` if TikTok leaves it out). */
  bio?: string | undefined;
  /** `is_verified`, with `user.info.profile` (`undefined` if TikTok leaves it out). */
  isVerified?: boolean | undefined;
  /** With `user.info.stats`, when TikTok returned all four counts (never made-up zeros). */
  stats?:
    | {
        /** `follower_count`: number of followers. */
        followerCount: number;
        /** `following_count`: number of accounts the user follows. */
        followingCount: number;
        /** `likes_count`: the user's likes count; the spec does not say which likes it counts. */
        likesCount: number;
        /** `video_count`: number of the user's videos. */
        videoCount: number;
      }
    | undefined;
}

const FIELD_SCHEMAS: Record<TikTokUserField, z.ZodMiniType> = {
  open_id: z.string(),
  union_id: z.string(),
  avatar_url: z.string(),
  avatar_url_100: z.string(),
  avatar_large_url: z.string(),
  display_name: z.string(),
  bio_description: z.string(),
  profile_deep_link: z.string(),
  is_verified: z.boolean(),
  username: z.string(),
  follower_count: z.number(),
  following_count: z.number(),
  likes_count: z.number(),
  video_count: z.number(),
};

const fieldList = z
  .array(z.enum(Object.keys(TIKTOK_USER_FIELD_SCOPES) as [TikTokUserField, ...TikTokUserField[]]))
  .check(z.minLength(1, "ask for at least one field"));

/** The scopes that `fields` need, in table order, without duplicates. @group Profile */
export function scopesForUserFields(fields: readonly TikTokUserField[]): TikTokScope[] {
  return [...new Set(fields.map((field) => TIKTOK_USER_FIELD_SCOPES[field]))];
}

export async function getUserInfo<F extends TikTokUserField>(
  context: TikTokContext,
  tokens: TokenSet,
  options: GetUserInfoOptions<F>,
): Promise<TikTokUserInfo<F>> {
  const fields = [...new Set(parseInput(fieldList, options.fields, "TikTok user info fields"))] as F[];
  const user = await readUser(context, tokens, fields, () => true, options.signal);
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = user[field];
  return out as TikTokUserInfo<F>;
}

type UserData = { user: Record<string, unknown> };
// One schema per field list and required set, built on first use: at most a handful in practice
// (getProfile uses three), bounded by the field combinations an app asks for.
const USER_SCHEMAS = new Map<string, z.ZodMiniType<UserData>>();

function userSchema(
  fields: readonly TikTokUserField[],
  required: (field: TikTokUserField) => boolean,
): z.ZodMiniType<UserData> {
  const key = fields.map((field) => (required(field) ? `${field}!` : field)).join(",");
  let schema = USER_SCHEMAS.get(key);
  if (!schema) {
    const shape: Record<string, z.ZodMiniType> = {};
    for (const field of fields) {
      shape[field] = required(field) ? FIELD_SCHEMAS[field] : z.optional(FIELD_SCHEMAS[field]);
    }
    schema = z.object({ user: z.looseObject(shape) }) as unknown as z.ZodMiniType<UserData>;
    USER_SCHEMAS.set(key, schema);
  }
  return schema;
}

/** Calls `/v2/user/info/` for `fields`; those `required` says must come back, the others may be absent. */
async function readUser(
  context: TikTokContext,
  tokens: TokenSet,
  fields: readonly TikTokUserField[],
  required: (field: TikTokUserField) => boolean,
  signal: AbortSignal | undefined,
): Promise<Partial<TikTokUserFields>> {
  // A field without its scope: say which scope to add, before the call (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info).
  requireScopes(tokens.scopes, scopesForUserFields(fields), `read the user fields ${fields.join(", ")}`);
  const data = await context.api.call({
    method: "GET",
    path: TIKTOK_PATHS.userInfo,
    accessToken: tokens.accessToken,
    query: { fields: fields.join(",") },
    data: userSchema(fields, required),
    idempotent: true,
    bucket: "userInfo",
    what: "TikTok user info",
    signal,
  });
  return data.user as Partial<TikTokUserFields>;
}

const BASIC = [
  "open_id",
  "union_id",
  "avatar_url",
  "avatar_url_100",
  "avatar_large_url",
  "display_name",
] as const;
const PROFILE = ["bio_description", "profile_deep_link", "is_verified", "username"] as const;
const STATS = ["follower_count", "following_count", "likes_count", "video_count"] as const;

export async function getProfile(
  context: TikTokContext,
  tokens: TokenSet,
  options: CallOptions = {},
): Promise<TikTokProfile> {
  if (!tokens.scopes.includes("user.info.basic")) {
    requireScopes(tokens.scopes, ["user.info.basic"], "read the profile");
  }
  const withProfile = tokens.scopes.includes("user.info.profile");
  const withStats = tokens.scopes.includes("user.info.stats");
  const fields: TikTokUserField[] = [...BASIC, ...(withProfile ? PROFILE : []), ...(withStats ? STATS : [])];
  // Tolerant: only the id is required (see TikTokProfile).
  const user = await readUser(context, tokens, fields, (field) => field === "open_id", options.signal);
  const counts = [user.follower_count, user.following_count, user.likes_count, user.video_count];
  return {
    platform: "tiktok",
    id: user.open_id as string,
    displayName: user.display_name ?? "",
    unionId: user.union_id ?? "",
    avatarUrl: user.avatar_url ?? "",
    avatarUrl100: user.avatar_url_100 ?? "",
    avatarLargeUrl: user.avatar_large_url ?? "",
    ...(withProfile
      ? {
          username: user.username,
          profileUrl: user.profile_deep_link,
          bio: user.bio_description,
          isVerified: user.is_verified,
        }
      : {}),
    ...(withStats && counts.every((count) => count !== undefined)
      ? {
          stats: {
            followerCount: user.follower_count as number,
            followingCount: user.following_count as number,
            likesCount: user.likes_count as number,
            videoCount: user.video_count as number,
          },
        }
      : {}),
  };
}
