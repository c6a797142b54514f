// @ts-check
// core's TokenStore contract on SQLite: load, compare-and-set on a revision, delete, and a leased
// lock. Every write is one statement (or one transaction), so of two writers on one revision
// exactly one wins, also across processes sharing the database file.
import { randomUUID } from "node:crypto";
import { parseTokenSet, StoreError } from "@postkit/core";

/** @typedef {import("@postkit/core").TokenStore} TokenStore */
/** @typedef {import("@postkit/core").TokenSet} TokenSet */
/** @typedef {import("@postkit/core").StoredTokens} StoredTokens */

/** How often a waiting `lock` looks again. */
const LOCK_POLL_MS = 10;

/**
 * A {@link TokenStore} in the dashboard's SQLite database (tables `tokens` and `token_locks`).
 * Tokens never leave the server: the browser only ever sees account ids and names.
 * @implements {TokenStore}
 */
export class SqliteTokenStore {
  #statements;

  /** @param {import("better-sqlite3").Database} db an open database (see `openDatabase`) */
  constructor(db) {
    this.#statements = {
      load: db.prepare("SELECT tokens, revision FROM tokens WHERE key = ?"),
      insert: db.prepare(
        "INSERT INTO tokens (key, tokens, revision) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
      ),
      update: db.prepare("UPDATE tokens SET tokens = ?, revision = ? WHERE key = ? AND revision = ?"),
      delete: db.prepare("DELETE FROM tokens WHERE key = ?"),
      takeLock: db.prepare(
        "INSERT INTO token_locks (key, holder, until) VALUES (?, ?, ?) " +
          "ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, until = excluded.until WHERE token_locks.until <= ?",
      ),
      releaseLock: db.prepare("DELETE FROM token_locks WHERE key = ? AND holder = ?"),
    };
  }

  /** @param {string} key @returns {Promise<StoredTokens | undefined>} */
  async load(key) {
    const row = /** @type {{ tokens: string; revision: string } | undefined} */ (
      this.#run("load", key, () => this.#statements.load.get(key))
    );
    return row ? { tokens: this.#parse(key, row), revision: row.revision } : undefined;
  }

  /**
   * @param {string} key
   * @param {string | undefined} expectedRevision
   * @param {TokenSet} tokens
   * @returns {Promise<StoredTokens | undefined>}
   */
  async compareAndSet(key, expectedRevision, tokens) {
    const revision = randomUUID();
    const json = JSON.stringify(tokens);
    const changes = this.#run("save", key, () =>
      expectedRevision === undefined
        ? this.#statements.insert.run(key, json, revision).changes
        : this.#statements.update.run(json, revision, key, expectedRevision).changes,
    );
    // A copy, so the caller cannot change what was stored.
    return changes === 1 ? { tokens: structuredClone(tokens), revision } : undefined;
  }

  /** @param {string} key */
  async delete(key) {
    this.#run("delete", key, () => this.#statements.delete.run(key));
  }

  /**
   * @param {string} key
   * @param {import("@postkit/core").TokenStoreLockOptions} options
   * @returns {Promise<import("@postkit/core").TokenStoreLock>}
   */
  async lock(key, options) {
    const holder = randomUUID();
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      options.signal?.throwIfAborted();
      const now = Date.now();
      // Taken when free or when the holder's lease ran out (a holder that died).
      const taken = this.#run("lock", key, () =>
        this.#statements.takeLock.run(key, holder, now + options.leaseMs, now),
      );
      if (taken.changes === 1) {
        return {
          release: async () =>
            void this.#run("unlock", key, () => this.#statements.releaseLock.run(key, holder)),
        };
      }
      if (now >= deadline) {
        throw new StoreError(`The token store lock on "${key}" was not free within ${options.waitMs} ms.`, {
          store: "tokens",
          hint: "Another instance is renewing this grant; try again shortly.",
        });
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(LOCK_POLL_MS, Math.max(1, deadline - now))),
      );
    }
  }

  /** @param {string} key @param {{ tokens: string }} row */
  #parse(key, row) {
    try {
      return parseTokenSet(JSON.parse(row.tokens));
    } catch (cause) {
      throw new StoreError(`The stored tokens of "${key}" are unreadable.`, { store: "tokens", cause });
    }
  }

  /**
   * Runs one database call; a failure of SQLite itself becomes core's `StoreError`.
   * @template T
   * @param {string} what @param {string} key @param {() => T} call
   * @returns {T}
   */
  #run(what, key, call) {
    try {
      return call();
    } catch (cause) {
      throw new StoreError(`The token store could not ${what} "${key}".`, { store: "tokens", cause });
    }
  }
}
