import { raceAbort } from "../abort.js";
import { ErrorCode } from "../errors/codes.js";
import { isPostkitError } from "../errors/guard.js";
import { OAuthError } from "../errors/oauth-error.js";
import { StoreError } from "../errors/store-error.js";
import { sleep } from "../http/sleep.js";
import { isTokenExpired, type TokenSet } from "./token-set.js";
import type { StoredTokens, TokenStore } from "./token-store.js";

/**
 * How a platform's access tokens are renewed: with a refresh token (Google; TikTok, whose refresh
 * token rotates on every use), by exchanging the current token for a new one (Instagram Login's
 * long-lived tokens), or not at all (Facebook Page tokens do not expire).
 * @group Tokens
 */
export type RenewalKind = "refresh-token" | "exchange" | "none";

/**
 * Credentials that look after themselves: valid tokens on demand, renewed ahead of expiry and
 * once after the platform refused the access token, one renewal per grant at a time, saved to a
 * {@link TokenStore} before anyone uses them.
 *
 * @group Tokens
 */
export interface CredentialSource {
  /** The store key of the grant. */
  readonly key: string;
  /** Tokens whose access token is valid for a while yet, renewing them first if needed. */
  get(options?: { signal?: AbortSignal | undefined }): Promise<TokenSet>;
  /**
   * The platform refused `accessToken`: renews once (or returns what another caller or
   * instance has renewed meanwhile). Throws `REAUTH_REQUIRED` when the grant cannot be renewed.
   */
  invalidate(accessToken: string, options?: { signal?: AbortSignal | undefined }): Promise<TokenSet>;
  /** Replaces the grant (the user connected again); a renewal still running is disregarded. */
  replace(tokens: TokenSet): Promise<void>;
}

/** @group Tokens */
export interface CredentialSourceOptions {
  /** The grant's key in the store (an account's `credentialKey`). */
  key: string;
  /** Where the grant lives. */
  store: TokenStore;
  /** How the platform renews tokens. */
  renewal: RenewalKind;
  /** Renews a token set: the provider's `renewTokens`. Not called when `renewal` is `"none"`. */
  renew: (tokens: TokenSet) => Promise<TokenSet>;
  /**
   * Whether tokens need renewing now. Default: the access token expires within `renewAheadMs`.
   * A platform whose tokens can only be renewed once they are old enough says so here.
   */
  needsRenewal?: ((tokens: TokenSet, now: number) => boolean) | undefined;
  /** @default 60000 */
  renewAheadMs?: number | undefined;
  /** Called after new tokens were saved, for apps that mirror them elsewhere. */
  onTokens?: ((tokens: TokenSet, key: string) => void | Promise<void>) | undefined;
  /** Lock lease and wait, when the store has locks. @default { leaseMs: 30000, waitMs: 35000 } */
  lock?:
    | {
        /** How long a lock holder may keep it if it dies without releasing it. */
        leaseMs: number;
        /** How long to wait for the lock. */
        waitMs: number;
      }
    | undefined;
  /** Clock, for tests. @default Date.now */
  now?: (() => number) | undefined;
}

/** Whether `value` is a {@link CredentialSource} rather than a plain token set. @group Tokens */
export function isCredentialSource(value: unknown): value is CredentialSource {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as CredentialSource).get === "function" &&
    typeof (value as CredentialSource).invalidate === "function"
  );
}

/**
 * A {@link CredentialSource} over a store. In one process, concurrent callers share one renewal;
 * across processes, the store's lock (when it has one) and compare-and-set decide, and a renewal
 * refused with `invalid_grant` reloads the store once, since another instance may have rotated
 * the refresh token already. Renewed tokens that the store failed to save are kept in memory,
 * saved first on the next call, and handed out only once saved, so a rotated refresh token is
 * never lost.
 *
 * @example
 * ```ts
 * const credentials = createCredentialSource({
 *   key: account.credentialKey,
 *   store,
 *   renewal: "refresh-token",
 *   renew: (tokens) => tiktok.renewTokens(tokens),
 * });
 * await tiktok.getProfile({ account, credentials });
 * ```
 * @group Tokens
 */
export function createCredentialSource(options: CredentialSourceOptions): CredentialSource {
  return new StoredCredentials(options);
}

class StoredCredentials implements CredentialSource {
  readonly key: string;
  readonly #options: CredentialSourceOptions;
  #cached: StoredTokens | undefined;
  /** Renewed, not yet saved (the store failed): the newest grant, saved before anything else. */
  #pending: { tokens: TokenSet; basedOn: string | undefined } | undefined;
  #inflight: Promise<TokenSet> | undefined;
  /** Bumped by `replace`, so a renewal of the replaced grant is recognised when it ends. */
  #generation = 0;
  /** The latest `replace` still saving (or saved): what a renewal of the replaced grant hands out. */
  #replacing: Promise<StoredTokens> | undefined;

