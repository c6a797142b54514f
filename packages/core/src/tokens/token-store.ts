import { StoreError } from "../errors/store-error.js";
import type { TokenSet } from "./token-set.js";

/** A token set as a store holds it, with the revision compare-and-set checks. @group Tokens */
export interface StoredTokens {
  /** The tokens. */
  tokens: TokenSet;
  /** Opaque; changes on every successful save. */
  revision: string;
}

/** A lock held on one key; release it exactly once. @group Tokens */
export interface TokenStoreLock {
  /** Gives the lock up. Safe to call after the lease ran out. */
  release(): Promise<void>;
}

/** @group Tokens */
export interface TokenStoreLockOptions {
  /** How long the lock is held at most if its holder dies without releasing it. */
  leaseMs: number;
  /** How long to wait for the lock before giving up with a `StoreError`. */
  waitMs: number;
  /** Stops waiting. */
  signal?: AbortSignal | undefined;
}

/**
 * Where credentials live, shared by every instance of the app. postkit reads a grant with `load`,
 * and writes only with `compareAndSet`, so two instances renewing the same grant cannot overwrite
 * each other: the loser reloads and uses the winner's tokens.
 *
 * `lock` is optional. Provide it when several processes share a grant whose refresh token rotates
 * (TikTok): it keeps them from renewing at the same moment, which the platform would answer by
 * revoking one of the two new refresh tokens. Without it, postkit still never loses a token that
 * was saved, and recovers from a lost race by reloading.
 *
 * Built in: {@link MemoryTokenStore}; `FileTokenStore` in `@postkit/core/node`; Redis in
 * `@postkit/redis`. To test your own, run `describeTokenStoreConformance` from
 * `@postkit/testing/conformance`: each promise below as a named test.
 *
 * @group Tokens
 */
export interface TokenStore {
  /** The grant's tokens and revision, or `undefined` when none are stored. */
  load(key: string): Promise<StoredTokens | undefined>;
  /**
   * Saves `tokens` if the stored revision is still `expectedRevision` (`undefined`: nothing is
   * stored yet). Resolves to the new record, or `undefined` when the revision moved (nothing was
   * written). Rejects only when the store itself failed.
   */
  compareAndSet(
    key: string,
    expectedRevision: string | undefined,
    tokens: TokenSet,
  ): Promise<StoredTokens | undefined>;
  /** Removes the grant (after a revoke). */
  delete(key: string): Promise<void>;
  /** Takes an exclusive, leased lock on the key, waiting up to `waitMs`. */
  lock?(key: string, options: TokenStoreLockOptions): Promise<TokenStoreLock>;
}

/**
 * Saves `tokens` whatever is stored (a reconnect replaces the grant): compare-and-set, reloading
 * until it wins. Used by `connect` and `CredentialSource.replace`.
 * @group Tokens
 * @throws {@link StoreError} when the store keeps refusing the write.
 */
export async function replaceStoredTokens(
  store: TokenStore,
  key: string,
  tokens: TokenSet,
): Promise<StoredTokens> {
  for (let attempt = 0; attempt < 16; attempt++) {
    const current = await store.load(key);
    const saved = await store.compareAndSet(key, current?.revision, tokens);
    if (saved) return saved;
  }
  // Sixteen lost races in a row is not contention, it is a store that never accepts a write.
  throw new StoreError(`The token store kept refusing to save "${key}".`, { store: "tokens" });
}
