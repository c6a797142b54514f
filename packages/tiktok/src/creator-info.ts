import type { CallOptions, TokenSet } from "@postkit/core";
import * as z from "zod/mini";
import type { TikTokContext } from "./context.js";
import { TIKTOK_PATHS } from "./endpoints.js";
import { requireScopes } from "./scopes.js";

/** Who sees a post. @group Posting */
export type TikTokPrivacyLevel =
  | "PUBLIC_TO_EVERYONE"
  | "MUTUAL_FOLLOW_FRIENDS"
  | "FOLLOWER_OF_CREATOR"
  | "SELF_ONLY";

/** Every privacy level TikTok documents. @group Posting */
export const TIKTOK_PRIVACY_LEVELS = Object.freeze([
  "PUBLIC_TO_EVERYONE",
  "MUTUAL_FOLLOW_FRIENDS",
  "FOLLOWER_OF_CREATOR",
  "SELF_ONLY",
] as const satisfies readonly TikTokPrivacyLevel[]);

/**
 * The creator's posting settings from `creator_info/query` (https://developers.tiktok.com/doc/content-posting-api-reference-query-creator-info). TikTok requires apps to
 * fetch it when rendering the post UI and to use the latest values: show `nickname`, offer exactly
 * `privacyLevelOptions` (no default), grey out disabled interactions, enforce the max duration.
 * @group Posting
 */
export interface TikTokCreatorInfo {
  /** Expires after 2 hours. */
  avatarUrl: string;
  /** `creator_username`: the creator's handle. */
  username: string;
  /** Show this in the post UI. */
  nickname: string;
  /** Public accounts: `PUBLIC_TO_EVERYONE`, `MUTUAL_FOLLOW_FRIENDS`, `SELF_ONLY`; private accounts: `FOLLOWER_OF_CREATOR`, … */
  privacyLevelOptions: TikTokPrivacyLevel[];
  /** `comment_disabled`: the creator turned comments off; grey out the option and send `disable_comment: true`. */
  commentDisabled: boolean;
  /** `duet_disabled`: the creator turned duets off; grey out the option and send `disable_duet: true`. */
  duetDisabled: boolean;
  /** `stitch_disabled`: the creator turned stitches off; grey out the option and send `disable_stitch: true`. */
  stitchDisabled: boolean;
  /** `max_video_post_duration_sec`: the longest video this creator may post, in seconds; enforce it before posting. */
  maxVideoPostDurationSec: number;
}

const creatorInfoData = z.looseObject({
  creator_avatar_url: z.string(),
  creator_username: z.string(),
  creator_nickname: z.string(),
  privacy_level_options: z.array(z.string()),
  comment_disabled: z.boolean(),
  duet_disabled: z.boolean(),
  stitch_disabled: z.boolean(),
  max_video_post_duration_sec: z.number(),
});

export async function queryCreatorInfo(
  context: TikTokContext,
  tokens: TokenSet,
  options: CallOptions = {},
): Promise<TikTokCreatorInfo> {
  requireScopes(tokens.scopes, ["video.publish"], "query creator info");
  // Spam and cap errors arrive with HTTP 200: the envelope interpreter catches them.
  const data = await context.api.call({
    method: "POST",
    path: TIKTOK_PATHS.creatorInfo,
    accessToken: tokens.accessToken,
    data: creatorInfoData,
    idempotent: true,
    bucket: "creatorInfo",
    what: "TikTok creator info",
    signal: options.signal,
  });
  return {
    avatarUrl: data.creator_avatar_url,
    username: data.creator_username,
    nickname: data.creator_nickname,
    // Unknown future levels are dropped rather than offered under a type they do not have.
    privacyLevelOptions: data.privacy_level_options.filter((level): level is TikTokPrivacyLevel =>
      (TIKTOK_PRIVACY_LEVELS as readonly string[]).includes(level),
    ),
    commentDisabled: data.comment_disabled,
    duetDisabled: data.duet_disabled,
    stitchDisabled: data.stitch_disabled,
    maxVideoPostDurationSec: data.max_video_post_duration_sec,
  };
}
