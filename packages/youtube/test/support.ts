// Test helpers shared by the YouTube tests.
import { createHash } from "node:crypto";
import {
  type Clock,
  type Connection,
  type CredentialSource,
  credentialKeyOf,
  type TokenSet,
  type UploadSource,
} from "@postkit/core";
import {
  createClock,
  createEmulatorHub,
  createYouTubeEmulator,
  type YouTubeEmulatorOptions,
} from "@postkit/testing";
import { setupServer } from "msw/node";
import { onTestFinished } from "vitest";
import { YouTube, type YouTubeAccount, type YouTubeOptions } from "../src/index.js";
import { pseudoRandomBytes as randomBytesOf } from "@postkit/testing/conformance";

export { createEmulatorHub, createClock, createYouTubeEmulator };
export { YOUTUBE_EMULATOR_SCOPES as SCOPES } from "@postkit/testing";

export const KiB = 1024;
export const MiB = 1024 * 1024;
export const CHUNK = 256 * KiB;

/** The ways the suites reach the emulator: an injected `hub.fetch`, or msw on the real Google hosts. */
export const TRANSPORTS = ["fetch", "msw"] as const;

let activeServer: ReturnType<typeof setupServer> | undefined;

/** The transport `setup` uses; suites set it per `describe` block. */
export const defaults: { transport: (typeof TRANSPORTS)[number] } = { transport: "fetch" };

/**
 * An emulator, a hub, and a YouTube client reaching it through `defaults.transport`: `hub.fetch`
 * injected, or msw intercepting the global fetch on Google's real hosts (closed when the test ends).
 */
export function setup(options: YouTubeEmulatorOptions = {}, client: Partial<YouTubeOptions> = {}) {
  // postkit always sends PKCE S256: the emulator refuses anything less, which Google would accept.
  const emulator = createYouTubeEmulator({ requirePkceS256: true, ...options });
  const hub = createEmulatorHub(emulator);
  let transport: Partial<YouTubeOptions> = { fetch: hub.fetch };
  if (defaults.transport === "msw") {
    // msw intercepts the one global fetch: a second emulator in the same test replaces the first.
    activeServer?.close();
    const server = setupServer(...hub.mswHandlers());
    server.listen({ onUnhandledRequest: "error" });
    activeServer = server;
    onTestFinished(() => {
      server.close();
      if (activeServer === server) activeServer = undefined;
    });
    transport = {};
  }
  const youtube = clientFor(emulator, { ...transport, retry: { minDelayMs: 1, maxDelayMs: 5 }, ...client });
  return { emulator, hub, youtube };
}

/** A YouTube client registered with `emulator` (its first client and redirect URI), with `options` on top. */
export function clientFor(
  emulator: ReturnType<typeof createYouTubeEmulator>,
  options: Partial<YouTubeOptions> = {},
): YouTube {
  return new YouTube({
    clientId: emulator.client.clientId,
    clientSecret: emulator.client.clientSecret,
    redirectUri: emulator.redirectUri,
    ...options,
  });
}

/** Tokens minted by the emulator, as a TokenSet. */
export function tokensFrom(
  emulator: ReturnType<typeof createYouTubeEmulator>,
  scopes?: readonly string[],
): TokenSet {
  const raw = emulator.issueTokens(scopes ? { scopes } : {});
  return {
    accessToken: raw.access_token,
    tokenType: raw.token_type,
    refreshToken: raw.refresh_token,
    expiresAt: Date.now() + raw.expires_in * 1000,
    scopes: raw.scope.split(" "),
    raw: { ...raw },
  };
}

/** The emulator's channel as an account (what `connect` returns for it). */
export function accountOf(emulator: ReturnType<typeof createYouTubeEmulator>): YouTubeAccount {
  const id = emulator.channel?.id ?? "UCnochannel";
  return {
    platform: "youtube",
    id,
    displayName: emulator.channel?.title ?? "no channel",
    credentialKey: credentialKeyOf("youtube", id),
  };
}

/** `{ account, credentials }` with tokens minted by the emulator: what `connect` would return. */
export function connectionFrom(
  emulator: ReturnType<typeof createYouTubeEmulator>,
  scopes?: readonly string[],
): Connection<YouTubeAccount> & { credentials: TokenSet } {
  return { account: accountOf(emulator), credentials: tokensFrom(emulator, scopes) };
}

/** A connection acting with `tokens`. */
export function withTokens(
  emulator: ReturnType<typeof createYouTubeEmulator>,
  tokens: TokenSet,
): Connection<YouTubeAccount> & { credentials: TokenSet } {
  return { account: accountOf(emulator), credentials: tokens };
}

/** Deterministic pseudo-random bytes: the kit's generator, with this suite's default seed. */
export const pseudoRandomBytes = (size: number, seed = 1): Uint8Array => randomBytesOf(size, seed);

/** An in-memory UploadSource that records the ranges read. */
export function bytesSource(
  bytes: Uint8Array,
  type = "video/mp4",
): UploadSource & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    size: bytes.byteLength,
    type,
    name: "video.mp4",
    reads,
    async read(start, end) {
      reads.push([start, end]);
      return bytes.slice(start, end);
    },
  };
}

export async function sha256(bytes: Uint8Array): Promise<string> {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Follows the authorization URL through the emulated consent page and returns the callback URL. */
export async function approve(fetchImpl: typeof fetch, url: URL): Promise<string> {
  const response = await fetchImpl(url, { redirect: "manual" });
  const location = response.headers.get("location");
  if (response.status !== 302 || !location) {
    throw new Error(`authorization page answered ${response.status}: ${await response.text()}`);
  }
  return location;
}

export const fastRetry = { minDelayMs: 1, maxDelayMs: 4 } as const;

/** A core `Clock` whose `sleep` only moves its time on (no real waits); `slept` lists the waits. */
export function fakeClock(start = Date.UTC(2026, 0, 1)): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      slept.push(ms);
      now += ms;
    },
  };
}

/**
 * A connection whose credentials are a hand-made `CredentialSource`: `get` and `invalidate` as
 * given (each defaulting to the emulator's tokens), for tests of tokens that cannot be had.
 */
export function sourceConnection(
  emulator: ReturnType<typeof createYouTubeEmulator>,
  tokens: TokenSet,
  overrides: Partial<Pick<CredentialSource, "get" | "invalidate">>,
): Connection<YouTubeAccount> & { credentials: CredentialSource } {
  const account = accountOf(emulator);
  return {
    account,
    credentials: {
      key: account.credentialKey,
      get: overrides.get ?? (async () => tokens),
      invalidate: overrides.invalidate ?? (async () => tokens),
      replace: async () => undefined,
    },
  };
}
