// A strict, stateful fake of Google OAuth 2.0 and the parts of the YouTube Data API v3 that
// @postkit/youtube uses, per /work/shared/platforms/youtube.md. Where the spec marks something
// UNCONFIRMED, the choice made here is commented.
import { createHash } from "node:crypto";
import { ByteSink } from "../harness/byte-sink.js";
import { type Clock, createClock } from "../harness/clock.js";
import { type ConsentMode, consent } from "../harness/consent.js";
import type { EmulatorContext, PlatformEmulator } from "../harness/emulator.js";
import { mintId, mintSecret } from "../harness/secrets.js";
import {
  authError,
  googleError,
  insufficientPermissions,
  oauthError,
  quotaExceeded,
  youtubeSignupRequired,
} from "./google-errors.js";

const SCOPE = "https://www.googleapis.com/auth/";
/** The YouTube scopes the emulated consent screen knows (spec §2). */
export const YOUTUBE_EMULATOR_SCOPES = {
  /** `youtube.upload`: videos.insert and thumbnails.set, but not channels.list, update or delete. */
  upload: `${SCOPE}youtube.upload`,
  /** `youtube` ("Manage your YouTube account"): every method the emulator serves. */
  manage: `${SCOPE}youtube`,
  /** `youtube.readonly`: channels.list, videos.list and playlistItems.list only. */
  readonly: `${SCOPE}youtube.readonly`,
  /** `youtube.force-ssl`: every method the emulator serves. */
  forceSsl: `${SCOPE}youtube.force-ssl`,
  /** `youtubepartner`: every method the emulator serves. */
  partner: `${SCOPE}youtubepartner`,
  /** `youtubepartner-channel-audit`: channels.list only. */
  partnerChannelAudit: `${SCOPE}youtubepartner-channel-audit`,
} as const;
const S = YOUTUBE_EMULATOR_SCOPES;
const KNOWN_SCOPES = new Set<string>([...Object.values(S), "openid", "email", "profile"]);

/** Which scopes each method accepts (spec §2, discovery `scopes` per method). */
const METHOD_SCOPES: Record<string, readonly string[]> = {
  "channels.list": [S.readonly, S.manage, S.forceSsl, S.partner, S.partnerChannelAudit],
  "videos.insert": [S.upload, S.manage, S.forceSsl, S.partner],
  "thumbnails.set": [S.upload, S.manage, S.forceSsl, S.partner],
  "videos.list": [S.readonly, S.manage, S.forceSsl, S.partner],
  "playlistItems.list": [S.readonly, S.manage, S.forceSsl, S.partner],
  "videos.update": [S.manage, S.forceSsl, S.partner],
  "videos.delete": [S.manage, S.forceSsl, S.partner],
};

/**
 * Default quota costs (spec §6). videos.insert is UNCONFIRMED (1 per call in its own bucket, ~100
 * units, or 1600 in old docs); 100 units here, charged once at session start.
 */
export const YOUTUBE_EMULATOR_QUOTA_COSTS: Readonly<Record<string, number>> = Object.freeze({
  "channels.list": 1,
  "videos.list": 1,
  "playlistItems.list": 1,
  "videos.insert": 100,
  "videos.update": 50,
  "videos.delete": 50,
  "thumbnails.set": 50,
});

/** Video categories the emulator accepts (a subset of YouTube's; the full list is not in the spec). */
const CATEGORIES = new Set([
  "1",
  "2",
  "10",
  "15",
  "17",
  "19",
  "20",
  "22",
  "23",
  "24",
  "25",
  "26",
  "27",
  "28",
  "29",
]);
const CHUNK_MULTIPLE = 262_144;
const MAX_VIDEO_BYTES = 274_877_906_944;
const MAX_THUMBNAIL_BYTES = 2_097_152;

/** Google's host roles for YouTube. */
export interface YouTubeHosts {
  /** The authorization page (`https://accounts.google.com`). */
  auth: string;
  /** Token and revoke endpoints (`https://oauth2.googleapis.com`). */
  oauth: string;
  /** The Data API and its upload endpoints (`https://www.googleapis.com`). */
  api: string;
}

/** An OAuth client registered with the emulator. */
export interface YouTubeEmulatorClient {
  /** The `client_id` the authorize and token endpoints accept. */
  clientId: string;
  /** The `client_secret` the token endpoint checks together with `clientId`. */
  clientSecret: string;
  /** Redirect URIs registered for the client; `redirect_uri` must match one exactly. */
  redirectUris: readonly string[];
}

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

/** Options of {@link createYouTubeEmulator}. */
export interface YouTubeEmulatorOptions {
  /** Time for expiry of codes, tokens and sessions. @default the system clock */
  clock?: Clock;
  /** Registered OAuth clients. @default one client, see `emulator.client` */
  clients?: readonly YouTubeEmulatorClient[];
  /** What the consent page does. @default "approve" */
  consent?: ConsentMode;
  /**
   * Refuse authorization requests without PKCE or with `code_challenge_method=plain`. Google
   * accepts both (spec §1: `S256` or `plain`, `plain` when the method is omitted), so the default
   * is to accept them like Google; turn this on to check that a client always sends S256.
   * @default false
   */
  requirePkceS256?: boolean;
  /** The scopes the user leaves ticked (granular consent). @default all requested */
  grantScopes?: (requested: readonly string[]) => readonly string[];
  /** The account's channel; `null` for a Google account without a channel. */
  channel?: Partial<YouTubeEmulatorChannel> | null;
  /** Daily quota units of the project. @default 10000 */
  quotaLimit?: number;
  /**
   * Units a failed Data API call costs (any 4xx; spec §6: "invalid requests cost ≥1 unit", the
   * exact figure UNCONFIRMED). A 403 quotaExceeded costs nothing (UNCONFIRMED): the call was
   * refused for lack of units. @postkit/youtube reports the same by default.
   * @default 1
   */
  failedCallCost?: number;
  /**
   * Overrides of the units each method costs, by method name (e.g. `{ "videos.insert": 1600 }`).
   * @default {@link YOUTUBE_EMULATOR_QUOTA_COSTS}
   */
  quotaCosts?: Partial<Record<string, number>>;
  /** Uploads allowed before `uploadLimitExceeded`. @default unlimited */
  uploadLimit?: number;
  /** Access token lifetime in seconds. @default 3599 */
  accessTokenTtlSeconds?: number;
  /**
   * Refresh token lifetime in ms; set 7 days to model an app in Testing status (spec §1).
   * @default no expiry
   */
  refreshTokenTtlMs?: number;
  /** Upload session lifetime (UNCONFIRMED for YouTube; other Google APIs say one week). @default 7 days */
  sessionTtlMs?: number;
  /**
   * Every Nth 308 carries a new `Location`; the old session URI then answers 404 (that the old URI
   * stops working is UNCONFIRMED: the strict choice). @default 0 (never)
   */
  newLocationEvery?: number;
  /** Accept at most this many bytes (rounded down to 256 KiB) of each non-final chunk, like a server that keeps part of a request. */
  maxBytesPerPut?: number;
  /** Processing ends after this many status reads of the video… @default 2 */
  processingAfterPolls?: number;
  /** …or after this long on the clock, whichever comes first. @default never */
  processingAfterMs?: number;
  /** How processing ends. @default "succeeded" */
  processingOutcome?: "succeeded" | "failed";
  /** Whether the channel may set custom thumbnails (verified channel). @default true */
  customThumbnails?: boolean;
  /** Bytes of each upload kept in memory (the SHA-256 and size are always kept). @default 16 MiB */
  retainBytes?: number;
}

