// The options of createYouTubeEmulator, and the settings the emulator fixes once at creation.
// Options not resolved here are read where they are used, with their defaults written there.
import type { Clock } from "../harness/clock.js";
import type { ConsentMode } from "../harness/consent.js";
import { mintSecret } from "../harness/secrets.js";
import { YOUTUBE_EMULATOR_QUOTA_COSTS } from "./rules.js";
import type { YouTubeEmulatorChannel } from "./state.js";

/** An OAuth client registered with the emulator. */
export interface YouTubeEmulatorClient {
  /** The `client_id` the authorize and token endpoints accept. */
  clientId: string;
  /** The `client_secret` the token endpoint checks together with `clientId`. */
  clientSecret: string;
  /** Redirect URIs registered for the client; `redirect_uri` must match one exactly. */
  redirectUris: readonly string[];
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
   * accepts both (https://developers.google.com/identity/protocols/oauth2/web-server: `S256` or `plain`, `plain` when the method is omitted), so the default
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
   * Units a failed Data API call costs (any 4xx; https://developers.google.com/youtube/v3/docs/errors: "invalid requests cost ≥1 unit", the
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
   * Refresh token lifetime in ms; set 7 days to model an app in Testing status (https://developers.google.com/identity/protocols/oauth2/web-server).
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

/** What the emulator fixes at creation: the OAuth clients, quota costs and token lifetime. */
export interface YouTubeSettings {
  clients: Map<string, YouTubeEmulatorClient>;
  firstClient: YouTubeEmulatorClient;
  firstRedirectUri: string;
  /** Units per method: the defaults with the `quotaCosts` option applied. */
  costs: Record<string, number>;
  /** Access token lifetime in ms. */
  ttl: number;
}

/** Applies the defaults of the options fixed at creation; throws without a client and redirect URI. */
export function resolveSettings(options: YouTubeEmulatorOptions): YouTubeSettings {
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
  const costs: Record<string, number> = { ...YOUTUBE_EMULATOR_QUOTA_COSTS };
  for (const [name, cost] of Object.entries(options.quotaCosts ?? {}))
    if (cost !== undefined) costs[name] = cost;
  const ttl = (options.accessTokenTtlSeconds ?? 3599) * 1000;
  return { clients, firstClient, firstRedirectUri, costs, ttl };
}
