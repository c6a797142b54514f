// The emulator's data: accounts (profile, posting settings, videos), codes, tokens, publishes and
// upload URLs, with the helpers that create them. Route modules read and change it through the
// shared context (context.ts); nothing here answers a request.
import { randomInt } from "node:crypto";
import { ByteSink } from "../harness/byte-sink.js";
import { mintId, mintSecret } from "../harness/secrets.js";
import type { TikTokContext } from "./context.js";
import type { TikTokEmulatorOptions } from "./options.js";
import { TIKTOK_EMULATOR_SCOPES } from "./rules.js";

/** The emulated creator's posting settings, as `creator_info/query` reports them. */
export interface TikTokCreatorSettings {
  /** Answered as `creator_nickname`, the name the posting UI must show. @default the user's `display_name` */
  nickname: string;
  /** Answered as `creator_username`. @default the user's `username` */
  username: string;
  /** Answered as `creator_avatar_url`. @default the user's `avatar_url` */
  avatarUrl: string;
  /** A private account gets `FOLLOWER_OF_CREATOR` instead of `PUBLIC_TO_EVERYONE`. */
  privateAccount: boolean;
  /**
   * Answered as `comment_disabled`; when `true`, a direct post (video or photo) that sends
   * `disable_comment: false` is rejected with 400 `invalid_param`.
   * @default false
   */
  commentDisabled: boolean;
  /**
   * Answered as `duet_disabled`; when `true`, a direct video post that sends `disable_duet: false`
   * is rejected with 400 `invalid_param`.
   * @default false
   */
  duetDisabled: boolean;
  /**
   * Answered as `stitch_disabled`; when `true`, a direct video post that sends
   * `disable_stitch: false` is rejected with 400 `invalid_param`.
   * @default false
   */
  stitchDisabled: boolean;
  /**
   * Answered as `max_video_post_duration_sec`, the longest video the creator may post; the
   * emulator only reports it (it does not inspect the uploaded video).
   * @default 600
   */
  maxVideoPostDurationSec: number;
  /**
   * Make creator_info answer this error **with HTTP 200** (as TikTok does for
   * `spam_risk_too_many_posts`, `spam_risk_user_banned_from_posting`, `reached_active_user_cap`),
   * and the init calls answer it with 403.
   */
  postingError?: string | undefined;
}

/** The emulated user's profile. */
export interface TikTokEmulatedUser {
  /**
   * The user's id for this app; also the `open_id` of this user's token responses and the owner
   * of this user's publishes. Scope `user.info.basic`. @default a fresh random id
   */
  open_id: string;
  /** The user's id across one developer's apps. Scope `user.info.basic`. */
  union_id: string;
  /** Profile image URL. Scope `user.info.basic`. */
  avatar_url: string;
  /** Profile image URL, 100×100. Scope `user.info.basic`. */
  avatar_url_100: string;
  /** Larger profile image URL. Scope `user.info.basic`. */
  avatar_large_url: string;
  /** The profile name. Scope `user.info.basic`. @default "Emulated Creator" ("Emulated Creator N" for other accounts) */
  display_name: string;
  /** The profile bio. Scope `user.info.profile`. */
  bio_description: string;
  /** Link to the profile in the TikTok app. Scope `user.info.profile`. */
  profile_deep_link: string;
  /** Whether the account is verified. Scope `user.info.profile`. @default false */
  is_verified: boolean;
  /** The `@` handle. Scope `user.info.profile`. @default "emulated.creator" ("emulated.creatorN" for other accounts) */
  username: string;
  /** Scope `user.info.stats`. @default 1234 */
  follower_count: number;
  /** Scope `user.info.stats`. @default 56 */
  following_count: number;
  /** Total likes on the user's videos. Scope `user.info.stats`. @default 78910 */
  likes_count: number;
  /**
   * Scope `user.info.stats`. Only the reported number: the seeded video list follows
   * {@link TikTokEmulatorOptions.videoCount}. @default the `videoCount` option (0 for other accounts)
   */
  video_count: number;
}