interface Grant {
  clientId: string;
  scopes: string[];
  refreshToken: string | undefined;
  refreshExpiresAt: number | undefined;
  revoked: boolean;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

interface AuthCode {
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

/** The YouTube emulator: a {@link PlatformEmulator} plus state for tests to inspect and change. */
export interface YouTubeEmulator extends PlatformEmulator {
  /** Always `"youtube"`. */
  readonly platform: "youtube";
  /** The first registered client (with a minted secret). */
  readonly client: YouTubeEmulatorClient;
  /** The first client's first redirect URI, to configure the SDK under test with. */
  readonly redirectUri: string;
  /** Google's hosts by role, the same roles as `@postkit/youtube`'s `baseUrls` option. */
  readonly defaultBaseUrls: Readonly<YouTubeHosts>;
  /** The emulator's clock; a manual one lets a test expire codes, tokens and sessions. */
  readonly clock: Clock;
  /** The account's channel, or `null`. */
  channel: YouTubeEmulatorChannel | null;
  /** Units used and the limit. */
  readonly quota: {
    /**
     * Units charged since the start or the last {@link YouTubeEmulator.resetQuota}: each call's
     * cost when it succeeded, `failedCallCost` when it failed, nothing for quotaExceeded.
     */
    used: number;
    /** The daily limit (the `quotaLimit` option); a call that would pass it gets `quotaExceeded`. */
    limit: number;
  };
  /** Mints tokens directly (no browser), as the token endpoint would after consent. */
  issueTokens(options?: {
    scopes?: readonly string[];
    clientId?: string;
    offline?: boolean;
  }): GoogleTokenResponse;
  /** Every upload session, oldest first. */
  sessions(): YouTubeEmulatorSession[];
  /** Videos not deleted, oldest first. */
  videos(): YouTubeEmulatorVideo[];
  /** A video by id, deleted ones included. */
  video(id: string): YouTubeEmulatorVideo | undefined;
  /** Ends every access token now (the next API call gets 401 authError). */
  expireAccessTokens(): void;
  /** Sets the used quota back to 0 (midnight Pacific Time). */
  resetQuota(): void;
  /** Counters for assertions. */
  readonly stats: {
    /** Upload sessions started (videos.insert calls that got a session URI). */
    sessionsStarted: number;
    /** PUTs to a session URI that carried bytes (not status queries). */
    chunkPuts: number;
    /** Status queries: PUTs whose `Content-Range` has `*` instead of a byte range. */
    probes: number;
    /** Token requests with `grant_type=refresh_token`, successful or not. */
    refreshes: number;
  };
}

/** What the token endpoint returns (spec §1). */
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

/** Creates a YouTube emulator. Register it with the hub: `createEmulatorHub(createYouTubeEmulator())`. */
export function createYouTubeEmulator(options: YouTubeEmulatorOptions = {}): YouTubeEmulator {
  const clock = options.clock ?? createClock();
  const clients = new Map<string, YouTubeEmulatorClient>();
  for (const client of options.clients ?? [
    {
      clientId: "postkit-emulator.apps.googleusercontent.com",
      clientSecret: mintSecret("GOCSPX-"),
      redirectUris: ["http://localhost:3000/callback"],
    },
  ]) {
    clients.set(client.clientId, client);
  }
  const firstClient = [...clients.values()][0];
  const firstRedirectUri = firstClient?.redirectUris[0];
  if (!firstClient || firstRedirectUri === undefined) {
    throw new Error("createYouTubeEmulator: clients needs at least one client with a redirect URI");
  }
  const codes = new Map<string, AuthCode>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, AccessToken>();
  const consentedBefore = new Map<string, Set<string>>();
  const sessions = new Map<string, YouTubeEmulatorSession>();
  const sessionList: YouTubeEmulatorSession[] = [];
  const videos = new Map<string, YouTubeEmulatorVideo>();
  const quota = { used: 0, limit: options.quotaLimit ?? 10_000 };
  const costs: Record<string, number> = { ...YOUTUBE_EMULATOR_QUOTA_COSTS };
  for (const [name, cost] of Object.entries(options.quotaCosts ?? {}))
    if (cost !== undefined) costs[name] = cost;
  const stats = { sessionsStarted: 0, chunkPuts: 0, probes: 0, refreshes: 0 };
  const ttl = (options.accessTokenTtlSeconds ?? 3599) * 1000;
  const channelId = `UC${mintId().padEnd(22, "x").slice(0, 22)}`;
  let channel: YouTubeEmulatorChannel | null =
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
        };
  let uploadsToday = 0;

  function mintAccess(grant: Grant): string {
    const token = mintSecret("ya29.");
    accessTokens.set(token, { grant, expiresAt: clock.now() + ttl });
    return token;
  }

  function issue(grant: Grant, includeRefresh: boolean): GoogleTokenResponse {
    const body: GoogleTokenResponse = {
      access_token: mintAccess(grant),
      expires_in: Math.round(ttl / 1000),
      scope: grant.scopes.join(" "),
      token_type: "Bearer",
    };
    if (includeRefresh && grant.refreshToken) body.refresh_token = grant.refreshToken;
    return body;
  }

  function newGrant(clientId: string, scopes: string[], offline: boolean): Grant {
    const grant: Grant = {
      clientId,
      scopes,
      refreshToken: offline ? mintSecret("1//") : undefined,
      refreshExpiresAt:
        offline && options.refreshTokenTtlMs ? clock.now() + options.refreshTokenTtlMs : undefined,
      revoked: false,
    };
    if (grant.refreshToken) refreshTokens.set(grant.refreshToken, grant);
    return grant;
  }

