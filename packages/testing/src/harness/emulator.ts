/**
 * The contract between the harness and the platform emulators.
 *
 * An emulator is a stateful fake of one platform: it answers web-standard `Request`s with
 * `Response`s. The harness (see `hub.ts`) routes requests to it, whichever way they arrive:
 * through an injected `fetch`, through msw, or over a real loopback HTTP server. So an emulator
 * never deals with sockets, msw or ports, only with the roles of the hosts it serves.
 */
import type { FaultPresetName, FaultPresetOptions, FaultRule } from "./faults.js";

/** What the harness tells an emulator about one request. */
export interface EmulatorContext {
  /** The host role the request arrived on, e.g. `"auth"`, `"api"`, `"upload"`. */
  role: string;
  /** The path relative to the role's base URL, starting with `/`, without the query. */
  path: string;
  /**
   * An absolute URL on one of this emulator's roles, valid for the way the request arrived
   * (real hosts under msw, `http://127.0.0.1:PORT/...` on the loopback server). Use it for
   * redirects and for URLs the platform hands out (upload URLs, session URIs).
   */
  urlFor(role: string, pathAndQuery: string): string;
  /**
   * Whether a request without `Content-Length` really came without one (its body chunked), so an
   * emulator may refuse it like a platform that requires the header. `true` on the loopback server,
   * and through `hub.fetch`, which adds the `Content-Length` a real fetch sends for a sized body;
   * `false` under msw, where a sized body arrives without the header. @default false
   */
  contentLengthReliable?: boolean;
}

/** A fake platform. */
export interface PlatformEmulator {
  /** `"tiktok"`, `"youtube"`, … Also the path prefix on the loopback server. */
  readonly platform: string;
  /**
   * The real base URL of each host role, e.g. `{ auth: "https://www.tiktok.com",
   * api: "https://open.tiktokapis.com", upload: "https://open-upload.tiktokapis.com" }`.
   * The role names match the `baseUrls` option of the platform's postkit package.
   */
  readonly defaultBaseUrls: Readonly<Record<string, string>>;
  /** Answers one request. Throwing {@link ConnectionDrop} makes the harness cut the connection. */
  handle(request: Request, context: EmulatorContext): Promise<Response>;
  /**
   * More real base URLs a role answers on, e.g. YouTube's Data API on both
   * `https://www.googleapis.com` and `https://youtube.googleapis.com`. `hub.fetch` and msw route
   * them to the role; URLs the emulator hands out use `defaultBaseUrls`.
   */
  readonly hostAliases?: Readonly<Record<string, readonly string[]>>;
  /**
   * The rules of a named fault preset on this platform (see `hub.faults.preset`), or `undefined`
   * when the emulator does not offer it. A preset may also change the emulator's state at once
   * (e.g. processing that will fail late) and return no rule.
   */
  faultPreset?(name: FaultPresetName, options: FaultPresetOptions): FaultRule[] | undefined;
}

/**
 * The loopback base URLs of a set of emulators: for each emulator's `platform`, a URL for each
 * role of its `defaultBaseUrls`.
 */
export type BaseUrlsOf<TEmulator extends PlatformEmulator> = {
  [E in TEmulator as E["platform"]]: { [Role in keyof E["defaultBaseUrls"] & string]: string };
};

/** Thrown by an emulator (or a fault) to make the harness drop the connection without a response. */
export class ConnectionDrop extends Error {
  constructor(message = "connection dropped by the emulator") {
    super(message);
    this.name = "ConnectionDrop";
  }
}