  constructor(options: CredentialSourceOptions) {
    this.key = options.key;
    this.#options = options;
  }

  /** The cached tokens when they can be used as they are (no load, no renewal), else `undefined`. */
  fresh(): TokenSet | undefined {
    const current = this.#cached;
    return current && !this.#pending && !this.#needsRenewal(current.tokens) ? current.tokens : undefined;
  }

  async get(options: { signal?: AbortSignal | undefined } = {}): Promise<TokenSet> {
    const current = this.#cached ?? (await this.#load());
    if (!this.#pending && !this.#needsRenewal(current.tokens)) return current.tokens;
    return this.#renewOnce(undefined, options.signal);
  }

  invalidate(accessToken: string, options: { signal?: AbortSignal | undefined } = {}): Promise<TokenSet> {
    return this.#renewOnce(accessToken, options.signal);
  }

  replace(tokens: TokenSet): Promise<void> {
    this.#generation++;
    this.#pending = undefined;
    this.#inflight = undefined;
    // Fix: a renewal that ended while this was still saving used to hand out the old cached
    // tokens; it now waits for the replacement (see #renewStored).
    const replacing = this.#saveReplacement(tokens);
    replacing.catch(() => undefined);
    this.#replacing = replacing;
    return replacing.then(() => undefined);
  }

  async #saveReplacement(tokens: TokenSet): Promise<StoredTokens> {
    for (let attempt = 0; attempt < 16; attempt++) {
      const current = await this.#options.store.load(this.key);
      const saved = await this.#save(current?.revision, tokens, false);
      if (saved) {
        this.#cached = saved;
        return saved;
      }
    }
    throw new StoreError(`The token store kept refusing to save "${this.key}".`, { store: "tokens" });
  }

