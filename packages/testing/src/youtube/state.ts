// The emulator's data: the channel, codes, grants and tokens, upload sessions, videos, quota and
// counters, with the helpers that mint tokens. Route modules read and change it through the shared
// context (context.ts); nothing here answers a request.
import { randomInt } from "node:crypto";
import type { ByteSink } from "../harness/byte-sink.js";
import { mintId, mintSecret } from "../harness/secrets.js";
import type { YouTubeContext } from "./context.js";
import type { YouTubeEmulatorOptions } from "./options.js";

/** The channel of the emulated account. */
export interface YouTubeEmulatorChannel {
  /** The channel id (`UC…`). @default a fresh random id */
  id: string;
  /** `snippet.title` and `brandingSettings.channel.title`. @default "Postkit Emulator" */
  title: string;
  /** `snippet.description` and `brandingSettings.channel.description`. */
  description: string;
  /** `snippet.customUrl`, e.g. `@postkit`. */
  customUrl?: string | undefined;
  /** `snippet.country`; left out of the response when unset. @default "US" */
  country?: string | undefined;
  /** `snippet.publishedAt`, an ISO 8601 date-time. @default "2020-01-01T00:00:00Z" */
  publishedAt: string;
  /** uint64 as a decimal string, as the API sends it. */
  subscriberCount: string;
  /**
   * `statistics.hiddenSubscriberCount`; when `true`, `subscriberCount` is left out of the response.
   * @default false
   */
  hiddenSubscriberCount: boolean;
  /** `statistics.viewCount`: uint64 as a decimal string. */
  viewCount: string;
  /** `brandingSettings.channel.keywords`; left out of the response when unset. */
  keywords?: string | undefined;
  /** `brandingSettings.image.bannerExternalUrl`; left out of the response when unset. */
  bannerExternalUrl?: string | undefined;
  /**
   * `contentDetails.relatedPlaylists.uploads` (`UU…`): the only playlist playlistItems.list serves.
   * @default the channel id with `UC` replaced by `UU`
   */
  uploadsPlaylistId: string;
}

export interface Grant {
  clientId: string;
  scopes: string[];
  refreshToken: string | undefined;
  refreshExpiresAt: number | undefined;
  revoked: boolean;
}

export interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  challenge: { value: string; method: "S256" | "plain" } | undefined;
  offline: boolean;
  issueRefreshToken: boolean;
  expiresAt: number;
  used: boolean;
}

/** An upload session, as the test can inspect it. */
export interface YouTubeEmulatorSession {
  /** The `upload_id` of the session URI; replaced when a 308 hands out a new `Location`. */
  uploadId: string;
  /** The video's size from `X-Upload-Content-Length`. */
  totalBytes: number;
  /** The video's type from `X-Upload-Content-Type` (`video/*` or `application/octet-stream`). */
  contentType: string;
  /** Bytes received so far (SHA-256 and size; bytes kept up to `retainBytes`). */
  sink: ByteSink;
  /** When the session started, epoch ms on the emulator's clock. */
  createdAt: number;
  /**
   * When the session URI stops working (it then answers 404), epoch ms: `createdAt` plus the
   * `sessionTtlMs` option.
   */
  expiresAt: number;
  /** The video created when the last byte arrived. */
  videoId: string | undefined;
  /** Number of 308 answers so far. */
  resumeIncompleteCount: number;
  /** The `notifySubscribers` query parameter of the session start; `true` unless it was `"false"`. */
  notifySubscribers: boolean;
  /** The `part` values of the session start: the parts the completed upload answers. */
  parts: readonly string[];
  /** The validated video metadata sent with the session start, used for the video once uploaded. */
  resource: {
    /** The `snippet` sent (title, description, tags, categoryId, …). */
    snippet: Record<string, unknown>;
    /** The `status` sent (privacyStatus, publishAt, …), without read-only properties. */
    status: Record<string, unknown>;
  };
}

/** A video of the emulated channel. */
export interface YouTubeEmulatorVideo {
  /** The 11-character video id. */
  id: string;
  /** The video's `snippet`, as videos.list answers it; videos.update replaces it. */
  snippet: Record<string, unknown>;
  /**
   * The video's `status`, as videos.list answers it; `uploadStatus` goes from `uploaded` to
   * `processed` or `failed` when processing ends.
   */
  status: Record<string, unknown>;
  /** The video's `processingDetails`; processing ends as the `processingAfter…` options say. */
  processingDetails: {
    /** `processing`, then `succeeded` or `failed` (the `processingOutcome` option). */
    processingStatus: string;
    /** Set when processing failed (`transcodeFailed`; the value is UNCONFIRMED). */
    processingFailureReason?: string;
  };
  /** The uploaded bytes: `sink.sha256()`, `sink.size`. */
  sink: ByteSink;
  /** When the last byte arrived, epoch ms on the emulator's clock; `processingAfterMs` counts from it. */
  uploadedAt: number;
  /**
   * videos.list calls that read its `status` or `processingDetails`; compared with the
   * `processingAfterPolls` option.
   */
  statusReads: number;
  /** The custom thumbnail set by thumbnails.set, or `undefined`. */
  thumbnail:
    | {
        /** `image/jpeg` or `image/png`, from the image bytes. */
        contentType: string;
        /** The image's size in bytes. */
        size: number;
        /** Hex SHA-256 of the image. */
        sha256: string;
      }
    | undefined;
  /** Deleted by videos.delete: the API answers `videoNotFound` for it and `videos()` leaves it out. */
  deleted: boolean;
  /** The `id` of its item in the uploads playlist (not the video id). */
  playlistItemId: string;
}