/** One of the user's videos (https://developers.tiktok.com/doc/tiktok-api-v2-video-object). `id` is a 19-digit string. */
export interface TikTokEmulatedVideo {
  /** The video id (TikTok's "item_id"), the key of `video/query` filters. */
  id: string;
  /**
   * Unix seconds. Seeded videos are one day apart, newest an hour before the emulator started;
   * `video/list` sorts and pages by it (its `cursor` is this value in milliseconds).
   */
  create_time: number;
  /** The cover image URL. */
  cover_image_url: string;
  /** The public URL of the video. */
  share_url: string;
  /** The description (TikTok allows up to 150 characters). */
  video_description: string;
  /** Length in seconds. */
  duration: number;
  /** Height in pixels. */
  height: number;
  /** Width in pixels. */
  width: number;
  /** The title (TikTok allows up to 150 characters). */
  title: string;
  /** HTML to embed the video. */
  embed_html: string;
  /** The embed player URL. */
  embed_link: string;
  /** Number of likes. */
  like_count: number;
  /** Number of comments. */
  comment_count: number;
  /** Number of shares. */
  share_count: number;
  /** Number of views. */
  view_count: number;
}

/** What the emulator knows about one publish. */
export interface TikTokEmulatedPublish {
  /** The `publish_id` the init call returned, e.g. `v_pub_file~v2-1.…`. */
  publishId: string;
  /** Which init created it: `video/init` (direct post), `inbox/video/init` or `content/init` (photo). */
  kind: "video" | "inbox" | "photo";
  /** `source_info.source` of the init call; photos are always `PULL_FROM_URL`. */
  source: "FILE_UPLOAD" | "PULL_FROM_URL";
  /**
   * `DIRECT_POST` posts it (status ends `PUBLISH_COMPLETE`); `MEDIA_UPLOAD` sends it to the user's
   * inbox (status ends `SEND_TO_USER_INBOX`).
   */
  postMode: "DIRECT_POST" | "MEDIA_UPLOAD";
  /** The `open_id` of the user whose token created it; other users' tokens cannot query or cancel it. */
  openId: string;
  /** The `post_info` the init call sent, as received (`{}` when it sent none). */
  postInfo: Record<string, unknown>;
  /** `source_info.video_size` in bytes (FILE_UPLOAD; 0 otherwise). */
  videoSize: number;
  /** `source_info.chunk_size` in bytes (FILE_UPLOAD; 0 otherwise). */
  chunkSize: number;
  /** `source_info.total_chunk_count` (FILE_UPLOAD; 0 otherwise). */
  totalChunkCount: number;
  /** Bytes accepted so far. */
  received: number;
  /** Chunk PUTs accepted (206 or 201). */
  chunksAccepted: number;
  /** The uploaded bytes; {@link TikTokEmulator.upload} reads size, hash and bytes from it. */
  sink: ByteSink;
  /** The `upload_id` in the `upload_url` (FILE_UPLOAD). */
  uploadId: string;
  /**
   * When the `upload_url` expires, epoch ms on the emulator's clock: one hour after init. A PUT
   * from then on gets 403; advance the clock to test it.
   */
  expiresAt: number;
  /** Every chunk arrived (the final PUT got 201); status polling moves past `PROCESSING_UPLOAD`. */
  complete: boolean;
  /** A `cancel` call succeeded; the status is `FAILED` with `fail_reason` `publish_cancelled`. */
  cancelled: boolean;
  /**
   * Status fetches counted once all bytes arrived (FILE_UPLOAD) or from init (PULL_FROM_URL);
   * compared with the `processingPolls` and `moderationPolls` options. A pull can be cancelled
   * only while it is at most `processingPolls`.
   */
  polls: number;
  /** The int64 post id as decimal text (beyond 2^53). */
  postId: string;
}

