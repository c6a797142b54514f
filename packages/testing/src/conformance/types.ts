import type {
  Connection,
  Clock as CoreClock,
  Logger,
  Provider,
  PublishJob,
  RenewalKind,
  StandardOperation,
  TokenSet,
  TokenStore,
} from "@postkit/core";
import type { PlatformEmulator } from "../harness/emulator.js";
import type { FaultRule } from "../harness/faults.js";
import type { RequestLogFilter } from "../harness/request-log.js";

/**
 * What the kit hands the package's `createProvider` for every check: the transport to reach the
 * emulator, and the shared pieces some checks need. Pass each one through to the client.
 */
export interface ConformanceProviderOptions {
  /** The transport: the emulator hub's `fetch`, sometimes wrapped by a hostile check. Always set. */
  fetch: typeof globalThis.fetch;
  /** A token store shared by two instances (the renewal and store checks), when set. */
  tokenStore?: TokenStore | undefined;
  /** Receives the client's log lines; the hostile checks scan them for secrets. */
  logger?: Logger | undefined;
}

/** A connection acting with plain tokens, as `connect` returns them. */
export interface TokenConnection extends Connection {
  /** The account's tokens. */
  credentials: TokenSet;
}

/** How the platform's authorization URL carries PKCE. */
export type PkceEncoding = "S256-hex" | "S256-base64url" | "none";

/**
 * The platform-specific answers the conformance suite needs: how to build a provider and its
 * emulator, how to mint valid tokens, what a publish looks like, and which requests are which.
 * Everything else in the suite is platform-neutral.
 *
 * @typeParam TEmulator the platform's emulator type.
 * @typeParam TScope the platform's scope union.
 * @typeParam TVideoOptions the platform's video publish options.
 */
export interface ConformanceAdapter<
  TEmulator extends PlatformEmulator = PlatformEmulator,
  TScope extends string = string,
  TVideoOptions = unknown,