/** What the token endpoint returns (https://developers.google.com/identity/protocols/oauth2/web-server). */
export interface GoogleTokenResponse {
  /** The bearer token for API calls. */
  access_token: string;
  /** Seconds the access token stays valid (the `accessTokenTtlSeconds` option). */
  expires_in: number;
  /** The granted scopes, space-delimited; may be fewer than requested (granular consent). */
  scope: string;
  /** Always `Bearer`. */
  token_type: "Bearer";
  /**
   * Only with offline access (`access_type=offline`) when the user saw the consent screen (the
   * client's first authorization, or `prompt=consent`), and from `issueTokens` unless `offline: false`;
   * never on a refresh.
   */
  refresh_token?: string;
}

/** Everything the emulator remembers. `channel` and `uploadsToday` change as a whole. */
export interface YouTubeState {
  readonly codes: Map<string, AuthCode>;
  readonly refreshTokens: Map<string, Grant>;
  readonly accessTokens: Map<string, AccessToken>;
  /** Per client, the scopes the user granted before (include_granted_scopes, first-consent refresh tokens). */
  readonly consentedBefore: Map<string, Set<string>>;
  /** Live sessions by their current upload_id. */
  readonly sessions: Map<string, YouTubeEmulatorSession>;
  /** Every session ever started, oldest first. */
  readonly sessionList: YouTubeEmulatorSession[];
  readonly videos: Map<string, YouTubeEmulatorVideo>;
  readonly quota: { used: number; limit: number };
  readonly stats: { sessionsStarted: number; chunkPuts: number; probes: number; refreshes: number };
  channel: YouTubeEmulatorChannel | null;
  /** Uploads since the last quota reset, for the `uploadLimit` option. */
  uploadsToday: number;
  /** The Google account's id (`sub` of tokeninfo). */
  readonly userId: string;
  /** Set by the `late-processing-failure` preset: processing fails after this many more status reads. */
  lateFailureAfterReads: number | undefined;
}

/** An empty emulator: the channel from the options (or none), no tokens, sessions or videos. */
export function createState(options: YouTubeEmulatorOptions): YouTubeState {
  const channelId = `UC${mintId().padEnd(22, "x").slice(0, 22)}`;
  return {
    codes: new Map(),
    refreshTokens: new Map(),
    accessTokens: new Map(),
    consentedBefore: new Map(),
    sessions: new Map(),
    sessionList: [],
    videos: new Map(),
    quota: { used: 0, limit: options.quotaLimit ?? 10_000 },
    stats: { sessionsStarted: 0, chunkPuts: 0, probes: 0, refreshes: 0 },
    channel:
      options.channel === null
        ? null
        : {
            id: channelId,
            title: "Postkit Emulator",
            description: "A channel served by @postkit/testing.",
            customUrl: "@postkit-emulator",
            country: "US",
            publishedAt: "2020-01-01T00:00:00Z",
            subscriberCount: "1230",
            hiddenSubscriberCount: false,
            viewCount: "98765432109876543210",
            uploadsPlaylistId: `UU${channelId.slice(2)}`,
            ...options.channel,
          },
    uploadsToday: 0,
    userId: `1${String(randomInt(10 ** 9, 10 ** 10 - 1))}${String(randomInt(10 ** 9, 10 ** 10 - 1))}`,
    lateFailureAfterReads: undefined,
  };
}

function mintAccess(ctx: YouTubeContext, grant: Grant): string {
  const { clock } = ctx;
  const { ttl } = ctx.settings;
  const token = mintSecret("ya29.");
  ctx.state.accessTokens.set(token, { grant, expiresAt: clock.now() + ttl });
  return token;
}

/** The token endpoint's answer for `grant`: a new access token, and its refresh token if asked. */
export function issue(ctx: YouTubeContext, grant: Grant, includeRefresh: boolean): GoogleTokenResponse {
  const { ttl } = ctx.settings;
  const body: GoogleTokenResponse = {
    access_token: mintAccess(ctx, grant),
    expires_in: Math.round(ttl / 1000),
    scope: grant.scopes.join(" "),
    token_type: "Bearer",
  };
  if (includeRefresh && grant.refreshToken) body.refresh_token = grant.refreshToken;
  return body;
}

/** A grant of `scopes` to a client; with offline access it gets a refresh token. */
export function newGrant(ctx: YouTubeContext, clientId: string, scopes: string[], offline: boolean): Grant {
  const { options, clock } = ctx;
  const grant: Grant = {
    clientId,
    scopes,
    refreshToken: offline ? mintSecret("1//") : undefined,
    refreshExpiresAt:
      offline && options.refreshTokenTtlMs ? clock.now() + options.refreshTokenTtlMs : undefined,
    revoked: false,
  };
  if (grant.refreshToken) ctx.state.refreshTokens.set(grant.refreshToken, grant);
  return grant;
}