  // ---------------------------------------------------------------- authorization page (auth role)
  async function authorize(request: Request, context: EmulatorContext): Promise<Response> {
    const url = new URL(request.url);
    const q = url.searchParams;
    const client = clients.get(q.get("client_id") ?? "");
    // Google shows these errors on its own page instead of redirecting (spec §1).
    if (!client) return errorPage(401, "invalid_client", "The OAuth client was not found.");
    const redirectUri = q.get("redirect_uri") ?? "";
    if (!client.redirectUris.includes(redirectUri)) {
      return errorPage(
        400,
        "redirect_uri_mismatch",
        "The redirect URI does not match a registered one exactly.",
      );
    }
    if (q.get("response_type") !== "code")
      return errorPage(400, "invalid_request", "response_type must be code.");
    const scopeParam = q.get("scope") ?? "";
    if (scopeParam.includes(",")) {
      return errorPage(400, "invalid_scope", "Scopes are space-delimited; this request used commas.");
    }
    const requested = scopeParam.split(" ").filter(Boolean);
    if (requested.length === 0)
      return errorPage(400, "invalid_request", "Missing required parameter: scope.");
    const unknown = requested.filter((scope) => !KNOWN_SCOPES.has(scope));
    if (unknown.length > 0) return errorPage(400, "invalid_scope", `Unknown scope: ${unknown.join(" ")}`);
    const challenge = q.get("code_challenge") ?? undefined;
    const pkce = checkPkce(challenge, q.get("code_challenge_method"), options.requirePkceS256 === true);
    if (pkce instanceof Response) return pkce;
    const accessType = q.get("access_type") ?? "online";
    if (accessType !== "online" && accessType !== "offline") {
      return errorPage(400, "invalid_request", "access_type must be online or offline.");
    }
    const prompt = (q.get("prompt") ?? "").split(" ").filter(Boolean);
    if (prompt.some((value) => !["none", "consent", "select_account"].includes(value))) {
      return errorPage(
        400,
        "invalid_request",
        "prompt must be none, consent or select_account (case-sensitive).",
      );
    }
    const state = q.get("state") ?? undefined;
    const previous = consentedBefore.get(client.clientId);
    const callback = (params: Record<string, string | undefined>) => {
      const target = new URL(redirectUri);
      for (const [name, value] of Object.entries(params))
        if (value !== undefined) target.searchParams.set(name, value);
      return target.toString();
    };
    return consent(request, context, {
      mode: options.consent ?? "approve",
      platform: "Google (YouTube)",
      appName: client.clientId,
      scopes: requested,
      approve: () => {
        let granted = [...(options.grantScopes?.(requested) ?? requested)];
        if (q.get("include_granted_scopes") === "true" && previous)
          granted = [...new Set([...previous, ...granted])];
        // A refresh token only comes with offline access on a consent screen: the first
        // authorization of this client, or prompt=consent (spec §1).
        const firstTime = previous === undefined;
        consentedBefore.set(client.clientId, new Set([...(previous ?? []), ...granted]));
        const code = mintSecret("4/0");
        codes.set(code, {
          clientId: client.clientId,
          redirectUri,
          scopes: granted,
          challenge: pkce,
          offline: accessType === "offline",
          issueRefreshToken: accessType === "offline" && (firstTime || prompt.includes("consent")),
          expiresAt: clock.now() + 10 * 60_000,
          used: false,
        });
        return callback({ code, state, scope: granted.join(" ") });
      },
      deny: () => callback({ error: "access_denied", state }),
    });
  }

  // ---------------------------------------------------------------- token endpoint (oauth role)
  function authenticateClient(request: Request, form: URLSearchParams): YouTubeEmulatorClient | Response {
    let id = form.get("client_id");
    let secret = form.get("client_secret");
    const basic = /^Basic (.+)$/i.exec(request.headers.get("authorization") ?? "");
    if (basic) {
      const [user, pass] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":");
      id = decodeURIComponent(user ?? "");
      secret = decodeURIComponent(pass ?? "");
    }
    const client = clients.get(id ?? "");
    if (!client) return oauthError(401, "invalid_client", "The OAuth client was not found.");
    if (client.clientSecret !== secret) return oauthError(401, "invalid_client", "Unauthorized");
    return client;
  }

  async function token(request: Request): Promise<Response> {
    if (request.method !== "POST") return oauthError(405, "invalid_request", "Use POST.");
    if (!(request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
      return oauthError(
        400,
        "invalid_request",
        "The token endpoint takes application/x-www-form-urlencoded.",
      );
    }
    const form = new URLSearchParams(await request.text());
    const client = authenticateClient(request, form);
    if (client instanceof Response) return client;
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const code = codes.get(form.get("code") ?? "");
      if (!code || code.used || code.expiresAt <= clock.now() || code.clientId !== client.clientId) {
        if (code) code.used = true;
        return oauthError(400, "invalid_grant", "Malformed auth code.");
      }
      code.used = true;
      if (form.get("redirect_uri") !== code.redirectUri) {
        return oauthError(400, "redirect_uri_mismatch", "Bad Request");
      }
      const verifier = form.get("code_verifier");
      if (code.challenge) {
        if (!verifier) return oauthError(400, "invalid_grant", "Missing code verifier.");
        const expected =
          code.challenge.method === "S256"
            ? createHash("sha256").update(verifier).digest("base64url")
            : verifier;
        if (expected !== code.challenge.value)
          return oauthError(400, "invalid_grant", "Invalid code verifier.");
      }
      const grant = newGrant(client.clientId, code.scopes, code.issueRefreshToken);
      return Response.json(issue(grant, true));
    }
    if (grantType === "refresh_token") {
      stats.refreshes += 1;
      const grant = refreshTokens.get(form.get("refresh_token") ?? "");
      if (
        !grant ||
        grant.revoked ||
        grant.clientId !== client.clientId ||
        (grant.refreshExpiresAt !== undefined && grant.refreshExpiresAt <= clock.now())
      ) {
        return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
      }
      // No new refresh token on refresh (spec §1).
      return Response.json(issue(grant, false));
    }
    return oauthError(400, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
  }

  async function revoke(request: Request): Promise<Response> {
    if (request.method !== "POST") return oauthError(405, "invalid_request", "Use POST.");
    const url = new URL(request.url);
    const form = new URLSearchParams(await request.text());
    const value = url.searchParams.get("token") ?? form.get("token") ?? "";
    const grant = refreshTokens.get(value) ?? accessTokens.get(value)?.grant;
    if (!grant || grant.revoked) return oauthError(400, "invalid_token", "Token expired or revoked");
    // Revoking either token ends the whole grant (Google's web-server guide; not in the spec, UNCONFIRMED).
    grant.revoked = true;
    return Response.json({});
  }

  // ---------------------------------------------------------------- API (api role)
  type Authorized = { grant: Grant } | Response;

  function bearer(request: Request): Authorized {
    const match = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "");
    const entry = match ? accessTokens.get(match[1]!) : undefined;
    if (!entry || entry.grant.revoked || entry.expiresAt <= clock.now()) return authError();
    return { grant: entry.grant };
  }

  /** quotaExceeded answers, which cost nothing (see `charge`). */
  const refusedForQuota = new WeakSet<Response>();

  /** Authenticates, checks the scopes and whether the call's full cost still fits in the quota. */
  function admit(request: Request, method: string): Authorized {
    const auth = bearer(request);
    if (auth instanceof Response) return auth;
    const accepted = METHOD_SCOPES[method] ?? [];
    if (!accepted.some((scope) => auth.grant.scopes.includes(scope))) return insufficientPermissions();
    const cost = costs[method] ?? 1;
    if (quota.used + cost > quota.limit) {
      const refused = quotaExceeded();
      refusedForQuota.add(refused);
      return refused;
    }
    return auth;
  }

  /**
   * Charges a Data API call once its answer is known (spec §6): the method's cost for a success,
   * `failedCallCost` (default 1; "invalid requests cost ≥1 unit", exact figure UNCONFIRMED) for
   * any other answer, nothing for quotaExceeded (UNCONFIRMED).
   */
  function charge(method: string, response: Response): void {
    if (refusedForQuota.has(response)) return;
    quota.used += response.ok ? (costs[method] ?? 1) : (options.failedCallCost ?? 1);
  }

