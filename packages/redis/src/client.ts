// The Redis plumbing every store shares: the client type, key prefixes, and commands bounded in
// time, so a Redis that is down or slow becomes a StoreError instead of a hang.
import { StoreError, ValidationError } from "@postkit/core";
import type { Cluster, Redis } from "ioredis";

/**
 * The ioredis client the stores talk through: a `Redis` or a `Cluster` (the client BullMQ uses).
 * Keys of one record share a hash tag, so the Lua scripts also run on a cluster.
 * @group Stores
 */
export type RedisClient = Redis | Cluster;

/** Options every Redis store takes. @group Stores */
export interface RedisStoreOptions {
  /** The ioredis client; the store never connects or quits it. */
  client: RedisClient;
  /** Put before every key, so several apps (or test runs) can share one Redis. @default "postkit:" */
  prefix?: string | undefined;
  /**
   * The longest one store operation may take, in milliseconds: past it the call fails with a
   * `StoreError` (ioredis keeps commands queued while it reconnects, which would otherwise wait
   * for as long as Redis is away).
   * @default 2000
   */
  timeoutMs?: number | undefined;
}

/** What a store resolves its options to. @internal */
export interface Resolved {
  client: RedisClient;
  prefix: string;
  timeoutMs: number;
}

/** @internal */
export function resolve(options: RedisStoreOptions, what: string): Resolved {
  if (!options?.client) throw new ValidationError(`${what}: a client (ioredis) is required.`);
  const timeoutMs = options.timeoutMs ?? 2000;
  if (!(timeoutMs > 0)) throw new ValidationError(`${what}: timeoutMs must be positive.`);
  return { client: options.client, prefix: options.prefix ?? "postkit:", timeoutMs };
}

type Store = StoreError["store"];

/**
 * Runs `operation` within the store's time limit; any failure (Redis down, a timeout, a script
 * error) becomes a `StoreError` of `store`. A timed-out write may still land later: every caller
 * is written so that this is safe (compare-and-set, set-if-absent).
 * @internal
 */
export async function bounded<T>(
  resolved: Resolved,
  store: Store,
  what: string,
  operation: () => Promise<T>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StoreError(`Redis did not answer the ${what} within ${resolved.timeoutMs} ms.`, {
            store,
            hint: "Check that Redis is up and reachable; nothing was lost, the call can be repeated.",
          }),
        ),
      resolved.timeoutMs,
    );
  });
  try {
    return await Promise.race([operation(), timeout]);
  } catch (error) {
    if (StoreError.isInstance(error)) throw error;
    throw new StoreError(`Redis failed the ${what}.`, {
      store,
      hint: "Check that Redis is up and reachable; nothing was lost, the call can be repeated.",
      // Only the error's name: a Redis reply may quote the value it refused.
      cause: error instanceof Error ? new Error(error.name) : undefined,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a Lua script (EVAL; Redis caches it by hash). @internal */
export function evalScript(
  client: RedisClient,
  script: string,
  keys: readonly string[],
  args: ReadonlyArray<string | number>,
): Promise<unknown> {
  return client.eval(script, keys.length, ...keys, ...args);
}

/**
 * A key's part that stands for a caller-chosen string: as is when it is short and plain, else
 * its SHA-256, so no key grows without bound or carries odd bytes. Braces are never kept: they
 * would change the key's cluster hash tag.
 * @internal
 */
export async function keyPart(value: string): Promise<string> {
  if (/^[\w.:@~-]{1,128}$/.test(value)) return value;
  return `sha256-${await sha256(value)}`;
}

/** Hex SHA-256 (Web Crypto, no Node built-in needed). @internal */
export async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
