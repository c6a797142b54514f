import { ErrorCode } from "../errors/codes.js";
import { isPostkitError } from "../errors/guard.js";
import { ValidationError } from "../errors/validation-error.js";
import {
  type CredentialSource,
  createCredentialSource,
  freshTokens,
  isCredentialSource,
  type RenewalKind,
} from "../tokens/credential-source.js";
import { MemoryTokenStore } from "../tokens/memory-token-store.js";
import type { TokenSet } from "../tokens/token-set.js";
import type { StoredTokens, TokenStore } from "../tokens/token-store.js";
import type { Connection } from "./account.js";

/** What a provider tells its resolver once, at construction. @group Contract */
export interface CredentialResolverOptions {
  /** The platform, for messages. */
  platform: string;
  /** How the platform renews tokens. */
  renewal: RenewalKind;
  /** The provider's `renewTokens`. */
  renew: (tokens: TokenSet) => Promise<TokenSet>;
  /** The app's shared store; connections without credentials load from it. */
  tokenStore?: TokenStore | undefined;
  /**
   * Receives every renewed token set of plain-token connections before it is used; persist it
   * here. A failure fails the call with a `StoreError` and the set is offered again next time.
   */
  onTokens?: ((tokens: TokenSet, key: string) => void | Promise<void>) | undefined;
  /** Renew this long before expiry. @default 60000 */
  renewAheadMs?: number | undefined;
  /** Whether tokens need renewing now, for platforms with their own rule. */
  needsRenewal?: ((tokens: TokenSet, now: number) => boolean) | undefined;
  /** Clock, for tests. */
  now?: (() => number) | undefined;
}

/**
 * Turns a {@link Connection} into a {@link CredentialSource} and runs calls with a valid access
 * token. A provider keeps one resolver, so every call for a grant shares one renewal.
 * @group Contract
 */
export interface CredentialResolver {
  /** The credential source acting for the connection's account. */
  sourceFor(connection: Connection): CredentialSource;
  /**
   * Runs `call` with a valid access token; when the platform refuses the token
   * (`ACCESS_TOKEN_INVALID`), renews once and runs it once more. Safe for writes too: a refused
   * token means the platform did nothing.
   */
  withAccessToken<T>(
    connection: Connection,
    signal: AbortSignal | undefined,
    call: (accessToken: string, tokens: TokenSet) => Promise<T>,
  ): Promise<T>;
}

/** @group Contract */
export function createCredentialResolver(options: CredentialResolverOptions): CredentialResolver {
  /** Plain-token grants, by key: the source plus every access token it has held. */
  const plain = new Map<string, { source: CredentialSource; seen: Set<string> }>();
  const stored = new Map<string, CredentialSource>();
  const common = {
    renewal: options.renewal,
    renew: options.renew,
    renewAheadMs: options.renewAheadMs,
    needsRenewal: options.needsRenewal,
    now: options.now,
  };

  function fromTokens(key: string, tokens: TokenSet): CredentialSource {
    const known = plain.get(key);
    // The app passes back tokens this grant had (often the first set, now renewed): same grant.
    if (known?.seen.has(tokens.accessToken)) return known.source;
    const seen = new Set([tokens.accessToken]);
    const memory = new MemoryTokenStore();
    // Saving goes through the app's onTokens first, so a set it could not persist is never used.
    const store: TokenStore = {
      load: (k) => memory.load(k),
      delete: (k) => memory.delete(k),
      compareAndSet: async (k, revision, next): Promise<StoredTokens | undefined> => {
        const current = await memory.load(k);
        if (current?.revision !== revision) return undefined;
        if (current) await options.onTokens?.(next, k);
        seen.add(next.accessToken);
        return memory.compareAndSet(k, revision, next);
      },
    };
    void memory.compareAndSet(key, undefined, tokens);
    const source = createCredentialSource({ ...common, key, store });
    plain.set(key, { source, seen });
    return source;
  }

  function sourceFor(connection: Connection): CredentialSource {
    const { account, credentials } = connection;
    if (isCredentialSource(credentials)) return credentials;
    if (!account?.credentialKey) {
      throw new ValidationError(`${options.platform}: the connection names no account.`, {
        hint: "Pass { account, credentials } as returned by connect().",
      });
    }
    if (credentials) return fromTokens(account.credentialKey, credentials);
    const store = options.tokenStore;
    if (!store) {
      throw new ValidationError(
        `${options.platform}: the connection has no credentials and no tokenStore is set.`,
        {
          hint: "Pass credentials with the account, or give the client a tokenStore.",
        },
      );
    }
    let source = stored.get(account.credentialKey);
    if (!source) {
      source = createCredentialSource({ ...common, key: account.credentialKey, store });
      stored.set(account.credentialKey, source);
    }
    return source;
  }

  return {
    sourceFor,
    async withAccessToken(connection, signal, call) {
      const source = sourceFor(connection);
      // Fresh cached tokens need no await (the common case: a call with a valid token).
      const tokens = freshTokens(source) ?? (await source.get({ signal }));
      try {
        return await call(tokens.accessToken, tokens);
      } catch (error) {
        if (!isPostkitError(error, ErrorCode.ACCESS_TOKEN_INVALID) || options.renewal === "none") throw error;
        const renewed = await source.invalidate(tokens.accessToken, { signal });
        return call(renewed.accessToken, renewed);
      }
    },
  };
}
