import type { Clock, Provider, StandardOperation, UploadSource } from "@postkit/core";
import type { PlatformEmulator } from "../harness/emulator.js";
import { createEmulatorHub, type EmulatorHub } from "../harness/hub.js";
import { assert } from "./assert.js";
import type { ConformanceAdapter, ConformanceProviderOptions, TokenConnection } from "./types.js";

/** A conformance adapter with its type parameters erased, as the checks see it. */
// biome-ignore lint/suspicious/noExplicitAny: the checks are generic over every platform's types.
export type AnyAdapter = ConformanceAdapter<any, string, any>;

/** What one check runs against: a fresh emulator behind a hub, and a provider reaching it. */
export interface CheckEnv {
  /** The platform's adapter. */
  adapter: AnyAdapter;
  /** This check's fresh emulator. */
  emulator: PlatformEmulator;
  /** The hub serving it: faults and the request log. */
  hub: EmulatorHub;
  /** A provider on `hub.fetch`, logging into `logLines`. */
  provider: Provider;
  /** Every line the providers made by {@link CheckEnv.make} logged. */
  logLines: string[];
  /** Another provider instance on the same emulator (a second process), with options on top. */
  make(options?: Partial<ConformanceProviderOptions>): Provider;
  /** Valid tokens of the default account for `scopes`, as a connection. */
  connection(scopes?: readonly string[]): TokenConnection;
  /** The test video's bytes (deterministic per seed). */
  bytes(seed?: number, size?: number): Uint8Array;
  /** A publish input for `bytes`, with the adapter's options and input extras. */
  videoInput(bytes: Uint8Array, extra?: Record<string, unknown>): Parameters<Provider["publishVideo"]>[1];
  /** A clock whose sleep moves time on without waiting. */
  clock: Clock;
}

/** The `platform` the provider's accounts, profiles and jobs may name. */
export function accountPlatforms(adapter: AnyAdapter): readonly string[] {
  return adapter.accountPlatforms ?? [adapter.name];
}

/**
 * Why an operation cannot be called (the provider's manifest says it is unavailable), or
 * `undefined` when it can: checks of an unavailable operation are skipped with this reason.
 */
export function unavailable(adapter: AnyAdapter, operation: StandardOperation): string | undefined {
  const provider = adapter.createProvider(adapter.createEmulator(), {
    fetch: globalThis.fetch,
  });
  const capability = provider.capabilities[operation];
  return capability.available ? undefined : `${operation} is unavailable (${capability.reason})`;
}

/** A fresh environment for one check. */
export function createEnv(adapter: AnyAdapter): CheckEnv {
  const emulator = adapter.createEmulator();
  const hub = createEmulatorHub(emulator);
  const logLines: string[] = [];
  const line = (message: string, fields?: Record<string, unknown>) =>
    void logLines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  const logger = { debug: line, info: line, warn: line, error: line };
  const make = (options: Partial<ConformanceProviderOptions> = {}) =>
    adapter.createProvider(emulator, { fetch: hub.fetch, logger, ...options });
  let now = Date.now();
  const clock: Clock = adapter.clock ?? {
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      now += ms;
    },
  };
  return {
    adapter,
    emulator,
    hub,
    provider: make(),
    logLines,
    make,
    connection: (scopes) => adapter.connection(emulator, scopes),
    bytes: (seed = 1, size = adapter.video.size) => pseudoRandomBytes(size, seed),
    videoInput: (bytes, extra = {}) => ({
      ...adapter.video.input,
      source: memorySource(bytes),
      options: adapter.video.options,
      ...extra,
    }),
    clock,
  };
}

/**
 * Deterministic pseudo-random bytes (xorshift32): the same for the same seed, so a test can check
 * that the platform received exactly the bytes it sent, and a shifted or repeated range shows.
 */
export function pseudoRandomBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** An in-memory upload source over `bytes`. */
export function memorySource(bytes: Uint8Array, name = "conformance.mp4"): UploadSource {
  return {
    size: bytes.byteLength,
    type: "video/mp4",
    name,
    async read(start, end) {
      return bytes.slice(start, end);
    },
  };
}

/** Hex SHA-256 of `bytes` (Web Crypto). */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new Uint8Array(bytes));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Opens the authorization URL as an approving user and returns the callback URL. */
export async function consentTo(env: CheckEnv, url: URL): Promise<string> {
  if (env.adapter.oauth.consent) return env.adapter.oauth.consent(url, env.hub.fetch);
  const response = await env.hub.fetch(url, { redirect: "manual" });
  const location = response.headers.get("location");
  assert(
    response.status >= 300 && response.status < 400 && location,
    `the emulator's authorization page answered ${response.status} without a redirect to the callback; the authorization URL must be one the platform accepts (client id, redirect URI, scopes, PKCE).`,
  );
  return location;
}

/** A plain-JSON copy, as an app that stored the value would hand it back. */
export function roundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