  function channelResource(parts: Set<string>): Record<string, unknown> {
    const c = channel!;
    const resource: Record<string, unknown> = { kind: "youtube#channel", etag: etag(c.id), id: c.id };
    if (parts.has("snippet")) {
      resource.snippet = {
        title: c.title,
        description: c.description,
        ...(c.customUrl ? { customUrl: c.customUrl } : {}),
        publishedAt: c.publishedAt,
        thumbnails: {
          default: { url: `https://yt3.ggpht.example/${c.id}=s88`, width: 88, height: 88 },
          medium: { url: `https://yt3.ggpht.example/${c.id}=s240`, width: 240, height: 240 },
          high: { url: `https://yt3.ggpht.example/${c.id}=s800`, width: 800, height: 800 },
        },
        localized: { title: c.title, description: c.description },
        ...(c.country ? { country: c.country } : {}),
      };
    }
    if (parts.has("statistics")) {
      resource.statistics = {
        viewCount: c.viewCount,
        // Hidden counts are left out (spec §3).
        ...(c.hiddenSubscriberCount ? {} : { subscriberCount: c.subscriberCount }),
        hiddenSubscriberCount: c.hiddenSubscriberCount,
        videoCount: String([...videos.values()].filter((video) => !video.deleted).length),
      };
    }
    if (parts.has("contentDetails")) {
      resource.contentDetails = { relatedPlaylists: { likes: "", uploads: c.uploadsPlaylistId } };
    }
    if (parts.has("brandingSettings")) {
      resource.brandingSettings = {
        channel: {
          title: c.title,
          description: c.description,
          ...(c.keywords ? { keywords: c.keywords } : {}),
        },
        ...(c.bannerExternalUrl ? { image: { bannerExternalUrl: c.bannerExternalUrl } } : {}),
      };
    }
    return resource;
  }

  function parseParts(value: string | null, allowed: readonly string[]): Set<string> | Response {
    const parts = (value ?? "")
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    // Reason name for a missing parameter is UNCONFIRMED in the spec.
    if (parts.length === 0)
      return googleError(400, "required", "Required parameter: part", { location: "part" });
    const unknown = parts.filter((part) => !allowed.includes(part));
    if (unknown.length > 0) {
      // Reason name for an unknown part is UNCONFIRMED in the spec.
      return googleError(400, "unknownPart", `Unknown part: ${unknown.join(",")}`, { location: "part" });
    }
    return new Set(parts);
  }

  function channelsList(request: Request, url: URL): Response {
    const parts = parseParts(url.searchParams.get("part"), [
      "snippet",
      "statistics",
      "contentDetails",
      "brandingSettings",
      "id",
    ]);
    if (parts instanceof Response) return parts;
    if (url.searchParams.get("mine") !== "true") {
      // Reason name UNCONFIRMED in the spec (the emulator serves mine=true only).
      return googleError(
        400,
        "missingRequiredParameter",
        "The emulator supports channels.list with mine=true only.",
      );
    }
    const auth = admit(request, "channels.list");
    if (auth instanceof Response) return auth;
    const items = channel ? [channelResource(parts)] : [];
    return Response.json({
      kind: "youtube#channelListResponse",
      etag: etag(String(items.length)),
      pageInfo: { totalResults: items.length, resultsPerPage: 5 },
      items,
    });
  }

  function validateResource(
    resource: unknown,
    needCategory: boolean,
  ): Response | { snippet: Record<string, unknown>; status: Record<string, unknown> } {
    if (typeof resource !== "object" || resource === null) {
      // Reason name for a body that is not a resource is UNCONFIRMED in the spec.
      return googleError(400, "parseError", "The request body is not a video resource.");
    }
    const snippet = { ...((resource as { snippet?: Record<string, unknown> }).snippet ?? {}) };
    const status = { ...((resource as { status?: Record<string, unknown> }).status ?? {}) };
    const title = snippet.title;
    if (typeof title !== "string" || title.trim() === "" || [...title].length > 100 || /[<>]/.test(title)) {
      return googleError(
        400,
        "invalidTitle",
        "The request metadata specifies an invalid or empty video title.",
        {
          domain: "youtube.video",
        },
      );
    }
    const description = snippet.description;
    if (
      description !== undefined &&
      (typeof description !== "string" ||
        Buffer.byteLength(description, "utf8") > 5000 ||
        /[<>]/.test(description))
    ) {
      return googleError(
        400,
        "invalidDescription",
        "The request metadata specifies an invalid video description.",
        {
          domain: "youtube.video",
        },
      );
    }
    const tags = snippet.tags;
    if (tags !== undefined) {
      const list = Array.isArray(tags) ? (tags as unknown[]) : [];
      const valid = Array.isArray(tags) && list.every((tag) => typeof tag === "string");
      const length =
        Math.max(0, list.length - 1) +
        list.reduce<number>(
          (sum, tag) => sum + [...String(tag)].length + (String(tag).includes(" ") ? 2 : 0),
          0,
        );
      if (!valid || length > 500) {
        return googleError(400, "invalidTags", "The request metadata specifies invalid video keywords.", {
          domain: "youtube.video",
        });
      }
    }
    const category = snippet.categoryId;
    if (
      (needCategory && category === undefined) ||
      (category !== undefined && !CATEGORIES.has(String(category)))
    ) {
      return googleError(
        400,
        "invalidCategoryId",
        "The snippet.categoryId property specifies an invalid category ID.",
        {
          domain: "youtube.video",
        },
      );
    }
    const privacy = status.privacyStatus;
    if (privacy !== undefined && !["public", "unlisted", "private"].includes(String(privacy))) {
      // Reason name for a bad enum value is UNCONFIRMED in the spec.
      return googleError(400, "invalidValue", "Invalid privacyStatus.", { domain: "youtube.video" });
    }
    if (status.publishAt !== undefined) {
      const time = Date.parse(String(status.publishAt));
      if (Number.isNaN(time) || privacy !== "private") {
        return googleError(
          400,
          "invalidPublishAt",
          "The request metadata specifies an invalid scheduled publishing time.",
          {
            domain: "youtube.video",
          },
        );
      }
    }
    for (const key of ["uploadStatus", "failureReason", "rejectionReason", "madeForKids"]) delete status[key];
    return { snippet, status };
  }