  #needsRenewal(tokens: TokenSet): boolean {
    const now = (this.#options.now ?? Date.now)();
    return this.#options.needsRenewal
      ? this.#options.needsRenewal(tokens, now)
      : isTokenExpired(tokens, { marginMs: this.#options.renewAheadMs ?? 60_000, now });
  }

  async #load(): Promise<StoredTokens> {
    const stored = await this.#options.store.load(this.key).catch((cause: unknown) => {
      throw new StoreError(`The token store could not load "${this.key}".`, { store: "tokens", cause });
    });
    if (!stored) {
      throw new OAuthError(`No credentials are stored for "${this.key}".`, {
        code: ErrorCode.REAUTH_REQUIRED,
        error: "no_stored_credentials",
        hint: "Connect the account (or save its tokens in the store under its credentialKey) first.",
      });
    }
    this.#cached = stored;
    return stored;
  }

  /** One renewal at a time per source; each caller may stop waiting without stopping it. */
  #renewOnce(refused: string | undefined, signal: AbortSignal | undefined): Promise<TokenSet> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const joined = this.#inflight;
    if (!joined) {
      const inflight = this.#renew(refused).finally(() => {
        if (this.#inflight === inflight) this.#inflight = undefined;
      });
      // Every caller may stop waiting; the outcome must not become an unhandled rejection.
      inflight.catch(() => undefined);
      this.#inflight = inflight;
      return raceAbort(inflight, signal);
    }
    if (refused === undefined) return raceAbort(joined, signal);
    // Fix: a renewal started for another reason (an expiry check) may hand back the very token
    // the platform just refused (another instance's, from the store); renew that one then.
    const result = joined.then((tokens) =>
      tokens.accessToken === refused ? this.#renewOnce(refused, undefined) : tokens,
    );
    return raceAbort(result, signal);
  }

  async #renew(refused: string | undefined): Promise<TokenSet> {
    // Taken before the lock and the load, so a `replace` at any point of the renewal is seen.
    const generation = this.#generation;
    const { store } = this.#options;
    const lock = store.lock
      ? await store
          .lock(this.key, this.#options.lock ?? { leaseMs: 30_000, waitMs: 35_000 })
          .catch((cause: unknown) => {
            throw StoreError.isInstance(cause)
              ? cause
              : new StoreError(`The token store could not lock "${this.key}".`, { store: "tokens", cause });
          })
      : undefined;
    try {
      if (this.#pending) {
        const { tokens, basedOn } = this.#pending;
        const saved = await this.#save(basedOn, tokens, true);
        this.#pending = undefined;
        if (saved) return saved.tokens;
        // The store moved on meanwhile (a reconnect, another instance): it has the newer grant.
      }
      const stored = await this.#load();
      // Renewed by another caller or instance already: use theirs.
      const refusedHere = refused !== undefined && stored.tokens.accessToken === refused;
      if (!refusedHere && !this.#needsRenewal(stored.tokens)) return stored.tokens;
      return await this.#renewStored(stored, generation, false);
    } finally {
      await lock?.release().catch(() => undefined);
    }
  }

  async #renewStored(stored: StoredTokens, generation: number, retried: boolean): Promise<TokenSet> {
    if (this.#options.renewal === "none") {
      throw new OAuthError(
        `The platform refused the credentials of "${this.key}", which cannot be renewed.`,
        {
          code: ErrorCode.REAUTH_REQUIRED,
          error: "not_renewable",
          hint: "Connect the account again.",
        },
      );
    }
    if (this.#options.renewal === "refresh-token" && !stored.tokens.refreshToken) {
      throw new OAuthError(
        `The access token of "${this.key}" is no longer valid and there is no refresh token.`,
        {
          code: ErrorCode.REAUTH_REQUIRED,
          error: "no_refresh_token",
          hint: "Connect the account again.",
        },
      );
    }
    let renewed: TokenSet;
    try {
      renewed = keepRefreshToken(stored.tokens, await this.#options.renew(stored.tokens));
    } catch (error) {
      if (!isPostkitError(error, ErrorCode.REAUTH_REQUIRED)) throw error;
      // Another instance may have rotated the refresh token since we loaded it: use its tokens,
      // or renew those once.
      const latest = await this.#newerThan(stored.revision);
      if (!latest) throw error;
      if (!this.#needsRenewal(latest.tokens)) return latest.tokens;
      if (retried) throw error;
      return this.#renewStored(latest, generation, true);
    }
    // Replaced (reconnected) while renewing: the replacement is the grant now.
    if (generation !== this.#generation && this.#replacing) return (await this.#replacing).tokens;
    const saved = await this.#save(stored.revision, renewed, true);
    if (saved) return saved.tokens;
    // The revision moved while renewing (a reconnect, or an instance without a lock): the store wins.
    return (await this.#load()).tokens;
  }

  /**
   * The stored grant when its revision moved past `revision`, else `undefined`. Fix: without a
   * store lock, the instance that won a race is often still waiting for its answer (the platform
   * rotates on arrival) when the loser hears `invalid_grant`; reloading at once found nothing
   * new and failed the caller with REAUTH_REQUIRED. So without a lock, wait briefly (about
   * 1.5 s in all) for the winner's save. With a lock, nobody else renews meanwhile.
   */
  async #newerThan(revision: string): Promise<StoredTokens | undefined> {
    const waits = this.#options.store.lock ? [] : [25, 50, 100, 200, 400, 800];
    for (let attempt = 0; ; attempt++) {
      const latest = await this.#load();
      if (latest.revision !== revision) return latest;
      const wait = waits[attempt];
      if (wait === undefined) return undefined;
      await sleep(wait);
    }
  }

  /**
   * Compare-and-set; on a store failure the tokens are kept as pending (when `keep`) and the
   * caller gets a `StoreError`. Notifies `onTokens` after a successful save.
   */
  async #save(
    basedOn: string | undefined,
    tokens: TokenSet,
    keep: boolean,
  ): Promise<StoredTokens | undefined> {
    let saved: StoredTokens | undefined;
    try {
      saved = await this.#options.store.compareAndSet(this.key, basedOn, tokens);
    } catch (cause) {
      if (keep) this.#pending = { tokens, basedOn };
      throw new StoreError(`The token store could not save the renewed tokens of "${this.key}".`, {
        store: "tokens",
        hint: "They are kept in memory and saved again on the next call; until then they are not used.",
        cause,
      });
    }
    if (!saved) return undefined;
    this.#cached = saved;
    await this.#options.onTokens?.(saved.tokens, this.key);
    return saved;
  }
}

/**
 * Tokens `source` can hand out right now without a load or a renewal, for a call path that can
 * skip the async `get()`; `undefined` when it must call `get()` (or is not postkit's own source).
 * @internal
 */
export function freshTokens(source: CredentialSource): TokenSet | undefined {
  return source instanceof StoredCredentials ? source.fresh() : undefined;
}

/** A renewal that returned no refresh token keeps the one it was renewed with. */
function keepRefreshToken(previous: TokenSet, next: TokenSet): TokenSet {
  if (next.refreshToken || !previous.refreshToken) return next;
  return {
    ...next,
    refreshToken: previous.refreshToken,
    refreshTokenExpiresAt: next.refreshTokenExpiresAt ?? previous.refreshTokenExpiresAt,
  };
}