> {
  /** The platform id (`Provider.id`), also the emulator's `platform`. */
  name: string;
  /**
   * The `platform` of the provider's accounts, profiles and jobs, when they are not `name`: one
   * provider for several account kinds (Meta's `"facebook"` Pages and `"instagram"` accounts).
   * @default [name]
   */
  accountPlatforms?: readonly string[] | undefined;
  /** A fresh emulator; each check gets its own. */
  createEmulator(): TEmulator;
  /**
   * A provider registered with `emulator`'s client and redirect URI, reaching it through
   * `options.fetch`, with `tokenStore` and `logger` passed on, and fast retries (a few ms).
   */
  createProvider(
    emulator: TEmulator,
    options: ConformanceProviderOptions,
  ): Provider<TScope, import("@postkit/core").Profile, TVideoOptions>;
  /** Scopes, in the platform's vocabulary. */
  scopes: {
    /** The fewest scopes `getProfile` works with. */
    profile: readonly TScope[];
    /** Scopes a login requests that lets `publishVideo`, `getPublishStatus` and `getProfile` work. */
    publish: readonly TScope[];
    /**
     * Operations whose permissions depend on the account (Meta: a Page's or an Instagram
     * account's), so the manifest names none: the scopes check still expects each to refuse a
     * grant lacking them with a ScopeError naming what it lacks, before any request.
     */
    byAccount?: readonly StandardOperation[] | undefined;
  };
  /** OAuth facts of the platform. */
  oauth: {
    /** The query parameter carrying the client id (`client_id`, TikTok's `client_key`). */
    clientIdParam: string;
    /** The client id the provider was registered with. */
    clientId(emulator: TEmulator): string;
    /** How the authorization URL carries the PKCE challenge. */
    pkce: PkceEncoding;
    /**
     * Token-endpoint requests one `connect` makes: the code exchange, and any exchange after it
     * on the same endpoint (Meta's long-lived user token is a second `/oauth/access_token`).
     * @default 1
     */
    exchangesPerConnect?: number | undefined;
    /**
     * Opens the authorization URL as a user who approves, and returns the callback URL. Default:
     * a `GET` through the hub without following redirects, expecting a 3xx with `Location`.
     */
    consent?(url: URL, fetch: typeof globalThis.fetch): Promise<string>;
  };
  /** How the platform renews tokens, and whether a refresh rotates the refresh token. */
  renewal: {
    /** The renewal kind, as `provider.renewal` must say. */
    kind: RenewalKind;
    /** Whether a refresh returns a new refresh token and retires the old one (TikTok). */
    rotates?: boolean | undefined;
  };
  /** Valid tokens of the emulator's default account for `scopes` (all when absent), as a connection. */
  connection(emulator: TEmulator, scopes?: readonly TScope[]): TokenConnection;
  /** The platform's video publish. */
  video: {
    /** Options of a publish the emulator accepts (a private post, a draft). */
    options: TVideoOptions;
    /** Extra input fields the platform's `publishVideo` takes (a chunk size), merged in. */
    input?: Record<string, unknown> | undefined;
    /** Size of the test video in bytes: at least three chunks, so a fault can hit a middle one. */
    size: number;
    /** How many bytes each upload request carries (the chunk size the input sets). */
    chunkSize: number;
    /**
     * The upload sends the rest of the file in one request per attempt instead of a chunk per
     * request (Meta's Resumable Upload API and rupload): the upload checks then aim their faults
     * at the first upload request, not the second. Set `chunkSize` to `size`.
     */
    streamed?: boolean | undefined;
    /** Hex SHA-256 of the bytes the emulator stored for the job's upload, or `undefined`. */
    storedSha256(emulator: TEmulator, job: PublishJob): string | undefined | Promise<string | undefined>;
    /** How many posts (publishes, videos) the emulator holds. */
    posts(emulator: TEmulator): number;
  };
  /** Which logged requests are which, as request-log filters. */
  requests: {
    /** The token endpoint (code exchange and renewals). */
    token: RequestLogFilter;
    /** The write that creates a post (an init, a session start). Never repeated. */
    publish: RequestLogFilter;
    /** One upload request of a chunk (fault rules are built from it, and the log is counted with it). */
    chunk: {
      /** The emulator's platform. */
      platform: string;
      /** The host role of upload requests. */
      role?: string | undefined;
      /** Their HTTP method. */
      method: string;
      /** Their path, when the role serves other requests too: a pattern when it holds a server-chosen id. */
      path?: string | RegExp | undefined;
    };
  };
  /**
   * The platform's resync signal: a fault rule for the second chunk's request, answering that
   * the server holds the first `chunkSize` bytes of `size` only (TikTok's 416 with
   * `Content-Range`, YouTube's 308 with `Range`). Leave it out when the platform has none; the
   * check is then skipped and says so.
   */
  resync?(size: number, chunkSize: number): FaultRule;
  /**
   * The faults that lose the response of the publish's decisive write (the write takes effect,
   * its answer never arrives, nor do the probes that would find out), so `publishVideo` must
   * return an `unknown` job. Absent: the check is skipped and says so.
   */
  lostResponse?: {
    /** Fault rules added before the publish; removed before reconciling. */
    faults(size: number, chunkSize: number): FaultRule[];
    /** Publishes photos (`imageUrls`) instead of a video, for platforms whose decisive write is a photo init. */
    photos?:
      | {
          /** Public image URLs the emulator accepts. */
          imageUrls: readonly string[];
          /** The platform's photo options. */
          options: unknown;
        }
      | undefined;
    /** The write whose response is lost, when it is not `requests.publish` (a photo init). */
    write?: RequestLogFilter | undefined;
    /** Whether `getPublishStatus` can settle the unknown job (false: the platform cannot look it up). */
    reconcilable: boolean;
  };
  /** A clock for `waitForPublish`, whose `sleep` moves time without waiting. Default: such a clock. */
  clock?: CoreClock | undefined;
}