export interface CodeRecord {
  account: Account;
  scopes: string[];
  redirectUri: string;
  challenge: string;
  expiresAt: number;
  used: boolean;
}

export interface TokenRecord {
  account: Account;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

/** One TikTok user: profile, posting settings, videos and the uploads waiting in their inbox. */
export interface Account {
  user: TikTokEmulatedUser;
  creator: TikTokCreatorSettings;
  videos: TikTokEmulatedVideo[];
  /** When each inbox share (draft or photo MEDIA_UPLOAD) was created, for the 5-per-24-h cap. */
  pendingShares: number[];
}

/** Everything the emulator remembers; `signedIn` is who the authorization page logs in. */
export interface TikTokState {
  readonly defaultAccount: Account;
  readonly accounts: Account[];
  signedIn: Account;
  readonly codes: Map<string, CodeRecord>;
  readonly accessTokens: Map<string, TokenRecord>;
  readonly refreshTokens: Map<string, TokenRecord>;
  readonly publishes: Map<string, TikTokEmulatedPublish>;
  /** upload_id → the publish it uploads to and the token its URL carries. */
  readonly uploads: Map<string, { publishId: string; token: string }>;
  /** Per path and token, when each recent call was made (rate-limit windows). */
  readonly windows: Map<string, number[]>;
  /** Set by the `late-processing-failure` preset: status fetches report processing this many times, then FAILED. */
  lateFailureAfterPolls: number | undefined;
}

/** The default account (seeded with `videoCount` videos) and the `otherAccounts`, nothing else yet. */
export function createState(options: TikTokEmulatorOptions, now: number): TikTokState {
  const defaultAccount = newAccount(
    { user: options.user, creator: options.creator },
    {
      display_name: "Emulated Creator",
      username: "emulated.creator",
      profile_deep_link: "https://vm.tiktok.example/ZMemulated/",
      video_count: options.videoCount ?? 25,
    },
    seedVideos(options.videoCount ?? 25, now),
  );
  const accounts: Account[] = [
    defaultAccount,
    ...(options.otherAccounts ?? []).map((spec, index) =>
      newAccount(
        spec,
        {
          display_name: `Emulated Creator ${index + 2}`,
          username: `emulated.creator${index + 2}`,
          profile_deep_link: `https://vm.tiktok.example/ZMemulated${index + 2}/`,
          video_count: 0,
        },
        [],
      ),
    ),
  ];
  return {
    defaultAccount,
    accounts,
    signedIn: defaultAccount,
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    publishes: new Map(),
    uploads: new Map(),
    windows: new Map(),
    lateFailureAfterPolls: undefined,
  };
}

function newAccount(
  overrides: {
    user?: Partial<TikTokEmulatedUser> | undefined;
    creator?: Partial<TikTokCreatorSettings> | undefined;
  },
  defaults: Pick<TikTokEmulatedUser, "display_name" | "username" | "profile_deep_link" | "video_count">,
  videos: TikTokEmulatedVideo[],
): Account {
  const user: TikTokEmulatedUser = {
    open_id: `_000${mintId()}`,
    union_id: `union-${mintId()}`,
    avatar_url: "https://p16.tiktokcdn.example/avatar.jpeg",
    avatar_url_100: "https://p16.tiktokcdn.example/avatar-100.jpeg",
    avatar_large_url: "https://p16.tiktokcdn.example/avatar-large.jpeg",
    bio_description: "Posting from postkit",
    is_verified: false,
    follower_count: 1234,
    following_count: 56,
    likes_count: 78910,
    ...defaults,
    ...overrides.user,
  };
  const creator: TikTokCreatorSettings = {
    nickname: user.display_name,
    username: user.username,
    avatarUrl: user.avatar_url,
    privateAccount: false,
    commentDisabled: false,
    duetDisabled: false,
    stitchDisabled: false,
    maxVideoPostDurationSec: 600,
    ...overrides.creator,
  };
  return { user, creator, videos, pendingShares: [] };
}

export function accountOf(state: TikTokState, openId: string): Account {
  const account = state.accounts.find((candidate) => candidate.user.open_id === openId);
  if (!account) throw new Error(`TikTok emulator: no account has open_id ${openId}`);
  return account;
}

/** Mints an access and a refresh token for `scopes`; answers TikTok's flat token response. */
export function issueTokens(
  ctx: TikTokContext,
  scopes: readonly string[] = TIKTOK_EMULATOR_SCOPES,
  issue: { openId?: string; account?: Account } = {},
): Record<string, string | number> {
  const { options, clock, state } = ctx;
  const account =
    issue.account ?? (issue.openId === undefined ? state.defaultAccount : accountOf(state, issue.openId));
  const now = clock.now();
  const accessTtl = options.accessTokenTtlSec ?? 86_400;
  const refreshTtl = options.refreshTokenTtlSec ?? 31_536_000;
  const access = mintSecret("act.");
  const refresh = mintSecret("rft.");
  state.accessTokens.set(access, {
    account,
    scopes: [...scopes],
    expiresAt: now + accessTtl * 1000,
    revoked: false,
  });
  state.refreshTokens.set(refresh, {
    account,
    scopes: [...scopes],
    expiresAt: now + refreshTtl * 1000,
    revoked: false,
  });
  return {
    access_token: access,
    expires_in: accessTtl,
    open_id: account.user.open_id,
    refresh_expires_in: refreshTtl,
    refresh_token: refresh,
    scope: scopes.join(","),
    token_type: "Bearer",
  };
}

/** A publish as init creates it: FILE_UPLOAD, nothing received, the upload URL valid for an hour. */
export function newPublish(
  ctx: TikTokContext,
  publishId: string,
  kind: TikTokEmulatedPublish["kind"],
  owner: string,
  postInfo: Record<string, unknown>,
): TikTokEmulatedPublish {
  const { options, clock } = ctx;
  return {
    publishId,
    kind,
    source: "FILE_UPLOAD",
    postMode: kind === "inbox" ? "MEDIA_UPLOAD" : "DIRECT_POST",
    openId: owner,
    postInfo,
    videoSize: 0,
    chunkSize: 0,
    totalChunkCount: 0,
    received: 0,
    chunksAccepted: 0,
    sink: new ByteSink(options.retainBytes ?? 16 * 1024 * 1024),
    uploadId: mintId("upl-"),
    // "The upload_url is valid for one hour after issuance."
    expiresAt: clock.now() + 3_600_000,
    complete: false,
    cancelled: false,
    polls: 0,
    postId: `7${String(randomInt(100_000_000, 999_999_999))}${String(randomInt(100_000_000, 999_999_999))}`,
  };
}

function seedVideos(count: number, now: number): TikTokEmulatedVideo[] {
  const out: TikTokEmulatedVideo[] = [];
  const newest = Math.floor(now / 1000) - 3600;
  for (let i = 0; i < count; i++) {
    const id = `73${String(i * 7_919 + 1).padStart(17, "0")}`; // 19 digits, beyond 2^53
    out.push({
      id,
      create_time: newest - i * 86_400,
      cover_image_url: `https://p16.tiktokcdn.example/cover/${id}.jpeg`,
      share_url: `https://www.tiktok.com/@emulated.creator/video/${id}`,
      video_description: `Video ${i + 1}`,
      duration: 15 + i,
      height: 1920,
      width: 1080,
      title: `Video ${i + 1}`,
      embed_html: `<blockquote data-video-id="${id}"></blockquote>`,
      embed_link: `https://www.tiktok.com/embed/v2/${id}`,
      like_count: i * 10,
      comment_count: i,
      share_count: i,
      view_count: i * 100,
    });
  }
  return out;
}
