// The options of createTikTokEmulator, and the settings the emulator fixes once at creation.
// Options not resolved here are read where they are used, with their defaults written there.
import type { Clock } from "../harness/clock.js";
import type { ConsentMode } from "../harness/consent.js";
import { mintSecret } from "../harness/secrets.js";
import type { TikTokCreatorSettings, TikTokEmulatedUser } from "./state.js";

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
  /**
   * Mint authorization codes with characters the redirect percent-encodes (`!`), so an app that
   * forgets to URL-decode the code fails the exchange, as TikTok says it should decode it. Which
   * characters TikTok's codes hold is UNCONFIRMED; `false` mints URL-safe codes.
   * @default true
   */
  codeNeedsDecoding?: boolean;
  /**
   * What a failed chunk PUT's body is: TikTok's `{ data, error: { code, message, log_id } }`
   * envelope (`envelope`, with `invalid_params` and a message saying what is wrong; the status
   * says which failure), or nothing (`empty`). The documentation gives only the statuses, so the
   * body is UNCONFIRMED; parse the status and `Content-Range`, not the body.
   * @default "envelope"
   */
  uploadErrorBody?: "envelope" | "empty";
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

/** What the emulator fixes at creation: the app's credentials and the upload/status knobs. */
export interface TikTokSettings {
  clientKey: string;
  clientSecret: string;
  redirectUris: string[];
  verifiedUrlPrefixes: string[];
  processingPolls: number;
  moderationPolls: number;
  contentRangeReading: "inclusive" | "byte-count";
}

/** Applies the defaults of the options fixed at creation; throws on an empty `redirectUris`. */
export function resolveSettings(options: TikTokEmulatorOptions): TikTokSettings {
  const clientKey = options.clientKey ?? "postkit-test-client-key";
  const clientSecret = options.clientSecret ?? mintSecret("tts-");
  const redirectUris = [...(options.redirectUris ?? ["https://app.example/callback/tiktok"])];
  if (redirectUris.length === 0) throw new Error("createTikTokEmulator: redirectUris needs at least one URI");
  return {
    clientKey,
    clientSecret,
    redirectUris,
    verifiedUrlPrefixes: options.verifiedUrlPrefixes ?? ["https://media.example/"],
    processingPolls: options.processingPolls ?? 1,
    moderationPolls: options.moderationPolls ?? 0,
    contentRangeReading: options.contentRangeReading ?? "inclusive",
  };
}
