// Internal: a login from start to accounts — the authorization URL with its session, then the
// callback, the code exchange and the one account a TikTok login acts as.
import {
  type Account,
  type AuthorizationUrlInput,
  type CallOptions,
  type ConnectResult,
  checkLoginSession,
  createLoginSession,
  credentialKeyOf,
  type LoginStart,
  replaceStoredTokens,
  ValidationError,
} from "@postkit/core";
import type { TikTokContext } from "./context.js";
import * as oauth from "./oauth.js";
import type { TikTokAuthorizationUrlInput } from "./oauth.js";
import * as profile from "./profile.js";
import type { TikTokScope } from "./scopes.js";

export async function startLogin(
  context: TikTokContext,
  input: TikTokAuthorizationUrlInput | AuthorizationUrlInput<TikTokScope>,
): Promise<LoginStart> {
  const request = await oauth.createAuthorizationUrl(context, context.pkce, input);
  const session = createLoginSession({
    platform: "tiktok",
    state: request.state,
    codeVerifier: request.codeVerifier,
    redirectUri: context.redirectUri,
    scopes: input.scopes,
    ttlMs: input.sessionTtlMs,
    now: () => context.timers.now(),
  });
  return { ...request, session };
}

/** The session first (before any request), then the callback, the exchange and the account. */
export async function connectLogin(
  context: TikTokContext,
  callback: string | URL | URLSearchParams,
  session: unknown,
  options: CallOptions,
): Promise<ConnectResult> {
  const checked = checkLoginSession(session, { platform: "tiktok", now: () => context.timers.now() });
  const tokens = await oauth.handleCallback(context, callback, {
    state: checked.state,
    codeVerifier: checked.codeVerifier,
    signal: options.signal,
  });
  const openId = typeof tokens.raw.open_id === "string" ? tokens.raw.open_id : undefined;
  if (!openId) throw new ValidationError("tiktok: the token response has no open_id.");
  // The account's name needs user.info.basic; without it the open_id stands in.
  const named = tokens.scopes.includes("user.info.basic")
    ? await profile.getProfile(context, tokens, options)
    : undefined;
  const account: Account = {
    platform: "tiktok",
    id: openId,
    displayName: named?.displayName ?? openId,
    credentialKey: credentialKeyOf("tiktok", openId),
    username: named?.username,
    avatarUrl: named?.avatarUrl,
  };
  if (context.tokenStore) await replaceStoredTokens(context.tokenStore, account.credentialKey, tokens);
  return { tokens, grantedScopes: tokens.scopes, accounts: [{ account, credentials: tokens }] };
}
