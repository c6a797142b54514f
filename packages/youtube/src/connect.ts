// Login: the authorization URL with its login session, and the callback that turns it into a
// connected channel (https://developers.google.com/identity/protocols/oauth2/web-server).
import {
  type CallOptions,
  checkLoginSession,
  type ConnectResult,
  type Connection,
  createLoginSession,
  credentialKeyOf,
  isCredentialSource,
  type LoginStart,
  replaceStoredTokens,
  StoreError,
  type TokenSet,
} from "@postkit/core";
import { assertYouTubeCapability } from "./capabilities.js";
import { fetchChannel, type YouTubeChannel } from "./channel.js";
import type { YouTubeContext } from "./context.js";
import {
  buildAuthorizationRequest,
  exchangeCallback,
  revokeTokenSet,
  type YouTubeAuthorizationUrlInput,
} from "./oauth.js";

/**
 * A connected YouTube channel, as `connect` returns it and every operation takes it. Plain JSON.
 * @group Client
 */
export interface YouTubeAccount {
  /** Always `"youtube"`. */
  platform: "youtube";
  /** The channel id (`UC…`). */
  id: string;
  /** The channel title. */
  displayName: string;
  /** `credentialKeyOf("youtube", id)`: where a `TokenStore` keeps the grant. */
  credentialKey: string;
  /** The handle without `@`, when the channel has one. */
  username?: string | undefined;
  /** The channel picture. */
  avatarUrl?: string | undefined;
}

/** @internal The account of a channel. */
export function accountOf(channel: YouTubeChannel): YouTubeAccount {
  return {
    platform: "youtube",
    id: channel.id,
    displayName: channel.displayName,
    credentialKey: credentialKeyOf("youtube", channel.id),
    ...(channel.username !== undefined ? { username: channel.username } : {}),
    ...(channel.avatarUrl !== undefined ? { avatarUrl: channel.avatarUrl } : {}),
  };
}

/** @internal */
export async function startLogin(
  context: YouTubeContext,
  input: YouTubeAuthorizationUrlInput,
): Promise<LoginStart> {
  const request = await buildAuthorizationRequest(context.oauth, input);
  const session = createLoginSession({
    platform: "youtube",
    state: request.state,
    codeVerifier: request.codeVerifier,
    redirectUri: context.oauth.redirectUri,
    scopes: input.scopes,
    ttlMs: input.sessionTtlMs,
    now: () => context.clock.now(),
  });
  return { ...request, session };
}

/**
 * @internal The session is checked before anything is sent; then the callback (state, error,
 * code), the code exchange, and the channel the grant acts as (`channels.list?mine=true`).
 */
export async function connectLogin(
  context: YouTubeContext,
  callback: string | URL | URLSearchParams,
  session: unknown,
  options: CallOptions,
): Promise<ConnectResult<YouTubeAccount>> {
  const login = checkLoginSession(session, { platform: "youtube", now: () => context.clock.now() });
  const tokens = await exchangeCallback(context.oauth, callback, login, options.signal);
  // Without a scope that reads the channel there is no account to return (the grant is dropped).
  assertYouTubeCapability("getProfile", tokens.scopes);
  const channel = await fetchChannel(context, tokens.accessToken, options.signal);
  const account = accountOf(channel);
  if (context.tokenStore) await saveGrant(context, account.credentialKey, tokens);
  const connection: Connection<YouTubeAccount> & { credentials: TokenSet } = { account, credentials: tokens };
  return { tokens, accounts: [connection], grantedScopes: [...tokens.scopes] };
}

async function saveGrant(context: YouTubeContext, key: string, tokens: TokenSet): Promise<void> {
  try {
    await replaceStoredTokens(context.tokenStore!, key, tokens);
  } catch (cause) {
    if (StoreError.isInstance(cause)) throw cause;
    throw new StoreError(`The token store could not save "${key}".`, {
      store: "tokens",
      hint: "The login worked but its tokens were not saved: have the user connect again once the store works.",
      cause,
    });
  }
}

/**
 * @internal Revokes the grant at Google, then forgets it in the store. The tokens come from the
 * connection, or from its credential source (which renews expired ones first: it has no way to
 * hand them out as they are).
 */
export async function disconnect(
  context: YouTubeContext,
  connection: Connection,
  signal: AbortSignal | undefined,
): Promise<void> {
  assertYouTubeCapability("revoke", undefined);
  const credentials = connection?.credentials;
  const tokens =
    credentials && !isCredentialSource(credentials)
      ? credentials
      : await context.resolver.sourceFor(connection).get({ signal });
  await revokeTokenSet(context.oauth, tokens, signal);
  const key = connection.account?.credentialKey;
  if (context.tokenStore && key) {
    await context.tokenStore.delete(key).catch((cause: unknown) => {
      throw new StoreError(`The token store could not delete "${key}".`, {
        store: "tokens",
        hint: "The grant is revoked at Google; delete the stored tokens yourself.",
        cause,
      });
    });
  }
}
