import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { StoreError } from "../errors/store-error.js";
import { parseTokenSet, type TokenSet } from "../tokens/token-set.js";
import type {
  StoredTokens,
  TokenStore,
  TokenStoreLock,
  TokenStoreLockOptions,
} from "../tokens/token-store.js";
import { acquireFileLock, codeOf } from "./file-lock.js";

/** @group Tokens */
export interface FileTokenStoreOptions {
  /** The directory the grants live in; created (mode 0700) on the first save. */
  directory: string;
}

/** Compare-and-set holds its lock for a read and a write: a holder this slow has died. */
const CAS_LEASE_MS = 10_000;
/** Longer than the lease, so a dead holder's lock is broken rather than waited out. */
const CAS_WAIT_MS = 15_000;

/**
 * A {@link TokenStore} on disk, for CLIs, scripts and several processes on one machine: one JSON
 * file per grant (`{ revision, tokens }`, mode 0600) in `directory`, named by the SHA-256 of its
 * key so any key is a safe file name. Writes are atomic (a temp file in the same directory,
 * fsynced, then renamed over the old one), so a crash leaves the old grant or the new one, never
 * half of either. Compare-and-set runs under a per-key lock file, so of two processes exactly
 * one wins; `lock` uses a second lock file per key, so a holder of `lock` can still save.
 *
 * The files hold live tokens: keep the directory private to the app's user.
 *
 * @example
 * ```ts
 * import { FileTokenStore } from "@postkit/core/node";
 *
 * const store = new FileTokenStore({ directory: ".postkit/tokens" });
 * ```
 * @group Tokens
 */
export class FileTokenStore implements TokenStore {
  readonly #directory: string;
  #ready: Promise<void> | undefined;

  constructor(options: FileTokenStoreOptions) {
    this.#directory = options.directory;
  }

  async load(key: string): Promise<StoredTokens | undefined> {
    return this.#read(key);
  }

  async compareAndSet(
    key: string,
    expectedRevision: string | undefined,
    tokens: TokenSet,
  ): Promise<StoredTokens | undefined> {
    return this.#underCasLock(key, async () => {
      const current = await this.#read(key);
      if (current?.revision !== expectedRevision) return undefined;
      const record: StoredTokens = { revision: randomUUID(), tokens: structuredClone(tokens) };
      await this.#write(key, record);
      return { revision: record.revision, tokens: structuredClone(tokens) };
    });
  }

  async delete(key: string): Promise<void> {
    await this.#underCasLock(key, async () => {
      await unlink(this.#path(key, ".json")).catch((error: unknown) => {
        if (codeOf(error) !== "ENOENT") throw this.#failed("delete", key, error);
      });
    });
  }

  async lock(key: string, options: TokenStoreLockOptions): Promise<TokenStoreLock> {
    await this.#ensureDirectory();
    // Not the compare-and-set lock: whoever holds this one still loads and saves.
    const release = await acquireFileLock(this.#path(key, ".lock"), {
      ...options,
      what: `token store lock on "${key}"`,
    });
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        await release();
      },
    };
  }

  async #underCasLock<T>(key: string, action: () => Promise<T>): Promise<T> {
    await this.#ensureDirectory();
    const release = await acquireFileLock(this.#path(key, ".cas.lock"), {
      leaseMs: CAS_LEASE_MS,
      waitMs: CAS_WAIT_MS,
      what: `token store's write lock on "${key}"`,
    });
    try {
      return await action();
    } finally {
      await release();
    }
  }

  async #read(key: string): Promise<StoredTokens | undefined> {
    let text: string;
    try {
      text = await readFile(this.#path(key, ".json"), "utf8");
    } catch (error) {
      if (codeOf(error) === "ENOENT") return undefined;
      throw this.#failed("read", key, error);
    }
    try {
      const record = JSON.parse(text) as { revision?: unknown; tokens?: unknown };
      if (typeof record.revision !== "string") throw new SyntaxError("no revision");
      return { revision: record.revision, tokens: parseTokenSet(record.tokens) };
    } catch (error) {
      // Never quote the file: it holds tokens.
      throw new StoreError(`The token store's file for "${key}" is not a stored grant.`, {
        store: "tokens",
        hint: "Delete the file (or the grant) and connect the account again.",
        cause: error instanceof Error ? new Error(error.name) : undefined,
      });
    }
  }

  /** Temp file in the same directory (same file system: rename is atomic), fsync, rename. */
  async #write(key: string, record: StoredTokens): Promise<void> {
    const target = this.#path(key, ".json");
    const temp = this.#path(key, `.${randomUUID()}.tmp`);
    try {
      const handle = await open(temp, "wx", 0o600);
      try {
        await handle.writeFile(JSON.stringify(record));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw this.#failed("save", key, error);
    }
    await this.#syncDirectory();
  }

  /** Makes the rename itself durable; not possible on every platform (Windows), so best effort. */
  async #syncDirectory(): Promise<void> {
    const handle = await open(this.#directory, "r").catch(() => undefined);
    await handle?.sync().catch(() => undefined);
    await handle?.close();
  }

  #ensureDirectory(): Promise<void> {
    this.#ready ??= mkdir(this.#directory, { recursive: true, mode: 0o700 }).then(
      () => undefined,
      (error: unknown) => {
        this.#ready = undefined;
        throw new StoreError(`The token store could not create its directory.`, {
          store: "tokens",
          cause: error,
        });
      },
    );
    return this.#ready;
  }

  #path(key: string, suffix: string): string {
    return join(this.#directory, createHash("sha256").update(key).digest("hex") + suffix);
  }

  #failed(action: string, key: string, cause: unknown): StoreError {
    return new StoreError(`The token store could not ${action} "${key}".`, { store: "tokens", cause });
  }
}
