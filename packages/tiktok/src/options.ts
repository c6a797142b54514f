// The client's options and the option types of the uniform publish calls.
import {
  type Account,
  type Clock,
  type Connection,
  type HttpOptions,
  type IdempotencyStore,
  type TokenSet,
  type TokenStore,
  ValidationError,
} from "@postkit/core";
import type { TikTokCreatorInfo } from "./creator-info.js";
import type { TikTokBaseUrls } from "./endpoints.js";
import type {
  TikTokDirectPostOptions,
  TikTokPhotoDetails,
  TikTokPhotoDirectPost,
  TikTokPhotoMediaUpload,
} from "./post-options.js";
import type { TikTokLimiter, TikTokRateLimitOptions } from "./rate-limit.js";
import type { TikTokVideoContentType } from "./upload.js";

/**
 * Options of the {@link TikTok} client. Transport options (`fetch`, `timeoutMs`, `retry`,
 * `logger`, `hooks`, `headers`) are core's `HttpOptions`.
 * @group Client
 */
export interface TikTokOptions extends HttpOptions {
  /** The app's client key from the developer portal (TikTok's name for client_id). */
  clientKey: string;
  /** The app's client secret. Never logged or put in errors. */
  clientSecret: string;
  /**
   * A redirect URI registered for the app, used exactly. Web: absolute `https`, no query or
   * fragment, under 512 characters. Desktop: `localhost` or `127.0.0.1` with a port, `http` or
   * `https`, e.g. `http://127.0.0.1:8080/callback/` (with the real port when a wildcard is registered).
   */
  redirectUri: string;
  /**
   * How the PKCE `S256` challenge is written. TikTok's desktop and mobile flows want lowercase
   * hex; whether the web flow also accepts RFC 7636 base64url is UNCONFIRMED.
   * @default "hex"
   */
  pkce?: "hex" | "base64url" | undefined;
  /** Hosts to use instead of TikTok's, e.g. an emulator's (`server.baseUrls.tiktok`). */
  baseUrls?: Partial<TikTokBaseUrls> | undefined;
  /** Client-side enforcement of TikTok's per-token rate limits. @default { mode: "wait" } */
  rateLimit?: TikTokRateLimitOptions | undefined;
  /**
   * The limiter that counts TikTok's per-token windows, instead of one in this process: share one
   * between every process that uses the same tokens (`RedisTikTokRateLimiter` from
   * `@postkit/redis/tiktok`), so their calls are counted together. Its own options decide whether
   * it waits or throws; `rateLimit.mode: "off"` still turns pacing off.
   * @default a TikTokRateLimiter with `rateLimit`
   */
  limiter?: TikTokLimiter | undefined;
  /**
   * Time limit of one chunk PUT in milliseconds, or `false`. Chunk PUTs stream the chunk through
   * `fetch` directly (no body copy); `retry`, `logger`, `headers` and `hooks` apply to them, but
   * the request `hooks.beforeRequest` and `hooks.afterResponse` see carries no body.
   * @default 300000
   */
  uploadTimeoutMs?: number | false | undefined;
  /** Time for the limiter, upload expiry and polling; inject one in tests. @default systemClock */
  clock?: Clock | undefined;
  /**
   * Where connections without `credentials` load their tokens from, and where `connect` saves
   * them; share one across instances (`@postkit/redis`) so every instance renews through it.
   */
  tokenStore?: TokenStore | undefined;
  /**
   * Receives renewed token sets of connections that carry plain tokens, before the new tokens
   * are used; persist them here (a failure fails the call with a `StoreError`, and the same set
   * is offered again next time, so a rotated refresh token is never lost).
   */
  onTokens?: ((tokens: TokenSet, credentialKey: string) => void | Promise<void>) | undefined;
  /** Remembers idempotency keys. @default a MemoryIdempotencyStore (one process) */
  idempotencyStore?: IdempotencyStore | undefined;
}

/** A connection to a TikTok account: the account and what acts for it. @group Client */
export type TikTokConnection = Connection<Account>;

/**
 * TikTok's photo options for the uniform core's `Provider.publishPhotos` (the images come as the
 * input's `imageUrls`): `postMode: "DIRECT_POST"` posts (`video.publish`, privacy level required),
 * `postMode: "MEDIA_UPLOAD"` sends them to the creator's inbox (`video.upload`).
 * @group Client
 */
export type TikTokPhotoOptions = (TikTokPhotoDirectPost | TikTokPhotoMediaUpload) &
  TikTokPhotoDetails & {
    /** The creator info your post UI showed; queried when needed and absent. */
    creatorInfo?: TikTokCreatorInfo | undefined;
  };

/**
 * TikTok's video options for core's `Provider.publishVideo`: `mode: "direct"` posts
 * (needs `video.publish`, options checked against the creator info); `mode: "draft"` sends the
 * video to the creator's TikTok inbox to finish in the app (needs `video.upload`).
 * @group Client
 */
export type TikTokVideoOptions =
  | ({
      /** Post directly (`video.publish`). */
      mode: "direct";
      /**
       * The creator info your post UI showed the user. TikTok requires the latest values; when
       * absent postkit queries it (one of the 20 calls per minute).
       */
      creatorInfo?: TikTokCreatorInfo | undefined;
      /** Chunk size for files over 64 MB (5,242,880–64,000,000). @default 10000000 */
      chunkSize?: number | undefined;
      /** `video/mp4`, `video/quicktime` or `video/webm`. @default the source's `type`, else `video/mp4` */
      contentType?: TikTokVideoContentType | undefined;
    } & TikTokDirectPostOptions)
  | {
      /** Send the video to the creator's TikTok inbox to finish in the app (`video.upload`). */
      mode: "draft";
      /** Chunk size for files over 64 MB (5,242,880–64,000,000). @default 10000000 */
      chunkSize?: number | undefined;
      /** `video/mp4`, `video/quicktime` or `video/webm`. @default the source's `type`, else `video/mp4` */
      contentType?: TikTokVideoContentType | undefined;
    };

/**
 * Spec https://developers.tiktok.com/doc/login-kit-web Web: absolute `https`, static, under 512 characters. Desktop: host `localhost` or
 * `127.0.0.1` only, `http` or `https`, and a port is required (TikTok may register a wildcard
 * port, but the URI sent must carry the real one).
 */
export function checkRedirectUri(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const wildcard = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:\*/i.test(value);
    throw new ValidationError(
      wildcard
        ? "tiktok: redirectUri must carry the actual port; a wildcard port (`:*`) is only for registering it."
        : "tiktok: redirectUri must be an absolute URL.",
    );
  }
  const desktop = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  const problems: string[] = [];
  if (value.length >= 512) problems.push("must be under 512 characters");
  if (url.search || url.hash) problems.push("must be static (no query string, no #fragment)");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && desktop)) {
    problems.push("must be https (http only for localhost or 127.0.0.1 desktop apps)");
  }
  // Checked on the text: URL drops a default port (`https://localhost:443/` has port "").
  if (desktop && !/^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?[^/?#:]+:\d+(?:[/?#]|$)/i.test(value)) {
    problems.push("a desktop (localhost or 127.0.0.1) redirect needs a port");
  }
  if (problems.length) throw new ValidationError(`tiktok: redirectUri ${problems.join("; ")}.`);
  return value;
}
