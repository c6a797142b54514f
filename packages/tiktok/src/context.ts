// Internal: what the per-concern modules share, built once by the client.
import {
  assertCapability,
  type CredentialResolver,
  type HttpClient,
  type IdempotencyStore,
  type Logger,
  type RetryPolicy,
  type TokenSet,
  type TokenStore,
} from "@postkit/core";
import type { Api } from "./api.js";
import { TIKTOK_CAPABILITIES } from "./capabilities.js";
import type { TikTokBaseUrls } from "./endpoints.js";
import type { TikTokConnection } from "./options.js";
import type { TikTokLimiter } from "./rate-limit.js";
import type { TikTokTimers } from "./timers.js";

export interface TikTokContext {
  clientKey: string;
  clientSecret: string;
  redirectUri: string;
  pkce: "hex" | "base64url";
  baseUrls: TikTokBaseUrls;
  api: Api;
  /** For chunk PUTs: its own timeout. Sent once each; core's upload engine repeats a failed chunk. */
  upload: HttpClient;
  /** The client's retry overrides, for the upload engine's budget. */
  uploadRetry?: Partial<RetryPolicy> | undefined;
  /** The client's logger: the upload engine reports its retries at `info`. */
  logger?: Logger | undefined;
  limiter: TikTokLimiter;
  timers: TikTokTimers;
  /** One per client: every call for a grant shares one renewal. */
  credentials: CredentialResolver;
  tokenStore: TokenStore | undefined;
  idempotency: IdempotencyStore;
}

/**
 * Checks the capability (and its scopes, once the grant's are known), then runs `call` with
 * valid tokens: renewed ahead of expiry, and once more after TikTok refuses the access token.
 */
export function withTokens<T>(
  context: TikTokContext,
  connection: TikTokConnection,
  operation: keyof typeof TIKTOK_CAPABILITIES | undefined,
  signal: AbortSignal | undefined,
  call: (tokens: TokenSet) => Promise<T>,
): Promise<T> {
  return context.credentials.withAccessToken(connection, signal, (_accessToken, tokens) => {
    if (operation) assertCapability("tiktok", TIKTOK_CAPABILITIES, operation, tokens.scopes);
    return call(tokens);
  });
}
