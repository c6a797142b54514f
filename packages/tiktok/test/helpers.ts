// Shared setup: a TikTok emulator behind the harness hub, a TikTok client wired to it, a manual clock.
import { createHash } from "node:crypto";
import {
  type Connection,
  commaSeparatedScopes,
  credentialKeyOf,
  type TokenSet,
  tokenSetFromResponse,
  type UploadSource,
} from "@postkit/core";
import { setupServer } from "msw/node";
import {
  type Clock,
  createClock,
  createEmulatorHub,
  createTikTokEmulator,
  type EmulatorHub,
  type TikTokEmulator,
  type TikTokEmulatorOptions,
} from "@postkit/testing";
import { TikTok, type TikTokOptions } from "../src/index.js";
import { pseudoRandomBytes as randomBytesOf } from "@postkit/testing/conformance";

export const START = Date.UTC(2026, 0, 15, 12, 0, 0);

/** Every way a test can reach the emulator. */
export const TRANSPORTS = ["fetch", "msw", "loopback"] as const;

/** The transport `setup` uses when a test does not say; suites set it per `describe.each` block. */
export const defaults: { transport: (typeof TRANSPORTS)[number] } = { transport: "fetch" };

export interface Setup {
  clock: Clock;
  emulator: TikTokEmulator;
  hub: EmulatorHub;
  tiktok: TikTok;
  /** Tokens of the default account, or of the account with `openId`. */
  tokens(scopes?: readonly string[], openId?: string): TokenSet;
  /** A connection (account + plain tokens) of the default account, or of the account with `openId`. */
  connection(scopes?: readonly string[], openId?: string): Connection & { credentials: TokenSet };
  /** Another client on the same transport (a second process, say), with `client` overrides. */
  client(client?: Partial<TikTokOptions>): TikTok;
  /** Opens a URL like a browser on this transport, without following redirects. */
  browse(url: URL | string): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `transport`: `fetch` injects `hub.fetch`; `msw` intercepts the real TikTok hosts with
 * `hub.mswHandlers()`; `loopback` talks real HTTP to `hub.listen()`.
 */
export async function setup(
  options: {
    transport?: "fetch" | "msw" | "loopback";
    emulator?: TikTokEmulatorOptions;
    client?: Partial<TikTokOptions>;
    /** Sees a copy of every request the client sends, whatever the transport. */
    spy?: (request: Request) => void | Promise<void>;
  } = {},
): Promise<Setup> {
  const clock = createClock(START);
  const emulator = createTikTokEmulator({ clock, ...options.emulator });
  const hub = createEmulatorHub(emulator);
  const transport = options.transport ?? defaults.transport;
  let close = async () => {};
  // Looked up per call: msw patches globalThis.fetch while it listens.
  let send: typeof fetch = hub.fetch;
  let transportOptions: Partial<TikTokOptions> = {};
  if (transport === "msw") {
    const server = setupServer(...hub.mswHandlers());
    server.listen({ onUnhandledRequest: "error" });
    close = async () => server.close();
    send = (input, init) => globalThis.fetch(input, init);
  } else if (transport === "loopback") {
    const server = await hub.listen();
    close = () => server.close();
    send = (input, init) => globalThis.fetch(input, init);
    transportOptions = { baseUrls: server.baseUrls.tiktok };
  }
  const spy = options.spy;
  // Without a spy, msw runs the client's own default fetch, as an app would.
  const fetchOption: Partial<TikTokOptions> = spy
    ? {
        fetch: async (input, init) => {
          const request = new Request(input, init);
          await spy(request.clone());
          return send(request);
        },
      }
    : transport === "msw"
      ? {}
      : { fetch: send };
  const client = (overrides: Partial<TikTokOptions> = {}) =>
    new TikTok({
      clientKey: emulator.clientKey,
      clientSecret: emulator.clientSecret,
      redirectUri: emulator.redirectUri,
      // The manual clock: the limiter and polling "sleep" by moving it.
      clock: { now: () => clock.now(), sleep: async (ms) => clock.advance(ms) },
      retry: { minDelayMs: 1, maxDelayMs: 2, jitter: false },
      ...fetchOption,
      ...transportOptions,
      ...options.client,
      ...overrides,
    });
  const tokens = (scopes?: readonly string[], openId?: string): TokenSet =>
    tokenSetFromResponse(emulator.issueTokens(scopes, openId === undefined ? {} : { openId }), {
      scopeStyle: commaSeparatedScopes,
      now: () => clock.now(),
    });
  return {
    clock,
    emulator,
    hub,
    tiktok: client(),
    tokens,
    connection: (scopes, openId) => connectionOf(tokens(scopes, openId)),
    client,
    browse: (url) => send(url, { redirect: "manual" }),
    close,
  };
}

/** Deterministic pseudo-random bytes: the kit's generator, with this suite's default seed. */
export const pseudoRandomBytes = (size: number, seed = 42): Uint8Array => randomBytesOf(size, seed);

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** An in-memory UploadSource that records the ranges read. */
export function memorySource(
  bytes: Uint8Array,
  type = "video/mp4",
): UploadSource & { reads: Array<[number, number]> } {
  const reads: Array<[number, number]> = [];
  return {
    size: bytes.byteLength,
    type,
    reads,
    async read(start, end) {
      reads.push([start, end]);
      return bytes.subarray(start, end);
    },
  };
}

export const directOptions = { privacyLevel: "SELF_ONLY", durationSec: 30 } as const;

/** The connection of a TikTok token set: its account (from `open_id`) with the tokens as credentials. */
export function connectionOf(tokens: TokenSet): Connection & { credentials: TokenSet } {
  const id = String(tokens.raw.open_id);
  return {
    account: { platform: "tiktok", id, displayName: id, credentialKey: credentialKeyOf("tiktok", id) },
    credentials: tokens,
  };
}
