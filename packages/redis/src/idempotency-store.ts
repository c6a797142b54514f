import { type IdempotencyRecord, type IdempotencyStore, StoreError } from "@postkit/core";
import { bounded, evalScript, keyPart, type RedisStoreOptions, type Resolved, resolve } from "./client.js";

/** @group Stores */
export interface RedisIdempotencyStoreOptions extends RedisStoreOptions {
  /** How long a key is remembered after its publish began. @default 86400000 (24 hours) */
  ttlMs?: number | undefined;
}

// Records the key unless it exists, in one step; answers the existing record when it does.
// KEYS[1] key; ARGV: record JSON, TTL in ms.
const BEGIN = `
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

/**
 * An `IdempotencyStore` (`@postkit/core`) on Redis, shared by every worker: `begin` is one Lua script (set if
 * absent, else answer what is there), so of two workers publishing under one key exactly one
 * starts. Keys live `ttlMs` (24 hours by default, like the platforms' own duplicate windows) under
 * `<prefix>idem:<key>`. Every call is bounded by `timeoutMs`; Redis down or slow is a
 * `StoreError`, and `publishOnce` then publishes nothing.
 *
 * @group Stores
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #redis: Resolved;
  readonly #ttlMs: number;

  constructor(options: RedisIdempotencyStoreOptions) {
    this.#redis = resolve(options, "RedisIdempotencyStore");
    this.#ttlMs = options.ttlMs ?? 86_400_000;
  }

  async begin(key: string, record: IdempotencyRecord): Promise<IdempotencyRecord | undefined> {
    const id = await this.#key(key);
    const existing = await bounded(this.#redis, "idempotency", `start of key "${key}"`, () =>
      evalScript(this.#redis.client, BEGIN, [id], [JSON.stringify(record), this.#ttlMs]),
    );
    return typeof existing === "string" ? parseRecord(existing, key) : undefined;
  }

  async finish(key: string, record: IdempotencyRecord): Promise<void> {
    const id = await this.#key(key);
    await bounded(this.#redis, "idempotency", `record of key "${key}"`, () =>
      this.#redis.client.set(id, JSON.stringify(record), "PX", this.#ttlMs),
    );
  }

  async abandon(key: string): Promise<void> {
    const id = await this.#key(key);
    await bounded(this.#redis, "idempotency", `release of key "${key}"`, () => this.#redis.client.del(id));
  }

  /** The record of `key`, or `undefined`: what a worker reads to tell a finished publish from one that died. */
  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const id = await this.#key(key);
    const json = await bounded(this.#redis, "idempotency", `read of key "${key}"`, () =>
      this.#redis.client.get(id),
    );
    return json === null ? undefined : parseRecord(json, key);
  }

  async #key(key: string): Promise<string> {
    return `${this.#redis.prefix}idem:${await keyPart(key)}`;
  }
}

function parseRecord(json: string, key: string): IdempotencyRecord {
  try {
    const record = JSON.parse(json) as IdempotencyRecord;
    if (typeof record.fingerprint === "string" && (record.state === "started" || record.state === "finished"))
      return record;
  } catch {
    // Reported below.
  }
  throw new StoreError(`The idempotency store's record for "${key}" is not a record.`, {
    store: "idempotency",
    hint: "Delete the key in Redis once you have checked on the platform whether that publish happened.",
  });
}
