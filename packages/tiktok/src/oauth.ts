import {
  type AuthorizationRequest,
  commaSeparatedScopes,
  createAuthorizationRequest,
  ErrorCode,
  OAuthError,
  parseInput,
  requestTokenEndpoint,
  type TokenSet,
  tokenSetFromResponse,
  ValidationError,
  validateCallback,
  base64UrlPkce,
  hexPkce,
} from "@postkit/core";
import * as z from "zod/mini";
import type { TikTokContext } from "./context.js";
import { joinUrl, TIKTOK_PATHS } from "./endpoints.js";
import { TIKTOK_SCOPES, type TikTokScope } from "./scopes.js";

// TikTok's token, refresh and revoke examples send this header (https://developers.tiktok.com/doc/oauth-user-access-token-management).
const NO_CACHE = { "cache-control": "no-cache" };

/**
 * What {@link TikTok.createAuthorizationUrl} takes.
 * @group OAuth
 */
export interface TikTokAuthorizationUrlInput {
  /** Scopes to request; sent comma-separated as TikTok wants. At least one. */
  scopes: readonly TikTokScope[];
  /** Your own state; a CSPRNG one by default. */
  state?: string | undefined;
  /**
   * `true` sends `disable_auto_auth=1` (always show the authorization page, e.g. to let the user
   * switch accounts); `false` sends `0` (skip it when the session is valid). Absent: not sent.
   */
  disableAutoAuth?: boolean | undefined;
  /** Extra authorization parameters, added last. */
  params?: Record<string, string | undefined> | undefined;
  /** How long the login may take before its session expires. @default 600000 (10 minutes) */
  sessionTtlMs?: number | undefined;
}

/**
 * The callback's parameters after validation, before the code exchange.
 * @group OAuth
 */
export interface TikTokCallback {
  /** The authorization code (single use); exchanged by `connect`. */
  code: string;
  /** The state, checked against the stored one. */
  state: string;
  /** What the user actually granted (`scopes`, plural, comma-separated). */
  grantedScopes: TikTokScope[];
}

const authInput = z.object({
  scopes: z.array(z.enum(TIKTOK_SCOPES)).check(z.minLength(1, "request at least one scope")),
  state: z.optional(z.string().check(z.minLength(1))),
  disableAutoAuth: z.optional(z.boolean()),
  params: z.optional(z.record(z.string(), z.optional(z.string()))),
  sessionTtlMs: z.optional(z.number().check(z.int(), z.positive())),
});

export async function createAuthorizationUrl(
  context: TikTokContext,
  pkce: "hex" | "base64url",
  input: TikTokAuthorizationUrlInput,
): Promise<AuthorizationRequest> {
  const parsed = parseInput(authInput, input, "TikTok authorization request");
  const params: Record<string, string | undefined> = {};
  if (parsed.disableAutoAuth !== undefined) params.disable_auto_auth = parsed.disableAutoAuth ? "1" : "0";
  for (const [name, value] of Object.entries(parsed.params ?? {})) {
    if (name === "client_id") {
      throw new ValidationError(
        "TikTok calls the client id `client_key`; do not add a `client_id` parameter.",
      );
    }
    params[name] = value;
  }
  return createAuthorizationRequest({
    endpoint: joinUrl(context.baseUrls.auth, TIKTOK_PATHS.authorize),
    clientId: context.clientKey,
    clientIdParam: "client_key",
    redirectUri: context.redirectUri,
    scopes: parsed.scopes,
    scopeStyle: commaSeparatedScopes,
    pkce: pkce === "hex" ? hexPkce : base64UrlPkce,
    state: parsed.state,
    params,
  });
}

/** Validates the callback (state first, then `error`, then `code`) and reads the granted scopes. */
export function parseCallback(
  callback: string | URL | URLSearchParams,
  expectedState: string,
): TikTokCallback {
  const result = validateCallback(callback, {
    expectedState,
    scopeParam: "scopes",
    scopeStyle: commaSeparatedScopes,
    platform: "tiktok",
  });
  const granted = (result.grantedScopes ?? []).filter((scope): scope is TikTokScope =>
    (TIKTOK_SCOPES as readonly string[]).includes(scope),
  );
  return { code: result.code, state: expectedState, grantedScopes: granted };
}

export async function handleCallback(
  context: TikTokContext,
  callback: string | URL | URLSearchParams,
  session: { state: string; codeVerifier?: string | undefined; signal?: AbortSignal | undefined },
): Promise<TokenSet> {
  if (!session.codeVerifier) {
    throw new ValidationError(
      "tiktok: the callback needs the `codeVerifier` returned by createAuthorizationUrl (TikTok always uses PKCE).",
    );
  }
  const parsed = parseCallback(callback, session.state);
  const body = await requestTokenEndpoint(context.api.http, {
    endpoint: joinUrl(context.baseUrls.api, TIKTOK_PATHS.token),
    credentials: credentials(context),
    params: {
      grant_type: "authorization_code",
      code: parsed.code,
      redirect_uri: context.redirectUri,
      code_verifier: session.codeVerifier,
    },
    signal: session.signal,
    what: "TikTok code exchange",
    headers: NO_CACHE,
  });
  return tokenSetFromResponse(body, {
    scopeStyle: commaSeparatedScopes,
    requestedScopes: parsed.grantedScopes,
    now: context.timers.now,
    what: "TikTok token",
  });
}

export async function refreshTokens(
  context: TikTokContext,
  tokens: TokenSet,
  signal: AbortSignal | undefined,
): Promise<TokenSet> {
  if (!tokens.refreshToken) {
    throw new ValidationError("tiktok: these tokens have no refresh token; connect the account again.");
  }
  let body: unknown;
  try {
    body = await requestTokenEndpoint(context.api.http, {
      endpoint: joinUrl(context.baseUrls.api, TIKTOK_PATHS.token),
      credentials: credentials(context),
      params: { grant_type: "refresh_token", refresh_token: tokens.refreshToken },
      signal,
      what: "TikTok token refresh",
      headers: NO_CACHE,
    });
  } catch (error) {
    if (OAuthError.isInstance(error) && error.error === "invalid_grant") {
      throw new OAuthError(
        "tiktok: the refresh token is invalid, expired or revoked; connect the account again.",
        {
          code: ErrorCode.REAUTH_REQUIRED,
          error: error.error,
          description: error.description,
          status: error.status,
          traceId: error.traceId,
          cause: error,
        },
      );
    }
    throw error;
  }
  // `previous` keeps the stored refresh token if TikTok ever omits it; a rotated one replaces it.
  return tokenSetFromResponse(body, {
    scopeStyle: commaSeparatedScopes,
    previous: tokens,
    now: context.timers.now,
    what: "TikTok token refresh",
  });
}

export async function revokeTokens(
  context: TikTokContext,
  tokens: TokenSet,
  signal: AbortSignal | undefined,
): Promise<void> {
  // TikTok revokes by access token (https://developers.tiktok.com/doc/oauth-user-access-token-management); success is an empty body.
  await requestTokenEndpoint(context.api.http, {
    endpoint: joinUrl(context.baseUrls.api, TIKTOK_PATHS.revoke),
    credentials: credentials(context),
    params: { token: tokens.accessToken },
    signal,
    what: "TikTok token revocation",
    headers: NO_CACHE,
  });
}

function credentials(context: TikTokContext) {
  return { clientId: context.clientKey, clientSecret: context.clientSecret, clientIdParam: "client_key" };
}
