import type { TokenStore } from "@postkit/core";
import { describe, it } from "vitest";
import { ConformanceFailure } from "./assert.js";
import { type TokenStoreCheck, tokenStoreChecks } from "./token-store-checks.js";

/** How the token store suite opens the store under test. */
export interface TokenStoreConformanceOptions {
  /**
   * Opens the store on fresh, empty storage (a new temp directory, key prefix or database file).
   * Called once per check, so checks never see each other's keys.
   */
  create(): TokenStore | Promise<TokenStore>;
  /**
   * Opens a second instance on the same storage as `store`, as another process of the app would
   * (another connection, client or handle). The concurrency and lock checks spread their callers
   * over both. Leave it out for a store that lives in one process's memory: `store` is used twice.
   */
  reopen?(store: TokenStore): TokenStore | Promise<TokenStore>;
  /** Runs after each check, passed or failed: close connections, remove temp files. */
  cleanup?(): void | Promise<void>;
  /**
   * `false` when the store has no `lock` (it is optional): the lock checks are registered as
   * skipped. Default `true`: the store must have one and keep its promises.
   */
  lock?: boolean | undefined;
}

/** The `it` title of a token store check: `[id] promise`. */
export function tokenStoreCheckTitle(check: TokenStoreCheck): string {
  return `[${check.id}] ${check.promise}`;
}

/**
 * Runs one check against a store opened by `options.create` (and `reopen`), then `cleanup`.
 * Resolves when the store keeps the promise; rejects with a {@link ConformanceFailure} prefixed
 * with the check's id when it does not, the store's own error included.
 */
export async function runTokenStoreCheck(
  check: TokenStoreCheck,
  options: TokenStoreConformanceOptions,
): Promise<void> {
  try {
    const store = await options.create();
    const peer = options.reopen ? await options.reopen(store) : store;
    await check.run({ store, peer });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConformanceFailure(`[${check.id}] ${message}`);
  } finally {
    await options.cleanup?.();
  }
}

/**
 * Registers the token store suite in the current vitest file: one `it` per promise of core's
 * `TokenStore` (compare-and-set by revision, also between concurrent writers on two instances;
 * copies in and out; any string as a key; delete; the leased lock: exclusive, handed on, freed
 * when its lease runs out, released only by its holder, abortable). A failure's title names the
 * promise the store broke.
 *
 * The lease checks wait for real 40 ms leases to run out: stores take their time from the
 * system clock (or the database server's), so there is no clock to inject.
 *
 * @example
 * ```ts
 * import { describeTokenStoreConformance } from "@postkit/testing/conformance";
 * import { PostgresTokenStore } from "../src/postgres-token-store.js";
 *
 * describeTokenStoreConformance("PostgresTokenStore", {
 *   create: () => new PostgresTokenStore({ pool, table: `tokens_${crypto.randomUUID().slice(0, 8)}` }),
 * });
 * ```
 */
export function describeTokenStoreConformance(name: string, options: TokenStoreConformanceOptions): void {
  describe(`${name} keeps the TokenStore contract`, () => {
    for (const check of tokenStoreChecks) {
      if (check.needsLock && options.lock === false) {
        it.skip(`${tokenStoreCheckTitle(check)} (skipped: the store has no lock)`, () => undefined);
      } else {
        it(tokenStoreCheckTitle(check), () => runTokenStoreCheck(check, options));
      }
    }
  });
}
