// Google OAuth 2.0 web-server flow: authorization URL, code exchange, refresh, revoke
// (https://developers.google.com/identity/protocols/oauth2/web-server).
import {
  type AuthorizationRequest,
  type AuthorizationUrlInput,
  base64UrlPkce,
  createAuthorizationRequest,
  ErrorCode,
  type HttpClient,
  type LoginSession,
  OAuthError,
  oauthErrorFromResponse,
  requestTokenEndpoint,
  spaceSeparatedScopes,
  type TokenSet,
  tokenSetFromResponse,
  validateCallback,
} from "@postkit/core";
import { joinUrl, paths } from "./endpoints.js";
import type { YouTubeScope } from "./scopes.js";

/**
 * Google's authorization options on top of the common ones. The defaults ask for a refresh
 * token every time: Google only returns one on an explicit consent screen (https://developers.google.com/identity/protocols/oauth2/web-server).
 * @group OAuth
 */
export interface YouTubeAuthorizationUrlInput extends AuthorizationUrlInput<YouTubeScope> {
  /** `offline` returns a refresh token. @default "offline" */
  accessType?: "offline" | "online" | undefined;
  /**
   * Space-delimited `none`, `consent`, `select_account`; `null` to leave it out (then Google shows
   * the consent screen only the first time, and later logins get no refresh token).
   * @default "consent"
   */
  prompt?: string | null | undefined;
  /** Incremental authorization: the new token also covers scopes granted before. @default true */
  includeGrantedScopes?: boolean | undefined;
  /** An email address or `sub` to preselect the Google account. */
  loginHint?: string | undefined;
}

/** @internal What the OAuth functions need from the client. */
export interface OAuthContext {
  http: HttpClient;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authBase: string;
  oauthBase: string;
  now?: (() => number) | undefined;
}

/** @internal */
export function buildAuthorizationRequest(
  context: OAuthContext,
  input: YouTubeAuthorizationUrlInput,
): Promise<AuthorizationRequest> {
  const prompt = input.prompt === undefined ? "consent" : (input.prompt ?? undefined);
  return createAuthorizationRequest({
    endpoint: joinUrl(context.authBase, paths.authorize),
    clientId: context.clientId,
    redirectUri: context.redirectUri,
    scopes: input.scopes,
    scopeStyle: spaceSeparatedScopes,
    pkce: base64UrlPkce,
    state: input.state,
    params: {
      access_type: input.accessType ?? "offline",
      prompt,
      include_granted_scopes: input.includeGrantedScopes === false ? undefined : "true",
      login_hint: input.loginHint,
      ...input.params,
    },
  });
}

/** @internal The redirect URI and the PKCE verifier come from the login session. */
export async function exchangeCallback(
  context: OAuthContext,
  callback: string | URL | URLSearchParams,
  session: LoginSession,
  signal: AbortSignal | undefined,
): Promise<TokenSet> {
  const result = validateCallback(callback, {
    expectedState: session.state,
    scopeParam: "scope",
    scopeStyle: spaceSeparatedScopes,
    platform: "youtube",
  });
  const body = await requestTokenEndpoint(context.http, {
    endpoint: joinUrl(context.oauthBase, paths.token),
    credentials: { clientId: context.clientId, clientSecret: context.clientSecret },
    params: {
      grant_type: "authorization_code",
      code: result.code,
      redirect_uri: session.redirectUri,
      code_verifier: session.codeVerifier,
    },
    signal,
    what: "YouTube code exchange",
  });
  return tokenSetFromResponse(body, {
    scopeStyle: spaceSeparatedScopes,
    requestedScopes: result.grantedScopes,
    now: context.now,
    what: "Google token",
  });
}

/** Google says `invalid_grant` for revoked, expired and rotated-out refresh tokens alike. */
const REAUTH_MESSAGE =
  "youtube: the refresh token was rejected (invalid_grant: expired or revoked), so the user must connect the account again.";
const REAUTH_HINT =
  "If this happens about 7 days after connecting, the Google Cloud project's OAuth consent screen is in Testing status, " +
  "whose refresh tokens expire after 7 days: set its publishing status to In production. " +
  "Other causes: the user revoked access, the token was unused for six months, or too many refresh tokens were issued.";

/** @internal */
export async function refreshTokenSet(
  context: OAuthContext,
  tokens: TokenSet,
  signal?: AbortSignal,
): Promise<TokenSet> {
  if (!tokens.refreshToken) {
    throw new OAuthError("youtube: this token set has no refresh token.", {
      code: ErrorCode.REAUTH_REQUIRED,
      error: "no_refresh_token",
      hint: 'Connect again with accessType "offline" and prompt "consent".',
    });
  }
  let body: unknown;
  try {
    body = await requestTokenEndpoint(context.http, {
      endpoint: joinUrl(context.oauthBase, paths.token),
      credentials: { clientId: context.clientId, clientSecret: context.clientSecret },
      params: { grant_type: "refresh_token", refresh_token: tokens.refreshToken },
      signal,
      what: "YouTube token refresh",
    });
  } catch (error) {
    if (OAuthError.isInstance(error) && error.error === "invalid_grant") {
      throw new OAuthError(REAUTH_MESSAGE, {
        code: ErrorCode.REAUTH_REQUIRED,
        error: error.error,
        description: error.description,
        status: error.status,
        hint: REAUTH_HINT,
        cause: error,
      });
    }
    throw error;
  }
  return tokenSetFromResponse(body, {
    scopeStyle: spaceSeparatedScopes,
    previous: tokens,
    now: context.now,
    what: "Google token refresh",
  });
}

/**
 * @internal Revokes the grant: the refresh token when there is one (which also ends its access
 * tokens). Sent once, never repeated: after a lost response Google may already have revoked the
 * token, and a repeat would then fail with `invalid_token` although the revoke worked. A network
 * error therefore surfaces as it is; calling again is safe, and an `OAuthError` `invalid_token`
 * from that second call means the token is already revoked.
 */
export async function revokeTokenSet(
  context: OAuthContext,
  tokens: TokenSet,
  signal?: AbortSignal,
): Promise<void> {
  const token = tokens.refreshToken ?? tokens.accessToken;
  await context.http.request({
    method: "POST",
    url: joinUrl(context.oauthBase, paths.revoke),
    form: { token },
    idempotent: false,
    signal,
    what: "YouTube token revoke",
    secrets: [token, tokens.accessToken],
    interpret: (response) => oauthErrorFromResponse("youtube", response),
  });
}
