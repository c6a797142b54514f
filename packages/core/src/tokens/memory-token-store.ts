import { StoreError } from "../errors/store-error.js";
import { sleep } from "../http/sleep.js";
import type { TokenSet } from "./token-set.js";
import type { StoredTokens, TokenStore, TokenStoreLock, TokenStoreLockOptions } from "./token-store.js";

/**
 * A {@link TokenStore} in this process's memory: for tests, scripts and single-instance apps.
 * Tokens are copied in and out, so callers cannot change what is stored by accident. Its lock
 * serializes renewals between credential sources of this process (several SDK instances).
 *
 * @group Tokens
 */
export class MemoryTokenStore implements TokenStore {
  readonly #records = new Map<string, { tokens: TokenSet; revision: number }>();
  readonly #locks = new Map<string, { until: number }>();
  #revisions = 0;

  async load(key: string): Promise<StoredTokens | undefined> {
    const record = this.#records.get(key);
    return record && { tokens: structuredClone(record.tokens), revision: String(record.revision) };
  }

  async compareAndSet(
    key: string,
    expectedRevision: string | undefined,
    tokens: TokenSet,
  ): Promise<StoredTokens | undefined> {
    const current = this.#records.get(key);
    if ((current === undefined ? undefined : String(current.revision)) !== expectedRevision) return undefined;
    const record = { tokens: structuredClone(tokens), revision: ++this.#revisions };
    this.#records.set(key, record);
    return { tokens: structuredClone(tokens), revision: String(record.revision) };
  }

  async delete(key: string): Promise<void> {
    this.#records.delete(key);
  }

  async lock(key: string, options: TokenStoreLockOptions): Promise<TokenStoreLock> {
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      const held = this.#locks.get(key);
      if (!held || held.until <= Date.now()) {
        const lease = { until: Date.now() + options.leaseMs };
        this.#locks.set(key, lease);
        return {
          release: async () => {
            if (this.#locks.get(key) === lease) this.#locks.delete(key);
          },
        };
      }
      if (Date.now() >= deadline) {
        throw new StoreError(`The token store lock on "${key}" was not free within ${options.waitMs} ms.`, {
          store: "tokens",
          hint: "Another instance is renewing this grant; try again shortly.",
        });
      }
      await sleep(Math.min(10, Math.max(1, deadline - Date.now())), options.signal);
    }
  }
}