  async function startSession(request: Request, url: URL, context: EmulatorContext): Promise<Response> {
    const uploadType = url.searchParams.get("uploadType");
    if (uploadType === "multipart") return multipartInsert(request, url);
    if (uploadType !== "resumable") {
      // Reason name UNCONFIRMED in the spec (the emulator serves the resumable and multipart protocols).
      return googleError(
        400,
        "invalidUploadType",
        "The emulator supports uploadType=resumable and uploadType=multipart only.",
      );
    }
    const parts = parseParts(url.searchParams.get("part"), ["snippet", "status"]);
    if (parts instanceof Response) return parts;
    const auth = admit(request, "videos.insert");
    if (auth instanceof Response) return auth;
    if (!channel) return youtubeSignupRequired();
    // Reason names for bad session headers (badContent) and bad JSON (parseError) are UNCONFIRMED.
    const lengthHeader = request.headers.get("x-upload-content-length") ?? "";
    const total = /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : Number.NaN;
    if (!Number.isSafeInteger(total) || total <= 0 || total > MAX_VIDEO_BYTES) {
      return googleError(
        400,
        "badContent",
        "X-Upload-Content-Length must be the size of the video in bytes (1 to 256 GB).",
      );
    }
    const contentType = request.headers.get("x-upload-content-type") ?? "";
    if (!/^video\/[\w.+-]+$/i.test(contentType) && contentType !== "application/octet-stream") {
      return googleError(
        400,
        "badContent",
        "X-Upload-Content-Type must be video/* or application/octet-stream.",
      );
    }
    if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) {
      return googleError(400, "badContent", "The metadata must be application/json.");
    }
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      return googleError(400, "parseError", "The metadata is not valid JSON.");
    }
    const resource = validateResource(body, false);
    if (resource instanceof Response) return resource;
    if (options.uploadLimit !== undefined && uploadsToday >= options.uploadLimit) {
      return googleError(
        400,
        "uploadLimitExceeded",
        "The user has exceeded the number of videos they may upload.",
        {
          domain: "youtube.video",
        },
      );
    }
    uploadsToday += 1;
    stats.sessionsStarted += 1;
    const session: YouTubeEmulatorSession = {
      uploadId: mintId("AUp"),
      totalBytes: total,
      contentType,
      sink: new ByteSink(options.retainBytes),
      createdAt: clock.now(),
      expiresAt: clock.now() + (options.sessionTtlMs ?? 7 * 24 * 3_600_000),
      videoId: undefined,
      resumeIncompleteCount: 0,
      notifySubscribers: url.searchParams.get("notifySubscribers") !== "false",
      resource,
    };
    sessions.set(session.uploadId, session);
    sessionList.push(session);
    return new Response(null, { status: 200, headers: { location: sessionUri(context, session.uploadId) } });
  }

  /**
   * videos.insert with `uploadType=multipart`, as googleapis' `videos.insert` sends it: one
   * `multipart/related` POST whose first part is the JSON resource and whose second part is the
   * video, streamed into a sink (never buffered whole). The video is created at once, as after the
   * last byte of a resumable upload; there is no session to resume. Reason names for a malformed
   * body (badContent) are UNCONFIRMED.
   */
  async function multipartInsert(request: Request, url: URL): Promise<Response> {
    const parts = parseParts(url.searchParams.get("part"), ["snippet", "status"]);
    if (parts instanceof Response) return parts;
    const auth = admit(request, "videos.insert");
    if (auth instanceof Response) return auth;
    if (!channel) return youtubeSignupRequired();
    const type = /^multipart\/related\s*;(?:.*;)?\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(
      request.headers.get("content-type") ?? "",
    );
    if (!type || !request.body) {
      return googleError(400, "badContent", "A multipart upload must be multipart/related with a boundary.");
    }
    const body = new MultipartRelatedReader(request.body, type[1] ?? type[2]!);
    const malformed = () => googleError(400, "badContent", "The multipart/related body is malformed.");
    const metadataHeaders = await body.nextPart();
    if (!metadataHeaders?.get("content-type")?.startsWith("application/json")) return malformed();
    const metadataBytes = await body.smallPart(1024 * 1024);
    if (!metadataBytes) return malformed();
    let metadata: unknown;
    try {
      metadata = JSON.parse(new TextDecoder().decode(metadataBytes));
    } catch {
      return googleError(400, "parseError", "The metadata is not valid JSON.");
    }
    const resource = validateResource(metadata, false);
    if (resource instanceof Response) return resource;
    const mediaHeaders = await body.nextPart();
    const contentType = mediaHeaders?.get("content-type") ?? "";
    if (!/^video\/[\w.+-]+$/i.test(contentType) && contentType !== "application/octet-stream") {
      return googleError(400, "badContent", "The media part must be video/* or application/octet-stream.");
    }
    if (options.uploadLimit !== undefined && uploadsToday >= options.uploadLimit) {
      return googleError(
        400,
        "uploadLimitExceeded",
        "The user has exceeded the number of videos they may upload.",
        {
          domain: "youtube.video",
        },
      );
    }
    const sink = new ByteSink(options.retainBytes);
    const size = await body.streamPart((bytes) => sink.append(bytes));
    if (size === undefined || size === 0 || !(await body.closed())) return malformed();
    uploadsToday += 1;
    const session: YouTubeEmulatorSession = {
      uploadId: mintId("AUp"),
      totalBytes: size,
      contentType,
      sink,
      createdAt: clock.now(),
      expiresAt: clock.now(),
      videoId: undefined,
      resumeIncompleteCount: 0,
      notifySubscribers: url.searchParams.get("notifySubscribers") !== "false",
      resource,
    };
    return complete(session);
  }

  function sessionUri(context: EmulatorContext, uploadId: string): string {
    return context.urlFor("api", `/upload/youtube/v3/videos?uploadType=resumable&upload_id=${uploadId}`);
  }

  function sessionGone(): Response {
    // What Google sends for an expired or unknown session is UNCONFIRMED; 404 with Google's body (GCS semantics).
    return googleError(404, "notFound", "Not Found");
  }

  function resumeIncomplete(session: YouTubeEmulatorSession, context: EmulatorContext): Response {
    session.resumeIncompleteCount += 1;
    const headers = new Headers();
    if (session.sink.size > 0) headers.set("range", `bytes=0-${session.sink.size - 1}`);
    const every = options.newLocationEvery ?? 0;
    if (every > 0 && session.resumeIncompleteCount % every === 0) {
      // The spec says to switch to a new Location, not that the old URI stops working: its 404
      // afterwards is UNCONFIRMED, and the strictest choice (a client that keeps the old URI fails).
      sessions.delete(session.uploadId);
      session.uploadId = mintId("AUp");
      sessions.set(session.uploadId, session);
      headers.set("location", sessionUri(context, session.uploadId));
    }
    return new Response(null, { status: 308, headers });
  }

  function complete(session: YouTubeEmulatorSession): Response {
    if (!session.videoId) {
      const id = mintId().slice(0, 11).padEnd(11, "x");
      const video: YouTubeEmulatorVideo = {
        id,
        snippet: {
          ...session.resource.snippet,
          channelId: channel?.id,
          publishedAt: new Date(clock.now()).toISOString(),
          categoryId: session.resource.snippet.categoryId ?? "22",
        },
        status: { privacyStatus: "public", ...session.resource.status, uploadStatus: "uploaded" },
        processingDetails: { processingStatus: "processing" },
        sink: session.sink,
        uploadedAt: clock.now(),
        statusReads: 0,
        thumbnail: undefined,
        deleted: false,
        playlistItemId: mintId("PLI"),
      };
      videos.set(id, video);
      session.videoId = id;
    }
    const video = videos.get(session.videoId)!;
    return Response.json(videoResource(video, new Set(["snippet", "status"])), { status: 200 });
  }

  async function sessionPut(request: Request, url: URL, context: EmulatorContext): Promise<Response> {
    const session = sessions.get(url.searchParams.get("upload_id") ?? "");
    if (!session || session.expiresAt <= clock.now()) return sessionGone();
    // Whether chunk PUTs need Authorization is UNCONFIRMED: accepted without, checked when present.
    if (request.headers.has("authorization")) {
      const auth = bearer(request);
      if (auth instanceof Response) return auth;
    }
    const range = request.headers.get("content-range");
    const total = session.totalBytes;
    // Reason names for malformed upload requests are UNCONFIRMED (badContent here); the messages
    // about Content-Range and 262144 are the server's as quoted in spec §4 and §8.
    if (range !== null && /^bytes \*\/\d+$/.test(range)) {
      stats.probes += 1;
      if (Number(range.slice(8)) !== total)
        return googleError(400, "badContent", "Content-Range total does not match.");
      await receive(request, session, 0, 0);
      if (session.videoId) return complete(session);
      return resumeIncomplete(session, context);
    }
    if (session.videoId) return complete(session);
    stats.chunkPuts += 1;
    if (range === null) {
      // A single request with the whole file, streamed into the sink.
      if (session.sink.size !== 0) {
        return googleError(400, "badContent", "Content-Range is required once bytes were received.");
      }
      await receive(request, session, 0, total);
      if (session.sink.size === total) return complete(session);
      return resumeIncomplete(session, context);
    }
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range);
    if (!match) return googleError(400, "badContent", "Failed to parse Content-Range header.");
    const first = Number(match[1]);
    const last = Number(match[2]);
    if (Number(match[3]) !== total || last < first || last >= total) {
      return googleError(400, "badContent", "Failed to parse Content-Range header.");
    }
    const length = last - first + 1;
    const final = last + 1 === total;
    if (!final && length % CHUNK_MULTIPLE !== 0) {
      return googleError(
        400,
        "badContent",
        "The number of bytes uploaded is required to be equal or greater than 262144, except for the final request " +
          "(it's recommended to be the exact multiple of 262144).",
      );
    }
    const received = session.sink.size;
    if (first > received) {
      return googleError(
        400,
        "badContent",
        `Content-Range starts at ${first} but only ${received} bytes were received.`,
      );
    }
    // Bytes the server already has are skipped (GCS semantics; UNCONFIRMED for YouTube).
    const skip = received - first;
    let keep = Math.max(0, length - skip);
    if (!final && options.maxBytesPerPut !== undefined) {
      const limit = Math.max(
        CHUNK_MULTIPLE,
        Math.floor(options.maxBytesPerPut / CHUNK_MULTIPLE) * CHUNK_MULTIPLE,
      );
      keep = Math.min(keep, limit);
    }
    // Streamed into the sink (a resumed single request can carry most of a large file).
    const bodyLength = await receive(request, session, skip, keep);
    if (bodyLength !== undefined && bodyLength !== length) {
      // What arrived within the range stays, as after a broken connection (UNCONFIRMED).
      return googleError(400, "badContent", "The body length does not match Content-Range.");
    }
    if (session.sink.size === total) return complete(session);
    return resumeIncomplete(session, context);
  }

  /**
   * Reads a PUT body as it streams in: its bytes from `skip` on go to the session's sink, at most
   * `keep` of them; the rest is counted and dropped. Returns the body's length, or `undefined`
   * when the connection broke mid-body (the bytes stored so far stay; the Range says how many).
   */
  async function receive(
    request: Request,
    session: YouTubeEmulatorSession,
    skip: number,
    keep: number,
  ): Promise<number | undefined> {
    if (!request.body) return 0;
    const reader = request.body.getReader();
    let seen = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return seen;
        const from = Math.max(0, skip - seen);
        const to = Math.min(value.byteLength, skip + keep - seen);
        seen += value.byteLength;
        if (to > from) session.sink.append(value.subarray(from, to));
      }
    } catch {
      return undefined;
    }
  }

  function refreshProcessing(video: YouTubeEmulatorVideo): void {
    if (video.processingDetails.processingStatus !== "processing") return;
    const afterPolls = options.processingAfterPolls ?? 2;
    const afterMs = options.processingAfterMs;
    const due =
      video.statusReads >= afterPolls || (afterMs !== undefined && clock.now() >= video.uploadedAt + afterMs);
    if (!due) return;
    if ((options.processingOutcome ?? "succeeded") === "succeeded") {
      video.status.uploadStatus = "processed";
      video.processingDetails = { processingStatus: "succeeded" };
    } else {
      // The spec names failureReason and processingFailureReason but not their values: these are UNCONFIRMED.
      video.status.uploadStatus = "failed";
      video.status.failureReason = "codec";
      video.processingDetails = { processingStatus: "failed", processingFailureReason: "transcodeFailed" };
    }
  }

  function videoResource(video: YouTubeEmulatorVideo, parts: Set<string>): Record<string, unknown> {
    const resource: Record<string, unknown> = { kind: "youtube#video", etag: etag(video.id), id: video.id };
    if (parts.has("snippet")) resource.snippet = { ...video.snippet };
    if (parts.has("status")) resource.status = { ...video.status };
    if (parts.has("processingDetails")) resource.processingDetails = { ...video.processingDetails };
    if (parts.has("statistics")) resource.statistics = { viewCount: "0", likeCount: "0", commentCount: "0" };
    return resource;
  }

  function videosList(request: Request, url: URL): Response {
    const parts = parseParts(url.searchParams.get("part"), [
      "snippet",
      "status",
      "processingDetails",
      "statistics",
      "contentDetails",
      "id",
    ]);
    if (parts instanceof Response) return parts;
    const ids = (url.searchParams.get("id") ?? "").split(",").filter(Boolean);
    if (ids.length === 0 || ids.length > 50) {
      // Reason name UNCONFIRMED in the spec.
      return googleError(
        400,
        "missingRequiredParameter",
        "The emulator supports videos.list with 1 to 50 ids.",
      );
    }
    const auth = admit(request, "videos.list");
    if (auth instanceof Response) return auth;
    const items: Record<string, unknown>[] = [];
    for (const id of ids) {
      const video = videos.get(id);
      if (!video || video.deleted) continue;
      if (parts.has("status") || parts.has("processingDetails")) {
        video.statusReads += 1;
        refreshProcessing(video);
      }
      items.push(videoResource(video, parts));
    }
    return Response.json({
      kind: "youtube#videoListResponse",
      etag: etag(ids.join()),
      pageInfo: { totalResults: items.length, resultsPerPage: items.length },
      items,
    });
  }

  function playlistItemsList(request: Request, url: URL): Response {
    const parts = parseParts(url.searchParams.get("part"), ["snippet", "contentDetails", "status", "id"]);
    if (parts instanceof Response) return parts;
    const maxText = url.searchParams.get("maxResults") ?? "5";
    const max = /^\d+$/.test(maxText) ? Number(maxText) : -1;
    if (max < 0 || max > 50) {
      // Reason name UNCONFIRMED in the spec.
      return googleError(400, "invalidParameter", "maxResults must be between 0 and 50.", {
        location: "maxResults",
      });
    }
    const auth = admit(request, "playlistItems.list");
    if (auth instanceof Response) return auth;
    const playlistId = url.searchParams.get("playlistId");
    if (!channel || playlistId !== channel.uploadsPlaylistId) {
      // Reason name UNCONFIRMED in the spec.
      return googleError(
        404,
        "playlistNotFound",
        "The playlist identified with the request's playlistId parameter cannot be found.",
        {
          domain: "youtube.playlistItem",
        },
      );
    }
    const pageToken = url.searchParams.get("pageToken");
    let start = 0;
    if (pageToken !== null) {
      const decoded = /^EM(\d+)$/.exec(pageToken);
      // Reason name UNCONFIRMED in the spec.
      if (!decoded)
        return googleError(400, "invalidPageToken", "The request specifies an invalid page token.");
      start = Number(decoded[1]);
    }
    // Newest first (the order of the uploads playlist is not stated in the spec).
    const all = [...videos.values()].filter((video) => !video.deleted).reverse();
    const page = all.slice(start, start + max);
    const next = start + max < all.length && max > 0 ? `EM${start + max}` : undefined;
    const items = page.map((video, index) => {
      const item: Record<string, unknown> = {
        kind: "youtube#playlistItem",
        etag: etag(video.playlistItemId),
        id: video.playlistItemId,
      };
      if (parts.has("snippet")) {
        item.snippet = {
          publishedAt: new Date(video.uploadedAt).toISOString(),
          channelId: channel!.id,
          title: video.snippet.title,
          description: video.snippet.description ?? "",
          playlistId,
          position: start + index,
          resourceId: { kind: "youtube#video", videoId: video.id },
        };
      }
      if (parts.has("contentDetails")) {
        item.contentDetails = {
          videoId: video.id,
          videoPublishedAt: new Date(video.uploadedAt).toISOString(),
        };
      }
      if (parts.has("status")) item.status = { privacyStatus: video.status.privacyStatus };
      return item;
    });
    return Response.json({
      kind: "youtube#playlistItemListResponse",
      etag: etag(`${start}`),
      ...(next ? { nextPageToken: next } : {}),
      ...(start > 0 ? { prevPageToken: `EM${Math.max(0, start - max)}` } : {}),
      pageInfo: { totalResults: all.length, resultsPerPage: max },
      items,
    });
  }

  async function videosUpdate(request: Request, url: URL): Promise<Response> {
    const parts = parseParts(url.searchParams.get("part"), ["snippet", "status"]);
    if (parts instanceof Response) return parts;
    const auth = admit(request, "videos.update");
    if (auth instanceof Response) return auth;
    let body: { id?: unknown; snippet?: unknown; status?: unknown };
    try {
      body = JSON.parse(await request.text()) as typeof body;
    } catch {
      // Reason name UNCONFIRMED in the spec.
      return googleError(400, "parseError", "The request body is not JSON.");
    }
    const video = typeof body.id === "string" ? videos.get(body.id) : undefined;
    if (!video || video.deleted) return videoNotFound();
    const checked = validateResource(
      { snippet: parts.has("snippet") ? body.snippet : video.snippet, status: body.status ?? {} },
      parts.has("snippet"),
    );
    if (checked instanceof Response) return checked;
    // Every mutable property of each part sent is replaced; those left out are reset (spec §5).
    if (parts.has("snippet")) {
      const { channelId, publishedAt } = video.snippet;
      video.snippet = { ...checked.snippet, channelId, publishedAt };
    }
    if (parts.has("status")) {
      const { uploadStatus, failureReason } = video.status;
      // What an omitted privacyStatus resets to is UNCONFIRMED; "public" makes a lost value visible.
      video.status = {
        privacyStatus: "public",
        ...checked.status,
        uploadStatus,
        ...(failureReason ? { failureReason } : {}),
      };
    }
    return Response.json(videoResource(video, parts));
  }

  function videoNotFound(): Response {
    // Reason name from the errors page, not in the spec (UNCONFIRMED).
    return googleError(404, "videoNotFound", "The video that you are trying to access cannot be found.", {
      domain: "youtube.video",
    });
  }

  function videosDelete(request: Request, url: URL): Response {
    const auth = admit(request, "videos.delete");
    if (auth instanceof Response) return auth;
    const video = videos.get(url.searchParams.get("id") ?? "");
    if (!video || video.deleted) return videoNotFound();
    video.deleted = true;
    return new Response(null, { status: 204 });
  }

  async function thumbnailsSet(request: Request, url: URL): Promise<Response> {
    const auth = admit(request, "thumbnails.set");
    if (auth instanceof Response) return auth;
    const video = videos.get(url.searchParams.get("videoId") ?? "");
    if (!video || video.deleted) return videoNotFound();
    if (options.customThumbnails === false) {
      return googleError(
        403,
        "forbidden",
        "The authenticated user doesn't have permissions to upload and set custom video thumbnails.",
        {
          domain: "youtube.thumbnail",
        },
      );
    }
    const contentType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim();
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength === 0) {
      return googleError(400, "mediaBodyRequired", "The request does not include the image content.", {
        domain: "youtube.thumbnail",
      });
    }
    const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
    const typeOk = ["image/jpeg", "image/png", "application/octet-stream"].includes(contentType);
    // The error for an oversized image is UNCONFIRMED; invalidImage is the documented one for unusable images.
    if (!typeOk || (!jpeg && !png) || bytes.byteLength > MAX_THUMBNAIL_BYTES) {
      return googleError(400, "invalidImage", "The provided image content is invalid.", {
        domain: "youtube.thumbnail",
      });
    }
    video.thumbnail = {
      contentType: jpeg ? "image/jpeg" : "image/png",
      size: bytes.byteLength,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    };
    const base = `https://i.ytimg.example/vi/${video.id}`;
    return Response.json({
      kind: "youtube#thumbnailSetResponse",
      etag: etag(video.thumbnail.sha256),
      items: [
        {
          default: { url: `${base}/default.jpg`, width: 120, height: 90 },
          medium: { url: `${base}/mqdefault.jpg`, width: 320, height: 180 },
          high: { url: `${base}/hqdefault.jpg`, width: 480, height: 360 },
        },
      ],
    });
  }

  async function api(request: Request, context: EmulatorContext): Promise<Response> {
    const method = operationFor(request.method, context.path);
    const response = await route(request, context);
    if (method) charge(method, response);
    return response;
  }

  async function route(request: Request, context: EmulatorContext): Promise<Response> {
    const url = new URL(request.url);
    const { path } = context;
    const method = request.method;
    if (path === "/youtube/v3/channels" && method === "GET") return channelsList(request, url);
    if (path === "/youtube/v3/videos") {
      if (method === "GET") return videosList(request, url);
      if (method === "PUT") return videosUpdate(request, url);
      if (method === "DELETE") return videosDelete(request, url);
    }
    if (path === "/youtube/v3/playlistItems" && method === "GET") return playlistItemsList(request, url);
    if (path === "/upload/youtube/v3/videos") {
      if (method === "POST") return startSession(request, url, context);
      if (method === "PUT" && url.searchParams.has("upload_id")) return sessionPut(request, url, context);
    }
    if (path === "/upload/youtube/v3/thumbnails/set" && method === "POST") return thumbnailsSet(request, url);
    // Google's answer for an unknown path is UNCONFIRMED (404 with reason notFound here).
    return googleError(404, "notFound", `The emulator has no ${method} ${path}.`);
  }

  return {
    platform: "youtube",
    defaultBaseUrls: Object.freeze({
      auth: "https://accounts.google.com",
      oauth: "https://oauth2.googleapis.com",
      api: "https://www.googleapis.com",
    }),
    client: firstClient,
    redirectUri: firstRedirectUri,
    clock,
    get channel() {
      return channel;
    },
    set channel(value: YouTubeEmulatorChannel | null) {
      channel = value;
    },
    quota,
    stats,
    async handle(request: Request, context: EmulatorContext): Promise<Response> {
      if (context.role === "auth" && context.path === "/o/oauth2/v2/auth") return authorize(request, context);
      if (context.role === "oauth" && context.path === "/token") return token(request);
      if (context.role === "oauth" && context.path === "/revoke") return revoke(request);
      if (context.role === "api") return api(request, context);
      return new Response("Not Found", { status: 404 });
    },
    issueTokens(issueOptions = {}) {
      const clientId = issueOptions.clientId ?? firstClient.clientId;
      const grant = newGrant(
        clientId,
        [...(issueOptions.scopes ?? [S.upload, S.readonly, S.manage])],
        issueOptions.offline ?? true,
      );
      return issue(grant, true);
    },
    sessions: () => [...sessionList],
    videos: () => [...videos.values()].filter((video) => !video.deleted),
    video: (id) => videos.get(id),
    expireAccessTokens() {
      for (const entry of accessTokens.values()) entry.expiresAt = Math.min(entry.expiresAt, clock.now());
    },
    resetQuota() {
      quota.used = 0;
      uploadsToday = 0;
    },
  };
}

