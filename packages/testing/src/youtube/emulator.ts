// A strict, stateful fake of Google OAuth 2.0 and the parts of the YouTube Data API v3 that
// @postkit/youtube uses, per Google's docs (https://developers.google.com/youtube/v3/docs). Where
// they leave something UNCONFIRMED, the choice made here is commented where it is made.
//
// createYouTubeEmulator builds the state, routes each request to its family's module (oauth.ts,
// routes/*, upload-session.ts) and exposes the test controls; the modules get a shared context.
import { type Clock, createClock } from "../harness/clock.js";
import type { EmulatorContext, PlatformEmulator } from "../harness/emulator.js";
import { charge, operationFor } from "./bearer.js";
import type { YouTubeContext } from "./context.js";
import { googleError } from "./errors.js";
import { authorize, revoke, token, tokenInfo } from "./oauth.js";
import { resolveSettings, type YouTubeEmulatorClient, type YouTubeEmulatorOptions } from "./options.js";
import { channelsList } from "./routes/channels.js";
import { playlistItemsList } from "./routes/playlist-items.js";
import { thumbnailsSet } from "./routes/thumbnails.js";
import { videosDelete, videosList, videosUpdate } from "./routes/videos.js";
import { YOUTUBE_EMULATOR_SCOPES as S } from "./rules.js";
import {
  createState,
  type GoogleTokenResponse,
  issue,
  newGrant,
  type YouTubeEmulatorChannel,
  type YouTubeEmulatorSession,
  type YouTubeEmulatorVideo,
} from "./state.js";
import { youtubeFaultPreset } from "./faults.js";
import { multipartInsert } from "./upload-multipart.js";
import { sessionPut, startSession } from "./upload-session.js";

/** Google's host roles for YouTube. */
export interface YouTubeHosts {
  /** The authorization page (`https://accounts.google.com`). */
  auth: string;
  /** Token and revoke endpoints (`https://oauth2.googleapis.com`). */
  oauth: string;
  /**
   * The Data API and its upload endpoints (`https://www.googleapis.com`; the emulator also answers
   * on `https://youtube.googleapis.com`, the discovery document's root).
   */
  api: string;
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

/** The Data API routes by path and method; anything else is a 404. */
async function route(ctx: YouTubeContext, request: Request, context: EmulatorContext): Promise<Response> {
  const url = new URL(request.url);
  const { path } = context;
  const method = request.method;
  if (path === "/youtube/v3/channels" && method === "GET") return channelsList(ctx, request, url);
  if (path === "/youtube/v3/videos") {
    if (method === "GET") return videosList(ctx, request, url);
    if (method === "PUT") return videosUpdate(ctx, request, url);
    if (method === "DELETE") return videosDelete(ctx, request, url);
  }
  if (path === "/youtube/v3/playlistItems" && method === "GET") return playlistItemsList(ctx, request, url);
  if (path === "/upload/youtube/v3/videos") {
    if (method === "POST") {
      // One upload per POST with uploadType=multipart; a session otherwise (refused unless resumable).
      if (url.searchParams.get("uploadType") === "multipart") return multipartInsert(ctx, request, url);
      return startSession(ctx, request, url, context);
    }
    if (method === "PUT" && url.searchParams.has("upload_id")) return sessionPut(ctx, request, url, context);
  }
  if (path === "/upload/youtube/v3/thumbnails/set" && method === "POST")
    return thumbnailsSet(ctx, request, url);
  // Google's answer for an unknown path is UNCONFIRMED (404 with reason notFound here).
  return googleError(404, "notFound", `The emulator has no ${method} ${path}.`);
}

/** Creates a YouTube emulator. Register it with the hub: `createEmulatorHub(createYouTubeEmulator())`. */
export function createYouTubeEmulator(options: YouTubeEmulatorOptions = {}): YouTubeEmulator {
  const clock = options.clock ?? createClock();
  const settings = resolveSettings(options);
  const state = createState(options);
  const ctx: YouTubeContext = { options, settings, clock, state };
  const { firstClient, firstRedirectUri } = settings;
  const { quota, stats, videos, accessTokens, sessionList } = state;

  /** A Data API call, charged to the quota once its answer is known. */
  async function api(request: Request, context: EmulatorContext): Promise<Response> {
    const method = operationFor(request.method, context.path);
    const response = await route(ctx, request, context);
    if (method) charge(ctx, method, response);
    return response;
  }

  return {
    platform: "youtube",
    defaultBaseUrls: Object.freeze({
      auth: "https://accounts.google.com",
      oauth: "https://oauth2.googleapis.com",
      api: "https://www.googleapis.com",
    }),
    // The discovery document's rootUrl; Google's guides use www.googleapis.com. Both serve v3.
    hostAliases: Object.freeze({ api: Object.freeze(["https://youtube.googleapis.com"]) }),
    faultPreset: (name, presetOptions) => youtubeFaultPreset(ctx, name, presetOptions),
    client: firstClient,
    redirectUri: firstRedirectUri,
    clock,
    get channel() {
      return state.channel;
    },
    set channel(value: YouTubeEmulatorChannel | null) {
      state.channel = value;
    },
    quota,
    stats,
    async handle(request: Request, context: EmulatorContext): Promise<Response> {
      if (context.role === "auth" && context.path === "/o/oauth2/v2/auth")
        return authorize(ctx, request, context);
      if (context.role === "oauth" && context.path === "/token") return token(ctx, request);
      if (context.role === "oauth" && context.path === "/revoke") return revoke(ctx, request);
      if (context.role === "oauth" && context.path === "/tokeninfo") return tokenInfo(ctx, request);
      if (context.role === "api") return api(request, context);
      return new Response("Not Found", { status: 404 });
    },
    issueTokens(issueOptions = {}) {
      const clientId = issueOptions.clientId ?? firstClient.clientId;
      const grant = newGrant(
        ctx,
        clientId,
        [...(issueOptions.scopes ?? [S.upload, S.readonly, S.manage])],
        issueOptions.offline ?? true,
      );
      return issue(ctx, grant, true);
    },
    sessions: () => [...sessionList],
    videos: () => [...videos.values()].filter((video) => !video.deleted),
    video: (id) => videos.get(id),
    expireAccessTokens() {
      for (const entry of accessTokens.values()) entry.expiresAt = Math.min(entry.expiresAt, clock.now());
    },
    resetQuota() {
      quota.used = 0;
      state.uploadsToday = 0;
    },
  };
}
