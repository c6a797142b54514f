import { createHash, randomInt } from "node:crypto";
import { ByteSink } from "../harness/byte-sink.js";
import { type Clock, createClock } from "../harness/clock.js";
import { type ConsentMode, consent } from "../harness/consent.js";
import type { EmulatorContext, PlatformEmulator } from "../harness/emulator.js";
import { mintId, mintSecret } from "../harness/secrets.js";
import {
  BASE64URL_CHALLENGE,
  chunkProblem,
  HEX_CHALLENGE,
  RATE_LIMITS,
  TIKTOK_EMULATOR_SCOPES,
  USER_FIELD_SCOPES,
  VERIFIER,
  VIDEO_CONTENT_TYPES,
  VIDEO_FIELDS,
} from "./rules.js";

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

/** One of the user's videos (spec §2.4). `id` is a 19-digit string. */
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

/** Options of {@link createTikTokEmulator}. */
export interface TikTokEmulatorOptions {
  /** @default "postkit-test-client-key" */
  clientKey?: string;
  /** @default a fresh minted secret (read it from `emulator.clientSecret`) */
  clientSecret?: string;
  /** Registered redirect URIs, matched exactly. @default ["https://app.example/callback/tiktok"] */
  redirectUris?: string[];
  /** Shown on the consent page. @default "postkit test app" */
  appName?: string;
  /** What the authorization page does. @default "approve" */
  consent?: ConsentMode;
  /** Which of the requested scopes the user grants. @default all of them */
  grant?: (requested: readonly string[]) => string[];
  /**
   * `hex`: only a 64-hex-character challenge (TikTok desktop/mobile). `hex-or-base64url`: also
   * RFC 7636 base64url (whether TikTok web accepts it is UNCONFIRMED).
   * @default "hex"
   */
  pkce?: "hex" | "hex-or-base64url";
  /** The emulator's clock (token, code and upload-URL expiry, rate-limit windows). @default the system clock */
  clock?: Clock;
  /** @default 86400 */
  accessTokenTtlSec?: number;
  /** @default 31536000 */
  refreshTokenTtlSec?: number;
  /** Authorization code lifetime (UNCONFIRMED in TikTok's docs). @default 600 */
  codeTtlSec?: number;
  /** Issue a new refresh token on every refresh and invalidate the old one. @default true */
  rotateRefreshTokens?: boolean;
  /** Overrides of the emulated user's profile, e.g. `{ open_id: "…" }` for a stable id. */
  user?: Partial<TikTokEmulatedUser>;
  /** Overrides of the creator's posting settings, e.g. `{ privateAccount: true }`. */
  creator?: Partial<TikTokCreatorSettings>;
  /**
   * More TikTok accounts besides the default one (`user` and `creator`), e.g. to test that one
   * user's token cannot read another user's publish. Each gets a fresh `open_id` unless given,
   * the display name "Emulated Creator N" and the handle "emulated.creatorN" (N = 2, 3, …), and no
   * videos. Log in as one with {@link TikTokEmulator.signIn} or mint its tokens with
   * `issueTokens(scopes, { openId })`.
   */
  otherAccounts?: Array<{
    /** Overrides of this account's profile. */
    user?: Partial<TikTokEmulatedUser>;
    /** Overrides of this account's posting settings. */
    creator?: Partial<TikTokCreatorSettings>;
  }>;
  /** An unaudited app may only post SELF_ONLY for private accounts. @default true */
  audited?: boolean;
  /** URL prefixes verified for PULL_FROM_URL. @default ["https://media.example/"] */
  verifiedUrlPrefixes?: string[];
  /** Status fetches that still report processing after the bytes arrived. @default 1 */
  processingPolls?: number;
  /**
   * Status fetches of a public post that report `PUBLISH_COMPLETE` before its
   * `publicaly_available_post_id` appears (TikTok fills it in only after moderation).
   * @default 0
   */
  moderationPolls?: number;
  /** Make every publish end `FAILED` with this `fail_reason`. */
  failReason?: string;
  /** How many videos the default account has (other accounts have none). @default 25 */
  videoCount?: number;
  /** Enforce the per-token rate limits. @default true */
  rateLimits?: boolean;
  /** Bytes of each upload kept in memory for `upload(id).bytes()` (hash and size are always kept). @default 16 MiB */
  retainBytes?: number;
  /**
   * How a chunk PUT's response writes TikTok's `Content-Range: bytes 0-{UPLOADED_BYTES}/{TOTAL}`.
   * Whether UPLOADED_BYTES is the last received byte's index (`inclusive`, HTTP style) or the
   * number of bytes received (`byte-count`) is UNCONFIRMED, so both can be emulated. Before the
   * first byte, `inclusive` answers HTTP's form for "no range", an asterisk in place of
   * `0-N` (also UNCONFIRMED), and `byte-count` answers `bytes 0-0/{TOTAL}`.
   * @default "inclusive"
   */
  contentRangeReading?: "inclusive" | "byte-count";
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

interface CodeRecord {
  account: Account;
  scopes: string[];
  redirectUri: string;
  challenge: string;
  expiresAt: number;
  used: boolean;
}

interface TokenRecord {
  account: Account;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

/** One TikTok user: profile, posting settings, videos and the uploads waiting in their inbox. */
interface Account {
  user: TikTokEmulatedUser;
  creator: TikTokCreatorSettings;
  videos: TikTokEmulatedVideo[];
  /** When each inbox share (draft or photo MEDIA_UPLOAD) was created, for the 5-per-24-h cap. */
  pendingShares: number[];
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

/** The TikTok emulator: a {@link PlatformEmulator} plus test controls. */
/** TikTok's host roles. */
export interface TikTokHosts {
  /** Login Kit's authorization page (`https://www.tiktok.com`). */
  auth: string;
  /** The Open API: OAuth tokens, user info, videos, posting (`https://open.tiktokapis.com`). */
  api: string;
  /** Where upload URLs point (`https://open-upload.tiktokapis.com`). */
  upload: string;
}

/** One TikTok user of the emulator, as {@link TikTokEmulator.accounts} lists them. */
export interface TikTokEmulatedAccount {
  /** The account's profile. */
  readonly user: TikTokEmulatedUser;
  /** The account's posting settings. */
  readonly creator: TikTokCreatorSettings;
}

export interface TikTokEmulator extends PlatformEmulator {
  /** Always `"tiktok"`. */
  readonly platform: "tiktok";
  /** The app's `client_key`, to configure the SDK under test with. */
  readonly clientKey: string;
  /** The app's `client_secret` (minted unless given), to configure the SDK under test with. */
  readonly clientSecret: string;
  /** The registered redirect URIs; authorize and token calls must use one of them exactly. */
  readonly redirectUris: readonly string[];
  /** The first registered redirect URI, to configure the SDK under test with. */
  readonly redirectUri: string;
  /** TikTok's hosts by role, the same roles as `@postkit/tiktok`'s `baseUrls` option. */
  readonly defaultBaseUrls: Readonly<TikTokHosts>;
  /** The emulator's clock; a manual one lets a test expire tokens, codes and upload URLs. */
  readonly clock: Clock;
  /** The default account's posting settings. Mutable: change it between calls to test how the SDK reacts. */
  readonly creator: TikTokCreatorSettings;
  /** The default account's profile, which `user/info` answers from. Mutable, like `creator`. */
  readonly user: TikTokEmulatedUser;
  /** The default account's videos, newest first, as `video/list` and `video/query` serve them. */
  readonly videos: readonly TikTokEmulatedVideo[];
  /** Every account, the default one first, then the `otherAccounts` option's. Both parts are mutable. */
  accounts(): readonly TikTokEmulatedAccount[];
  /**
   * Makes the authorization page log in as the account with this `open_id` (the default account
   * until called), as if another user signed in to TikTok in the browser. Throws on an unknown id.
   */
  signIn(openId: string): void;
  /**
   * Mints tokens for `scopes` without the OAuth dance; returns TikTok's flat token response.
   * `options.openId` picks the account (an unknown one throws). @default the default account
   */
  issueTokens(
    scopes?: readonly string[],
    options?: {
      /** The account the tokens belong to. @default the default account's `open_id` */
      openId?: string;
    },
  ): Record<string, string | number>;
  /** A publish by id. */
  publish(publishId: string): TikTokEmulatedPublish | undefined;
  /** Every publish, oldest first. */
  publishes(): readonly TikTokEmulatedPublish[];
  /** Size and SHA-256 of the bytes received for `publishId`. */
  upload(publishId: string):
    | {
        /** Bytes received so far. */
        size: number;
        /** Hex SHA-256 of the bytes received so far. */
        sha256: string;
        /** The bytes, or `undefined` once the upload outgrew the `retainBytes` option. */
        bytes(): Uint8Array | undefined;
      }
    | undefined;
}

const API = "api";

// biome-ignore lint/suspicious/noExplicitAny: untrusted request JSON, checked field by field where it is read.
type Json = Record<string, any>;

/** A strict, stateful fake of TikTok's Login Kit, Display API and Content Posting API. */
export function createTikTokEmulator(options: TikTokEmulatorOptions = {}): TikTokEmulator {
  const clock = options.clock ?? createClock();
  const clientKey = options.clientKey ?? "postkit-test-client-key";
  const clientSecret = options.clientSecret ?? mintSecret("tts-");
  const redirectUris = [...(options.redirectUris ?? ["https://app.example/callback/tiktok"])];
  if (redirectUris.length === 0) throw new Error("createTikTokEmulator: redirectUris needs at least one URI");
  const defaultAccount = newAccount(
    { user: options.user, creator: options.creator },
    {
      display_name: "Emulated Creator",
      username: "emulated.creator",
      profile_deep_link: "https://vm.tiktok.example/ZMemulated/",
      video_count: options.videoCount ?? 25,
    },
    seedVideos(options.videoCount ?? 25, clock.now()),
  );
  const { user, creator, videos } = defaultAccount;
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
  let signedIn = defaultAccount;
  const codes = new Map<string, CodeRecord>();
  const accessTokens = new Map<string, TokenRecord>();
  const refreshTokens = new Map<string, TokenRecord>();
  const publishes = new Map<string, TikTokEmulatedPublish>();
  const uploads = new Map<string, { publishId: string; token: string }>();
  const windows = new Map<string, number[]>();
  const verified = options.verifiedUrlPrefixes ?? ["https://media.example/"];
  const processingPolls = options.processingPolls ?? 1;
  const moderationPolls = options.moderationPolls ?? 0;
  const rangeReading = options.contentRangeReading ?? "inclusive";

  function accountOf(openId: string): Account {
    const account = accounts.find((candidate) => candidate.user.open_id === openId);
    if (!account) throw new Error(`TikTok emulator: no account has open_id ${openId}`);
    return account;
  }

  function issueTokens(
    scopes: readonly string[] = TIKTOK_EMULATOR_SCOPES,
    issue: { openId?: string; account?: Account } = {},
  ): Record<string, string | number> {
    const account = issue.account ?? (issue.openId === undefined ? defaultAccount : accountOf(issue.openId));
    const now = clock.now();
    const accessTtl = options.accessTokenTtlSec ?? 86_400;
    const refreshTtl = options.refreshTokenTtlSec ?? 31_536_000;
    const access = mintSecret("act.");
    const refresh = mintSecret("rft.");
    accessTokens.set(access, {
      account,
      scopes: [...scopes],
      expiresAt: now + accessTtl * 1000,
      revoked: false,
    });
    refreshTokens.set(refresh, {
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

  // ── OAuth ────────────────────────────────────────────────────────────────────────────────

  async function authorize(request: Request, context: EmulatorContext): Promise<Response> {
    if (request.method !== "GET" && request.method !== "POST") return methodNotAllowed();
    const params = new URL(request.url).searchParams;
    const problem = authorizeProblem(params);
    if (problem) return authorizeErrorPage(problem);
    const requested = (params.get("scope") ?? "").split(",");
    const granted = (options.grant ?? ((scopes) => [...scopes]))(requested).filter((scope) =>
      requested.includes(scope),
    );
    const redirectUri = params.get("redirect_uri")!;
    const state = params.get("state")!;
    // Whoever is signed in when the page is opened is the user who authorizes.
    const account = signedIn;
    return consent(request, context, {
      mode: options.consent ?? "approve",
      platform: "TikTok",
      appName: options.appName ?? "postkit test app",
      scopes: requested,
      approve: () => {
        const code = mintSecret("code-");
        codes.set(code, {
          account,
          scopes: granted,
          redirectUri,
          challenge: params.get("code_challenge")!,
          expiresAt: clock.now() + (options.codeTtlSec ?? 600) * 1000,
          used: false,
        });
        return withQuery(redirectUri, { code, scopes: granted.join(","), state });
      },
      deny: () =>
        withQuery(redirectUri, {
          error: "access_denied",
          error_description: "The user denied the request",
          state,
        }),
    });
  }

  function authorizeProblem(params: URLSearchParams): string | undefined {
    if (params.has("client_id") && !params.has("client_key")) {
      return "client_key: TikTok needs `client_key`, not `client_id`";
    }
    if (params.get("client_key") !== clientKey) return "client_key: unknown client_key";
    if (params.get("response_type") !== "code") return "response_type: must be `code`";
    const redirectUri = params.get("redirect_uri");
    if (!redirectUri || !redirectUris.includes(redirectUri))
      return "redirect_uri: not registered for this app";
    const scope = params.get("scope");
    if (!scope) return "scope: required";
    if (/\s/.test(scope)) return "scope: scopes must be comma-separated";
    const unknown = scope
      .split(",")
      .filter((item) => !(TIKTOK_EMULATOR_SCOPES as readonly string[]).includes(item));
    if (unknown.length) return `scope: unknown scope ${unknown.join(",")}`;
    if (!params.get("state")) return "state: required";
    const challenge = params.get("code_challenge") ?? "";
    const accepted =
      HEX_CHALLENGE.test(challenge) ||
      (options.pkce === "hex-or-base64url" && BASE64URL_CHALLENGE.test(challenge));
    if (!accepted) return "code_challenge";
    if (params.get("code_challenge_method") !== "S256") return "code_challenge_method: must be S256";
    const disable = params.get("disable_auto_auth");
    if (disable !== null && disable !== "0" && disable !== "1") return "disable_auto_auth: must be 0 or 1";
    return undefined;
  }

  async function token(request: Request): Promise<Response> {
    if (request.method !== "POST") return methodNotAllowed();
    if (!(request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
      return oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
    }
    const form = new URLSearchParams(await request.text());
    if (form.get("client_key") !== clientKey || form.get("client_secret") !== clientSecret) {
      return oauthError(401, "invalid_client", "Client key or secret is invalid.");
    }
    const grantType = form.get("grant_type");
    const now = clock.now();
    if (grantType === "authorization_code") {
      const code = form.get("code") ?? "";
      const record = codes.get(code);
      if (!record || record.used || record.expiresAt <= now) {
        return oauthError(400, "invalid_grant", "Authorization code is expired or invalid.");
      }
      if (form.get("redirect_uri") !== record.redirectUri) {
        return oauthError(
          400,
          "invalid_grant",
          "Redirect_uri is not matched with the uri when requesting code.",
        );
      }
      const verifier = form.get("code_verifier") ?? "";
      if (!VERIFIER.test(verifier) || !challengeMatches(verifier, record.challenge)) {
        return oauthError(400, "invalid_request", "Code verifier or code challenge is invalid.");
      }
      record.used = true;
      return json(200, issueTokens(record.scopes, { account: record.account }));
    }
    if (grantType === "refresh_token") {
      const presented = form.get("refresh_token") ?? "";
      const record = refreshTokens.get(presented);
      if (!record || record.revoked || record.expiresAt <= now) {
        return oauthError(400, "invalid_grant", "Refresh token is invalid or expired.");
      }
      const accessTtl = options.accessTokenTtlSec ?? 86_400;
      const access = mintSecret("act.");
      accessTokens.set(access, { ...record, expiresAt: now + accessTtl * 1000, revoked: false });
      let refresh = presented;
      if (options.rotateRefreshTokens ?? true) {
        record.revoked = true;
        refresh = mintSecret("rft.");
        // The 365 days count from the first issuance (whether a refresh extends them is UNCONFIRMED).
        refreshTokens.set(refresh, { ...record, revoked: false });
      }
      return json(200, {
        access_token: access,
        expires_in: accessTtl,
        open_id: record.account.user.open_id,
        refresh_expires_in: Math.max(0, Math.floor((record.expiresAt - now) / 1000)),
        refresh_token: refresh,
        scope: record.scopes.join(","),
        token_type: "Bearer",
      });
    }
    return oauthError(
      400,
      "unsupported_grant_type",
      "grant_type must be authorization_code or refresh_token",
    );
  }

  async function revoke(request: Request): Promise<Response> {
    if (request.method !== "POST") return methodNotAllowed();
    const form = new URLSearchParams(await request.text());
    if (form.get("client_key") !== clientKey || form.get("client_secret") !== clientSecret) {
      return oauthError(401, "invalid_client", "Client key or secret is invalid.");
    }
    const record = accessTokens.get(form.get("token") ?? "");
    // UNCONFIRMED: the error TikTok gives for an unknown token (the spec documents only success).
    if (!record) return oauthError(400, "invalid_request", "Token is invalid.");
    record.revoked = true;
    for (const refresh of refreshTokens.values())
      if (refresh.account === record.account) refresh.revoked = true;
    return new Response(null, { status: 200 });
  }

  // ── Bearer endpoints ─────────────────────────────────────────────────────────────────────

  function authenticate(request: Request, path: string): { token: string; record: TokenRecord } | Response {
    const header = request.headers.get("authorization") ?? "";
    const match = /^Bearer (\S+)$/.exec(header);
    const record = match ? accessTokens.get(match[1]!) : undefined;
    if (!match || !record || record.revoked || record.expiresAt <= clock.now()) {
      return fail(401, "access_token_invalid", "The access token is invalid or not found in the request.");
    }
    const limit = RATE_LIMITS[path];
    if (limit !== undefined && (options.rateLimits ?? true)) {
      const key = `${path} ${match[1]}`;
      const now = clock.now();
      const window = (windows.get(key) ?? []).filter((at) => at > now - 60_000);
      windows.set(key, window);
      if (window.length >= limit) {
        return fail(429, "rate_limit_exceeded", "API rate limit was exceeded, please try again later.");
      }
      window.push(now);
    }
    return { token: match[1]!, record };
  }

  function needScope(record: TokenRecord, ...anyOf: string[]): Response | undefined {
    if (anyOf.some((scope) => record.scopes.includes(scope))) return undefined;
    return fail(
      401,
      "scope_not_authorized",
      `The user did not authorize the scope required: ${anyOf.join(" or ")}`,
    );
  }

  function userInfo(request: Request, auth: { record: TokenRecord }): Response {
    if (request.method !== "GET") return methodNotAllowed();
    const fields = (new URL(request.url).searchParams.get("fields") ?? "").split(",").filter(Boolean);
    if (!fields.length) return fail(400, "invalid_params", "fields is required");
    const unknown = fields.filter((field) => !(field in USER_FIELD_SCOPES));
    if (unknown.length) return fail(400, "invalid_params", `Invalid fields: ${unknown.join(",")}`);
    const missing = fields.filter((field) => !auth.record.scopes.includes(USER_FIELD_SCOPES[field]!));
    if (missing.length) {
      return fail(400, "scope_permission_missed", `Fields need additional scopes: ${missing.join(",")}`);
    }
    const out: Record<string, unknown> = {};
    const { user: owner } = auth.record.account;
    for (const field of fields) out[field] = owner[field as keyof TikTokEmulatedUser];
    return ok({ user: out });
  }

  async function videoList(request: Request, auth: { record: TokenRecord }): Promise<Response> {
    if (request.method !== "POST") return methodNotAllowed();
    const denied = needScope(auth.record, "video.list");
    if (denied) return denied;
    const fields = videoFields(request);
    if (typeof fields === "string") return fail(400, "invalid_params", fields);
    const body = await readJson(request);
    if (body === undefined) return fail(400, "invalid_params", "The body must be JSON");
    const maxCount = body.max_count ?? 10;
    if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > 20) {
      return fail(400, "invalid_params", "max_count must be 1-20");
    }
    const cursor = body.cursor;
    if (cursor !== undefined && (!Number.isInteger(cursor) || cursor < 0)) {
      return fail(400, "invalid_params", "cursor must be a timestamp in milliseconds");
    }
    const eligible = auth.record.account.videos.filter(
      (video) => cursor === undefined || video.create_time * 1000 < cursor,
    );
    const page = eligible.slice(0, maxCount);
    const last = page[page.length - 1];
    return ok({
      videos: page.map((video) => pick(video, fields)),
      cursor: last ? last.create_time * 1000 : (cursor ?? 0),
      has_more: eligible.length > page.length,
    });
  }

  async function videoQuery(request: Request, auth: { record: TokenRecord }): Promise<Response> {
    if (request.method !== "POST") return methodNotAllowed();
    const denied = needScope(auth.record, "video.list");
    if (denied) return denied;
    const fields = videoFields(request);
    if (typeof fields === "string") return fail(400, "invalid_params", fields);
    const body = await readJson(request);
    const ids = body?.filters?.video_ids;
    if (
      !Array.isArray(ids) ||
      ids.length < 1 ||
      ids.length > 20 ||
      ids.some((id) => typeof id !== "string")
    ) {
      return fail(400, "invalid_params", "filters.video_ids must hold 1-20 string ids");
    }
    // TikTok checks that the videos belong to the user: another account's ids are not found.
    const found = auth.record.account.videos.filter((video) => ids.includes(video.id));
    return ok({ videos: found.map((video) => pick(video, fields)), cursor: 0, has_more: false });
  }

  function videoFields(request: Request): string[] | string {
    const fields = (new URL(request.url).searchParams.get("fields") ?? "").split(",").filter(Boolean);
    if (!fields.length) return "fields is required";
    const unknown = fields.filter((field) => !(VIDEO_FIELDS as readonly string[]).includes(field));
    return unknown.length ? `Invalid fields: ${unknown.join(",")}` : fields;
  }

  function privacyOptions(creator: TikTokCreatorSettings): string[] {
    return creator.privateAccount
      ? ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
      : ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"];
  }

  function creatorInfo(request: Request, auth: { record: TokenRecord }): Response {
    if (request.method !== "POST") return methodNotAllowed();
    const denied = needScope(auth.record, "video.publish");
    if (denied) return denied;
    const { creator } = auth.record.account;
    // Intentionally HTTP 200 (spec §3.1).
    if (creator.postingError) return fail(200, creator.postingError, "The creator cannot post right now.");
    return ok({
      creator_avatar_url: creator.avatarUrl,
      creator_username: creator.username,
      creator_nickname: creator.nickname,
      privacy_level_options: privacyOptions(creator),
      comment_disabled: creator.commentDisabled,
      duet_disabled: creator.duetDisabled,
      stitch_disabled: creator.stitchDisabled,
      max_video_post_duration_sec: creator.maxVideoPostDurationSec,
    });
  }

  function privacyMismatch(message: string): Response {
    return fail(403, "privacy_level_option_mismatch", message);
  }

  /** Checks a direct post's `post_info` for `creator`; returns an error response or undefined. */
  function checkPostInfo(
    info: Record<string, unknown>,
    photo: boolean,
    creator: TikTokCreatorSettings,
  ): Response | undefined {
    const privacy = info.privacy_level;
    if (typeof privacy !== "string" || !privacyOptions(creator).includes(privacy)) {
      return privacyMismatch("privacy_level is missing or not in privacy_level_options");
    }
    if (options.audited === false) {
      if (!creator.privateAccount) {
        return fail(
          403,
          "unaudited_client_can_only_post_to_private_accounts",
          "Unaudited clients can only post to private accounts",
        );
      }
      // UNCONFIRMED: the spec says unaudited content is SELF_ONLY but names no error for another
      // level; privacy_level_option_mismatch is the documented code closest to it.
      if (privacy !== "SELF_ONLY")
        return privacyMismatch("Unaudited clients can only post SELF_ONLY content");
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
   * Title (and a photo's description) lengths in UTF-16 units (spec §3.2, §3.4). UNCONFIRMED:
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

  /** At most 5 uploads may wait in a user's inbox per 24 h (spec §3.11). */
  function tooManyPendingShares(account: Account): Response | undefined {
    const recent = account.pendingShares.filter((at) => at > clock.now() - 86_400_000);
    account.pendingShares = recent;
    if (recent.length < 5) return undefined;
    return fail(403, "spam_risk_too_many_pending_share", "The user has too many pending shares");
  }

  function isVerifiedUrl(value: unknown): boolean {
    if (typeof value !== "string") return false;
    try {
      if (new URL(value).protocol !== "https:") return false;
    } catch {
      return false;
    }
    return verified.some((prefix) => value.startsWith(prefix));
  }

  async function videoInit(
    request: Request,
    context: EmulatorContext,
    auth: { record: TokenRecord },
    kind: "video" | "inbox",
  ): Promise<Response> {
    if (request.method !== "POST") return methodNotAllowed();
    const denied = needScope(auth.record, kind === "video" ? "video.publish" : "video.upload");
    if (denied) return denied;
    if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) {
      return fail(400, "invalid_param", "Content-Type must be application/json");
    }
    const body = await readJson(request);
    if (body === undefined) return fail(400, "invalid_param", "The body must be JSON");
    const { account } = auth.record;
    const { creator } = account;
    if (creator.postingError) return fail(403, creator.postingError, "The creator cannot post right now.");
    let postInfo: Record<string, unknown> = {};
    if (kind === "video") {
      if (typeof body.post_info !== "object" || body.post_info === null) {
        return privacyMismatch("post_info.privacy_level is required");
      }
      postInfo = body.post_info;
      const problem = checkPostInfo(postInfo, false, creator);
      if (problem) return problem;
    } else {
      const capped = tooManyPendingShares(account);
      if (capped) return capped;
    }
    const source = body.source_info;
    if (typeof source !== "object" || source === null)
      return fail(400, "invalid_param", "source_info is required");
    const publishId = `v_${kind === "video" ? "pub" : "inbox"}_${source.source === "PULL_FROM_URL" ? "url" : "file"}~v2-1.${mintId()}`;
    const base = newPublish(publishId, kind, account.user.open_id, postInfo);
    if (source.source === "PULL_FROM_URL") {
      if (!isVerifiedUrl(source.video_url)) {
        return fail(403, "url_ownership_unverified", "The video_url's domain or URL prefix is not verified");
      }
      publishes.set(publishId, { ...base, source: "PULL_FROM_URL" });
      if (kind === "inbox") account.pendingShares.push(clock.now());
      return ok({ publish_id: publishId });
    }
    if (source.source !== "FILE_UPLOAD") return fail(400, "invalid_param", "source_info.source is invalid");
    const problem = chunkProblem(source.video_size, source.chunk_size, source.total_chunk_count);
    // TikTok reports chunk errors as `invalid_params` (plural) even here (post-for-me#327).
    if (problem) return fail(400, "invalid_params", problem);
    const uploadToken = mintSecret("upt-");
    const publish: TikTokEmulatedPublish = {
      ...base,
      videoSize: source.video_size,
      chunkSize: source.chunk_size,
      totalChunkCount: source.total_chunk_count,
    };
    publishes.set(publishId, publish);
    uploads.set(publish.uploadId, { publishId, token: uploadToken });
    if (kind === "inbox") account.pendingShares.push(clock.now());
    const query = `upload_id=${encodeURIComponent(publish.uploadId)}&upload_token=${encodeURIComponent(uploadToken)}`;
    return ok({ publish_id: publishId, upload_url: context.urlFor("upload", `/video/?${query}`) });
  }

  /** `post_info` of a photo MEDIA_UPLOAD: texts, an optional privacy level, no direct-only field. */
  function checkMediaUploadInfo(info: Record<string, unknown>, creator: TikTokCreatorSettings) {
    const texts = checkTexts(info, true);
    if (texts) return texts;
    // privacy_level is "required for DIRECT_POST" and not direct-only (spec §3.4), so an upload may
    // carry one. UNCONFIRMED: that TikTok checks it against the options, and with this code.
    const privacy = info.privacy_level;
    if (
      privacy !== undefined &&
      (typeof privacy !== "string" || !privacyOptions(creator).includes(privacy))
    ) {
      return privacyMismatch("privacy_level is not in privacy_level_options");
    }
    // UNCONFIRMED: the spec lists these as DIRECT_POST only without saying whether TikTok rejects
    // or ignores them in an upload; rejecting catches an SDK that sends them.
    for (const name of [
      "disable_comment",
      "auto_add_music",
      "brand_content_toggle",
      "brand_organic_toggle",
    ]) {
      if (info[name] !== undefined) return fail(400, "invalid_param", `${name} is only for DIRECT_POST`);
    }
    return undefined;
  }

  async function contentInit(request: Request, auth: { record: TokenRecord }): Promise<Response> {
    if (request.method !== "POST") return methodNotAllowed();
    const body = await readJson(request);
    if (body === undefined) return fail(400, "invalid_param", "The body must be JSON");
    if (body.media_type !== "PHOTO") return fail(400, "invalid_param", "media_type must be PHOTO");
    const mode = body.post_mode;
    if (mode !== "DIRECT_POST" && mode !== "MEDIA_UPLOAD") {
      return fail(400, "invalid_param", "post_mode must be DIRECT_POST or MEDIA_UPLOAD");
    }
    const denied = needScope(auth.record, mode === "DIRECT_POST" ? "video.publish" : "video.upload");
    if (denied) return denied;
    const { account } = auth.record;
    const { creator } = account;
    if (creator.postingError) return fail(403, creator.postingError, "The creator cannot post right now.");
    const info = typeof body.post_info === "object" && body.post_info !== null ? body.post_info : {};
    const problem =
      mode === "DIRECT_POST" ? checkPostInfo(info, true, creator) : checkMediaUploadInfo(info, creator);
    if (problem) return problem;
    if (mode === "MEDIA_UPLOAD") {
      const capped = tooManyPendingShares(account);
      if (capped) return capped;
    }
    const source = body.source_info ?? {};
    if (source.source !== "PULL_FROM_URL")
      return fail(400, "invalid_param", "photos only support PULL_FROM_URL");
    const images = source.photo_images;
    if (!Array.isArray(images) || images.length < 1 || images.length > 35) {
      return fail(400, "invalid_param", "photo_images must hold 1-35 URLs");
    }
    if (!images.every(isVerifiedUrl)) {
      return fail(403, "url_ownership_unverified", "A photo URL's domain or URL prefix is not verified");
    }
    const cover = source.photo_cover_index ?? 0;
    if (!Number.isInteger(cover) || cover < 0 || cover >= images.length) {
      return fail(400, "invalid_param", "photo_cover_index is out of range");
    }
    const publishId = `p_pub_url~v2.${mintId()}`;
    const publish = newPublish(publishId, "photo", account.user.open_id, info);
    publishes.set(publishId, { ...publish, source: "PULL_FROM_URL", postMode: mode });
    if (mode === "MEDIA_UPLOAD") account.pendingShares.push(clock.now());
    return ok({ publish_id: publishId });
  }

  function newPublish(
    publishId: string,
    kind: TikTokEmulatedPublish["kind"],
    owner: string,
    postInfo: Record<string, unknown>,
  ): TikTokEmulatedPublish {
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

  async function uploadPut(request: Request): Promise<Response> {
    if (request.method !== "PUT") return methodNotAllowed();
    const url = new URL(request.url);
    const entry = uploads.get(url.searchParams.get("upload_id") ?? "");
    if (!entry || entry.token !== url.searchParams.get("upload_token")) {
      return new Response(null, { status: 404 });
    }
    const publish = publishes.get(entry.publishId)!;
    const progress = progressRange(publish, rangeReading);
    if (clock.now() >= publish.expiresAt) return new Response(null, { status: 403, headers: progress });
    if (!VIDEO_CONTENT_TYPES.includes((request.headers.get("content-type") ?? "").split(";")[0]!.trim())) {
      return new Response(null, { status: 400, headers: progress });
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(request.headers.get("content-range") ?? "");
    if (!range || Number(range[3]) !== publish.videoSize)
      return new Response(null, { status: 400, headers: progress });
    const first = Number(range[1]);
    const last = Number(range[2]);
    if (publish.complete || first !== publish.received) {
      return new Response(null, { status: 416, headers: progress });
    }
    const index = first / publish.chunkSize;
    const isFinal = index === publish.totalChunkCount - 1;
    const expectedLast = isFinal ? publish.videoSize - 1 : first + publish.chunkSize - 1;
    if (!Number.isInteger(index) || last !== expectedLast)
      return new Response(null, { status: 400, headers: progress });
    const bytes = new Uint8Array(await request.arrayBuffer());
    const declared = request.headers.get("content-length");
    if (
      bytes.byteLength !== last - first + 1 ||
      (declared !== null && Number(declared) !== bytes.byteLength)
    ) {
      return new Response(null, { status: 400, headers: progress });
    }
    // Another PUT for the same range (a client's retry racing a stalled original) may have landed
    // while this body arrived: the server commits each range once, like a real one.
    if (publish.complete || first !== publish.received) {
      return new Response(null, { status: 416, headers: progressRange(publish, rangeReading) });
    }
    publish.sink.append(bytes);
    publish.received = last + 1;
    publish.chunksAccepted++;
    if (isFinal) publish.complete = true;
    return new Response(null, { status: isFinal ? 201 : 206, headers: progressRange(publish, rangeReading) });
  }

  function statusFetch(body: Record<string, unknown>, auth: { record: TokenRecord }): Response {
    const denied = needScope(auth.record, "video.publish", "video.upload");
    if (denied) return denied;
    const publish = typeof body.publish_id === "string" ? publishes.get(body.publish_id) : undefined;
    if (!publish) return fail(400, "invalid_publish_id", "The publish_id does not exist");
    if (publish.openId !== auth.record.account.user.open_id) {
      return fail(
        400,
        "token_not_authorized_for_specified_publish_id",
        "The publish_id belongs to another user",
      );
    }
    const data = statusOf(publish);
    // Written by hand so the int64 post ids keep every digit, as TikTok's JSON does.
    const ids = `[${(data.ids as string[]).join(",")}]`;
    const { ids: _ids, ...rest } = data;
    const fields = JSON.stringify(rest).slice(1, -1);
    const text = `{"data":{${fields},"publicaly_available_post_id":${ids}},"error":{"code":"ok","message":"","log_id":"${logId()}"}}`;
    return new Response(text, {
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  }

  function statusOf(publish: TikTokEmulatedPublish): Record<string, unknown> {
    if (publish.source === "FILE_UPLOAD" && !publish.complete) {
      return { status: "PROCESSING_UPLOAD", uploaded_bytes: publish.received, ids: [] };
    }
    if (publish.cancelled) return { status: "FAILED", fail_reason: "publish_cancelled", ids: [] };
    publish.polls++;
    const bytes =
      publish.source === "FILE_UPLOAD" ? { uploaded_bytes: publish.received } : { downloaded_bytes: 0 };
    if (publish.polls <= processingPolls) {
      return {
        status: publish.source === "FILE_UPLOAD" ? "PROCESSING_UPLOAD" : "PROCESSING_DOWNLOAD",
        ...bytes,
        ids: [],
      };
    }
    if (options.failReason) return { status: "FAILED", fail_reason: options.failReason, ...bytes, ids: [] };
    if (publish.postMode === "MEDIA_UPLOAD") return { status: "SEND_TO_USER_INBOX", ...bytes, ids: [] };
    const isPublic = publish.postInfo.privacy_level === "PUBLIC_TO_EVERYONE";
    const moderated = publish.polls > processingPolls + moderationPolls;
    return { status: "PUBLISH_COMPLETE", ...bytes, ids: isPublic && moderated ? [publish.postId] : [] };
  }

  function cancel(body: Record<string, unknown>, auth: { record: TokenRecord }): Response {
    const publish = typeof body.publish_id === "string" ? publishes.get(body.publish_id) : undefined;
    if (!publish) return fail(400, "invalid_publish_id", "The publish_id does not exist");
    if (publish.openId !== auth.record.account.user.open_id) {
      return fail(
        400,
        "token_not_authorized_for_specified_publish_id",
        "The publish_id belongs to another user",
      );
    }
    if (publish.source !== "PULL_FROM_URL" || publish.cancelled || publish.polls > processingPolls) {
      return fail(400, "publish_not_cancellable", "The publish cannot be cancelled");
    }
    publish.cancelled = true;
    return ok({});
  }

  async function handle(request: Request, context: EmulatorContext): Promise<Response> {
    const { role, path } = context;
    if (role === "auth") {
      if (path === "/v2/auth/authorize/") return authorize(request, context);
      return notFound();
    }
    if (role === "upload") {
      if (path === "/video/" || path === "/video") return uploadPut(request);
      return notFound();
    }
    if (role !== API) return notFound();
    if (path === "/v2/oauth/token/") return token(request);
    if (path === "/v2/oauth/revoke/") return revoke(request);
    const handlers: Record<string, true> = {
      "/v2/user/info/": true,
      "/v2/video/list/": true,
      "/v2/video/query/": true,
      "/v2/post/publish/creator_info/query/": true,
      "/v2/post/publish/video/init/": true,
      "/v2/post/publish/inbox/video/init/": true,
      "/v2/post/publish/content/init/": true,
      "/v2/post/publish/status/fetch/": true,
      "/v2/post/publish/cancel/": true,
    };
    if (!handlers[path]) return notFound();
    const auth = authenticate(request, path);
    if (auth instanceof Response) return auth;
    switch (path) {
      case "/v2/user/info/":
        return userInfo(request, auth);
      case "/v2/video/list/":
        return videoList(request, auth);
      case "/v2/video/query/":
        return videoQuery(request, auth);
      case "/v2/post/publish/creator_info/query/":
        return creatorInfo(request, auth);
      case "/v2/post/publish/video/init/":
        return videoInit(request, context, auth, "video");
      case "/v2/post/publish/inbox/video/init/":
        return videoInit(request, context, auth, "inbox");
      case "/v2/post/publish/content/init/":
        return contentInit(request, auth);
      default: {
        if (request.method !== "POST") return methodNotAllowed();
        const body = (await readJson(request)) ?? {};
        return path === "/v2/post/publish/status/fetch/" ? statusFetch(body, auth) : cancel(body, auth);
      }
    }
  }

  return {
    platform: "tiktok",
    defaultBaseUrls: Object.freeze({
      auth: "https://www.tiktok.com",
      api: "https://open.tiktokapis.com",
      upload: "https://open-upload.tiktokapis.com",
    }),
    handle,
    clientKey,
    clientSecret,
    redirectUris,
    redirectUri: redirectUris[0]!,
    clock,
    creator,
    user,
    videos,
    accounts: () => accounts.map((account) => ({ user: account.user, creator: account.creator })),
    signIn(openId) {
      signedIn = accountOf(openId);
    },
    issueTokens: (scopes, issue) =>
      issueTokens(scopes, issue?.openId === undefined ? {} : { openId: issue.openId }),
    publish: (publishId) => publishes.get(publishId),
    publishes: () => [...publishes.values()],
    upload(publishId) {
      const publish = publishes.get(publishId);
      if (!publish) return undefined;
      return { size: publish.sink.size, sha256: publish.sink.sha256(), bytes: () => publish.sink.bytes() };
    },
  };
}

// ── helpers ──────────────────────────────────────────────────────────────────────────────────

function challengeMatches(verifier: string, challenge: string): boolean {
  const digest = createHash("sha256").update(verifier).digest();
  return digest.toString("hex") === challenge || digest.toString("base64url") === challenge;
}

/**
 * The spec says every PUT response carries `Content-Range: bytes 0-{UPLOADED_BYTES}/{TOTAL}`.
 * UNCONFIRMED whether UPLOADED_BYTES is the last byte's index or a count (the option picks), and
 * what TikTok sends before the first byte: `bytes 0-0/{TOTAL}` is the template read as a count;
 * read as an index it cannot express zero bytes, so HTTP's `bytes *` + `/{TOTAL}` is sent.
 */
function progressRange(
  publish: TikTokEmulatedPublish,
  reading: "inclusive" | "byte-count",
): Record<string, string> {
  const total = publish.videoSize;
  if (reading === "byte-count") return { "content-range": `bytes 0-${publish.received}/${total}` };
  const value = publish.received === 0 ? `bytes */${total}` : `bytes 0-${publish.received - 1}/${total}`;
  return { "content-range": value };
}

function logId(): string {
  return `2026${mintId().toUpperCase()}`;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

function ok(data: unknown): Response {
  return json(200, { data, error: { code: "ok", message: "", log_id: logId() } });
}

function fail(status: number, code: string, message: string): Response {
  return json(status, { data: {}, error: { code, message, log_id: logId() } });
}

/** TikTok's flat OAuth error. The HTTP status of each `error` is UNCONFIRMED (spec §1.6). */
function oauthError(status: number, error: string, description: string): Response {
  return json(status, { error, error_description: description, log_id: logId() });
}

function authorizeErrorPage(problem: string): Response {
  const text = `<!doctype html><title>TikTok</title><p>We couldn't log in with TikTok. Please correct the following: ${problem.replace(/[<>&]/g, "")}</p>`;
  return new Response(text, { status: 400, headers: { "content-type": "text/html; charset=utf-8" } });
}

/** UNCONFIRMED: the spec does not say what TikTok answers a wrong method; 405 with `invalid_params` is a guess. */
function methodNotAllowed(): Response {
  return json(405, {
    data: {},
    error: { code: "invalid_params", message: "Method not allowed", log_id: logId() },
  });
}

/** UNCONFIRMED: the spec does not say what TikTok answers an unknown path; 404 with `not_found` is a guess. */
function notFound(): Response {
  return json(404, { data: {}, error: { code: "not_found", message: "Unknown endpoint", log_id: logId() } });
}

function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

function pick(video: TikTokEmulatedVideo, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = video[field as keyof TikTokEmulatedVideo];
  return out;
}

async function readJson(request: Request): Promise<Json | undefined> {
  const text = await request.text();
  if (text === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
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