/** The Data API method a request calls, for the quota; session PUTs are part of videos.insert and cost nothing. */
function operationFor(method: string, path: string): string | undefined {
  if (path === "/youtube/v3/channels" && method === "GET") return "channels.list";
  if (path === "/youtube/v3/playlistItems" && method === "GET") return "playlistItems.list";
  if (path === "/youtube/v3/videos") {
    if (method === "GET") return "videos.list";
    if (method === "PUT") return "videos.update";
    if (method === "DELETE") return "videos.delete";
  }
  if (path === "/upload/youtube/v3/videos" && method === "POST") return "videos.insert";
  if (path === "/upload/youtube/v3/thumbnails/set" && method === "POST") return "thumbnails.set";
  return undefined;
}

function etag(seed: string): string {
  return createHash("sha1").update(seed).digest("base64url").slice(0, 27);
}

/**
 * The PKCE parameters of an authorization request: `S256` or `plain`, `plain` when the method is
 * omitted (spec §1, RFC 7636). Google's answer to a malformed challenge, and to a method without
 * a challenge (ignored here), is UNCONFIRMED; `invalid_request` on its error page.
 */
function checkPkce(
  challenge: string | undefined,
  method: string | null,
  requireS256: boolean,
): AuthCode["challenge"] | Response {
  const required = "PKCE required: code_challenge (base64url SHA-256) with method S256.";
  if (challenge === undefined) return requireS256 ? errorPage(400, "invalid_request", required) : undefined;
  const kind = method ?? "plain";
  if (kind === "S256") {
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return errorPage(400, "invalid_request", "code_challenge must be a base64url SHA-256 (43 characters).");
    }
    return { value: challenge, method: "S256" };
  }
  if (kind === "plain") {
    if (requireS256) return errorPage(400, "invalid_request", required);
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(challenge)) {
      return errorPage(
        400,
        "invalid_request",
        "code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~.",
      );
    }
    return { value: challenge, method: "plain" };
  }
  return errorPage(400, "invalid_request", "code_challenge_method must be S256 or plain.");
}

