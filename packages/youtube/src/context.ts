// What every YouTube module works with: one context per client, built once by `client.ts`.
import {
  type Clock,
  type Connection,
  type CredentialResolver,
  type CredentialSource,
  createCredentialResolver,
  type HttpClient,
  type IdempotencyStore,
  isCredentialSource,
  type Logger,
  type RetryPolicy,
  type TokenSet,
} from "@postkit/core";
import { assertYouTubeCapability, type YouTubeCapabilityOperation } from "./capabilities.js";
import type { OAuthContext } from "./oauth.js";
import { refreshTokenSet } from "./oauth.js";
import type { UploadAuth, UploadContext } from "./resumable-upload.js";
import type { TokenStore } from "@postkit/core";

/** @internal Everything a YouTube operation needs, shared by every call of one client. */
export interface YouTubeContext {
  http: HttpClient;
  oauth: OAuthContext;
  apiBase: string;
  /** One per client: every call for a grant shares one renewal. */
  resolver: CredentialResolver;
  tokenStore: TokenStore | undefined;
  idempotencyStore: IdempotencyStore;
  clock: Clock;
  logger: Logger | undefined;
  headers: Record<string, string> | undefined;
  retry: Partial<RetryPolicy> | undefined;
  uploadTimeoutMs: number | false | undefined;
}

/** @internal */
export interface ResolverConfig {
  oauth: OAuthContext;
  tokenStore: TokenStore | undefined;
  onTokens: ((tokens: TokenSet, key: string) => void | Promise<void>) | undefined;
  now: (() => number) | undefined;
}

/** @internal The client's one resolver: Google renews with the refresh token. */
export function createYouTubeResolver(config: ResolverConfig): CredentialResolver {
  return createCredentialResolver({
    platform: "youtube",
    renewal: "refresh-token",
    renew: (tokens) => refreshTokenSet(config.oauth, tokens),
    tokenStore: config.tokenStore,
    onTokens: config.onTokens,
    now: config.now,
  });
}

/**
 * @internal Checks the operation's capability and scopes, then runs `call` with a valid access
 * token (renewed once after a 401 `authError`). Plain tokens are checked before anything is sent;
 * a credential source's scopes are only known once it hands out tokens, still before the API call.
 */
export async function withAccessToken<T>(
  context: YouTubeContext,
  connection: Connection,
  operation: YouTubeCapabilityOperation,
  signal: AbortSignal | undefined,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  const plain = connection?.credentials;
  if (plain && !isCredentialSource(plain)) assertYouTubeCapability(operation, plain.scopes);
  else assertYouTubeCapability(operation, undefined);
  return context.resolver.withAccessToken(connection, signal, (accessToken, tokens) => {
    assertYouTubeCapability(operation, tokens.scopes);
    return call(accessToken);
  });
}

/**
 * @internal The upload's token getter over a credential source: `refresh` after a 401 renews the
 * token the upload last used (or hands back one another call renewed meanwhile).
 */
export function uploadAuthOf(source: CredentialSource): UploadAuth {
  let last = "";
  return {
    async getAccessToken(options) {
      last = (await source.get(options)).accessToken;
      return last;
    },
    async refresh(options) {
      last = (await source.invalidate(last, options)).accessToken;
      return last;
    },
  };
}

/** @internal The upload's context for one connection. */
export function uploadContextOf(context: YouTubeContext, source: CredentialSource): UploadContext {
  return {
    http: context.http,
    uploadTimeoutMs: context.uploadTimeoutMs,
    apiBase: context.apiBase,
    auth: uploadAuthOf(source),
    headers: context.headers,
    retry: context.retry,
    logger: context.logger,
  };
}
