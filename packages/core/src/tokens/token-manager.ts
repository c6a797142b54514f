import { raceAbort } from "../abort.js";
import { ErrorCode } from "../errors/codes.js";
import { OAuthError } from "../errors/oauth-error.js";
import { isTokenExpired, type TokenSet } from "./token-set.js";

/** @group Tokens */
export interface TokenManagerOptions {
  /** The account's current tokens. */
  tokens: TokenSet;
  /**
   * Exchanges the refresh token for new tokens: a platform package's `refreshTokens`. It gets no
   * abort signal: once sent, a refresh is seen through (see {@link TokenManager.refresh}); the
   * client's per-request timeout still bounds it.
   */
  refresh: (tokens: TokenSet) => Promise<TokenSet>;
  /**
   * Receives every new token set; persist it here. With rotating refresh tokens (TikTok) the old
   * refresh token may stop working, so a failure here fails the refresh.
   */
  onTokens?: ((tokens: TokenSet) => void | Promise<void>) | undefined;
  /**
   * Refresh this long before expiry.
   * @default 60000
   */
  refreshAheadMs?: number | undefined;
  /** Clock, for tests. @default Date.now */
  now?: (() => number) | undefined;
}

/**
 * Keeps one account's access token fresh: refreshes ahead of expiry, makes one refresh call however
 * many requests need a token at once, keeps the stored refresh token when a response omits it, and
 * hands each new token set to `onTokens`.
 *
 * @example
 * ```ts
 * const manager = new TokenManager({
 *   tokens: await db.loadTokens(userId),
 *   refresh: (tokens) => tiktok.refreshTokens(tokens),
 *   onTokens: (tokens) => db.saveTokens(userId, tokens),
 * });
 * const accessToken = await manager.getAccessToken();
 * ```
 * @group Tokens
 */
export class TokenManager {
  #tokens: TokenSet;
  #inflight: Promise<TokenSet> | undefined;
  /** Bumped by `setTokens`, so a refresh of replaced tokens is recognised when it ends. */
  #generation = 0;
  readonly #options: TokenManagerOptions;

  constructor(options: TokenManagerOptions) {
    this.#options = options;
    this.#tokens = options.tokens;
  }

  /** The current token set, possibly expired. */
  get tokens(): TokenSet {
    return this.#tokens;
  }

  /** A token set whose access token is valid for at least `refreshAheadMs`, refreshing if needed. */
  async getTokens(options: { signal?: AbortSignal } = {}): Promise<TokenSet> {
    const now = (this.#options.now ?? Date.now)();
    if (!isTokenExpired(this.#tokens, { marginMs: this.#options.refreshAheadMs ?? 60_000, now })) {
      return this.#tokens;
    }
    return this.refresh(options);
  }

  /** A valid access token, refreshing if needed. */
  async getAccessToken(options: { signal?: AbortSignal } = {}): Promise<string> {
    return (await this.getTokens(options)).accessToken;
  }

  /**
   * Refreshes now. Concurrent calls share one refresh request. Throws an `OAuthError` with code
   * `REAUTH_REQUIRED` when there is no refresh token.
   *
   * `signal` stops this caller's wait, not the shared refresh: other callers still get its result,
   * and a provider that rotates refresh tokens has already invalidated the old one once the
   * request is sent, so the new set must still reach `onTokens`.
   */
  refresh(options: { signal?: AbortSignal } = {}): Promise<TokenSet> {
    // A caller that already gave up starts nothing.
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    if (!this.#inflight) {
      const inflight = this.#refresh().finally(() => {
        if (this.#inflight === inflight) this.#inflight = undefined;
      });
      // Every caller may stop waiting; the outcome must not become an unhandled rejection.
      inflight.catch(() => undefined);
      this.#inflight = inflight;
    }
    return raceAbort(this.#inflight, options.signal);
  }

  /**
   * Replaces the tokens (after a reconnect) without calling `onTokens`. A refresh still running
   * for the old tokens is disregarded when it ends: it neither replaces these nor reaches `onTokens`.
   */
  setTokens(tokens: TokenSet): void {
    this.#generation++;
    this.#tokens = tokens;
    this.#inflight = undefined;
  }

  async #refresh(): Promise<TokenSet> {
    const generation = this.#generation;
    const current = this.#tokens;
    if (!current.refreshToken) {
      throw new OAuthError(
        "The access token expired and there is no refresh token: connect the account again.",
        {
          code: ErrorCode.REAUTH_REQUIRED,
          error: "no_refresh_token",
        },
      );
    }
    const next = await this.#options.refresh(current);
    const merged: TokenSet = next.refreshToken
      ? next
      : {
          ...next,
          refreshToken: current.refreshToken,
          refreshTokenExpiresAt: next.refreshTokenExpiresAt ?? current.refreshTokenExpiresAt,
        };
    // The account was reconnected meanwhile: these belong to the old tokens.
    if (generation !== this.#generation) return this.#tokens;
    this.#tokens = merged;
    await this.#options.onTokens?.(merged);
    return merged;
  }
}