function errorPage(status: number, error: string, description: string): Response {
  const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return new Response(
    `<!doctype html><title>Error ${status}: ${escapeHtml(error)}</title><h1>Error ${status}: ${escapeHtml(error)}</h1><p>${escapeHtml(description)}</p>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "x-oauth-error": error } },
  );
}

/**
 * Reads a `multipart/related` body (RFC 2046) part by part from a stream: small parts are
 * buffered, a large one is handed on as it arrives, keeping back only what could be the start of
 * the next delimiter.
 */
class MultipartRelatedReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  /** `CRLF--boundary`: what ends every part. */
  readonly #delimiter: Buffer;
  // A leading CRLF lets the first `--boundary` match the delimiter too.
  #buffer: Buffer = Buffer.from("\r\n");
  #failed = false;
  #started = false;

  constructor(body: ReadableStream<Uint8Array>, boundary: string) {
    this.#reader = body.getReader();
    this.#delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  async #more(): Promise<boolean> {
    try {
      const { done, value } = await this.#reader.read();
      if (done) return false;
      // A view of the first read, no copy; later ones join the few bytes kept back.
      const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      this.#buffer = this.#buffer.byteLength === 0 ? bytes : Buffer.concat([this.#buffer, bytes]);
      return true;
    } catch {
      this.#failed = true;
      return false;
    }
  }

  /** Everything before the next delimiter (at most `limit` bytes), which is consumed too. */
  async smallPart(limit: number): Promise<Buffer | undefined> {
    for (;;) {
      const index = this.#buffer.indexOf(this.#delimiter);
      if (index >= 0) {
        const part = Buffer.from(this.#buffer.subarray(0, index));
        this.#buffer = this.#buffer.subarray(index + this.#delimiter.byteLength);
        return part;
      }
      if (this.#buffer.byteLength > limit || !(await this.#more())) return undefined;
    }
  }

  /** Skips to the first delimiter (the preamble) once, then reads the next part's headers. */
  async nextPart(): Promise<Headers | undefined> {
    if (!this.#started) {
      this.#started = true;
      if ((await this.smallPart(64 * 1024)) === undefined) return undefined;
    }
    for (;;) {
      const end = this.#buffer.indexOf("\r\n\r\n");
      if (end >= 0) {
        if (!this.#buffer.subarray(0, 2).equals(Buffer.from("\r\n"))) return undefined;
        const headers = new Headers();
        for (const line of this.#buffer.subarray(2, Math.max(2, end)).toString("latin1").split("\r\n")) {
          const colon = line.indexOf(":");
          if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
        }
        this.#buffer = this.#buffer.subarray(end + 4);
        return headers;
      }
      if (this.#buffer.byteLength > 64 * 1024 || !(await this.#more())) return undefined;
    }
  }

  /**
   * Hands the part's bytes to `onBytes` as they arrive, up to the next delimiter. Returns the
   * part's length, or `undefined` when the body ended (or broke) before the delimiter.
   */
  async streamPart(onBytes: (bytes: Uint8Array) => void): Promise<number | undefined> {
    const keep = this.#delimiter.byteLength - 1;
    let length = 0;
    for (;;) {
      const index = this.#buffer.indexOf(this.#delimiter);
      if (index >= 0) {
        if (index > 0) onBytes(this.#buffer.subarray(0, index));
        this.#buffer = this.#buffer.subarray(index + this.#delimiter.byteLength);
        return length + index;
      }
      const ready = this.#buffer.byteLength - keep;
      if (ready > 0) {
        onBytes(this.#buffer.subarray(0, ready));
        length += ready;
        this.#buffer = this.#buffer.subarray(ready);
      }
      if (!(await this.#more())) return undefined;
    }
  }

  /** Whether the last delimiter read was the close delimiter (`--boundary--`); drains the epilogue. */
  async closed(): Promise<boolean> {
    while (this.#buffer.byteLength < 2 && (await this.#more()));
    if (!this.#buffer.subarray(0, 2).equals(Buffer.from("--"))) return false;
    let epilogue = this.#buffer.byteLength;
    while (epilogue <= 64 * 1024 && (await this.#more())) epilogue = this.#buffer.byteLength;
    return !this.#failed;
  }
}
