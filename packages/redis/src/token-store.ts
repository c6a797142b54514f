import {
  parseTokenSet,
  sleep,
  StoreError,
  type StoredTokens,
  type TokenSet,
  type TokenStore,
  type TokenStoreLock,
  type TokenStoreLockOptions,
} from "@postkit/core";
import { bounded, evalScript, keyPart, type RedisStoreOptions, type Resolved, resolve } from "./client.js";

/** @group Stores */
export interface RedisTokenStoreOptions extends RedisStoreOptions {
  /**
   * How long a grant is kept after its refresh token expired (when the platform said when), so
   * dead grants leave Redis by themselves. A grant without a known refresh expiry never expires.
   * @default 86400000 (one day)
   */
  keepAfterExpiryMs?: number | undefined;
  /**
   * The lease of every refresh lock, instead of the one the caller asks for (the credential
   * source asks 30 s): how long a worker that died holding the lock blocks its grant at most.
   * Keep it longer than a token refresh can take.
   * @default the caller's `leaseMs`
   */
  lockLeaseMs?: number | undefined;
}

// Saves the grant only if its stored revision is still the expected one ("" = nothing stored).
// KEYS[1] grant; ARGV: expected revision, new revision, tokens JSON, TTL in ms (0 = none).
const COMPARE_AND_SET = `
local revision = redis.call('HGET', KEYS[1], 'revision') or ''
if revision ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'revision', ARGV[2], 'tokens', ARGV[3])
if tonumber(ARGV[4]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) else redis.call('PERSIST', KEYS[1]) end
return 1`;

// Deletes the lock only if this owner still holds it. KEYS[1] lock; ARGV[1] owner.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * A `TokenStore` (`@postkit/core`) on Redis, shared by every worker of the app. Each grant is one hash
 * (`revision`, `tokens` as JSON) under `<prefix>tokens:{<key>}`; `compareAndSet` is one Lua
 * script, so of two workers saving over the same revision exactly one wins. `lock` is a leased
 * key (`SET NX PX`) with a random owner: a worker that dies holding it blocks the grant for at
 * most the lease, and only the owner's release deletes it (a release after the lease ran out
 * cannot free the next holder's lock).
 *
 * Every call is bounded by `timeoutMs`; Redis down or slow is a `StoreError` (the credential
 * source then keeps renewed tokens in memory and saves them on the next call: none is lost).
 * The hashes hold live tokens: keep Redis private, with authentication and TLS where it is not
 * on the same host.
 *
 * @example
 * ```ts
 * import Redis from "ioredis";
 * import { RedisTokenStore } from "@postkit/redis";
 *
 * const tokenStore = new RedisTokenStore({ client: new Redis(process.env.REDIS_URL!) });
 * const tiktok = new TikTok({ clientKey, clientSecret, redirectUri, tokenStore });
 * ```
 * @group Stores
 */
export class RedisTokenStore implements TokenStore {
  readonly #redis: Resolved;
  readonly #keepAfterExpiryMs: number;
  readonly #lockLeaseMs: number | undefined;

  constructor(options: RedisTokenStoreOptions) {
    this.#redis = resolve(options, "RedisTokenStore");
    this.#keepAfterExpiryMs = options.keepAfterExpiryMs ?? 86_400_000;
    this.#lockLeaseMs = options.lockLeaseMs;
  }

  async load(key: string): Promise<StoredTokens | undefined> {
    const id = await this.#key(key);
    const [revision, json] = await bounded(this.#redis, "tokens", `load of "${key}"`, () =>
      this.#redis.client.hmget(id, "revision", "tokens"),
    );
    if (!revision || !json) return undefined;
    try {
      return { revision, tokens: parseTokenSet(JSON.parse(json)) };
    } catch (error) {
      // Never quote the record: it holds tokens.
      throw new StoreError(`The token store's record for "${key}" is not a stored grant.`, {
        store: "tokens",
        hint: "Delete the record (or the grant) and connect the account again.",
        cause: error instanceof Error ? new Error(error.name) : undefined,
      });
    }
  }

  async compareAndSet(
    key: string,
    expectedRevision: string | undefined,
    tokens: TokenSet,
  ): Promise<StoredTokens | undefined> {
    const id = await this.#key(key);
    const revision = crypto.randomUUID();
    const json = JSON.stringify(tokens);
    const won = await bounded(this.#redis, "tokens", `save of "${key}"`, () =>
      evalScript(
        this.#redis.client,
        COMPARE_AND_SET,
        [id],
        [expectedRevision ?? "", revision, json, this.#ttl(tokens)],
      ),
    );
    return won === 1 ? { revision, tokens: parseTokenSet(JSON.parse(json)) } : undefined;
  }

  async delete(key: string): Promise<void> {
    const id = await this.#key(key);
    await bounded(this.#redis, "tokens", `delete of "${key}"`, () => this.#redis.client.del(id));
  }

  async lock(key: string, options: TokenStoreLockOptions): Promise<TokenStoreLock> {
    const id = `${await this.#key(key)}:lock`;
    const owner = crypto.randomUUID();
    const lease = Math.max(1, Math.ceil(this.#lockLeaseMs ?? options.leaseMs));
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason;
      const taken = await bounded(this.#redis, "tokens", `lock of "${key}"`, () =>
        this.#redis.client.set(id, owner, "PX", lease, "NX"),
      );
      if (taken === "OK") break;
      if (Date.now() >= deadline) {
        throw new StoreError(`The token store lock on "${key}" was not free within ${options.waitMs} ms.`, {
          store: "tokens",
          hint: "Another worker is renewing this grant (or died doing so: its lease runs out); try again shortly.",
        });
      }
      // Jittered, so waiting workers do not poll Redis in step.
      await sleep(Math.min(10 + Math.random() * 40, Math.max(1, deadline - Date.now())), options.signal);
    }
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        await bounded(this.#redis, "tokens", `unlock of "${key}"`, () =>
          evalScript(this.#redis.client, RELEASE, [id], [owner]),
        );
      },
    };
  }

  /** The grant's key; the hash tag keeps the grant and its lock on one cluster slot. */
  async #key(key: string): Promise<string> {
    return `${this.#redis.prefix}tokens:{${await keyPart(key)}}`;
  }

  /** Until a day (by default) after the refresh token expires; 0 (kept) when that is unknown. */
  #ttl(tokens: TokenSet): number {
    if (tokens.refreshTokenExpiresAt === undefined) return 0;
    return Math.max(1, tokens.refreshTokenExpiresAt + this.#keepAfterExpiryMs - Date.now());
  }
}
