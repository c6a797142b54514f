// Instagram Login (Instagram API with Instagram Login): the authorize window, the code exchange
// on api.instagram.com, the long-lived token and its refresh on graph.instagram.com.
// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login ,
// https://developers.facebook.com/documentation/instagram-platform/reference/oauth-authorize ,
// https://developers.facebook.com/docs/instagram-platform/reference/oauth-access-token ,
// https://developers.facebook.com/documentation/instagram-platform/reference/access_token ,
// https://developers.facebook.com/documentation/instagram-platform/reference/refresh_access_token.md .
import {
  type AuthorizationUrlInput,
  createAuthorizationRequest,
  createLoginSession,
  ErrorCode,
  isPostkitError,
  type LoginSession,
  type LoginStart,
  OAuthError,
  parseInput,
  type PostkitError,
  type ResponseContext,
  redactText,
  type TokenSet,
  tokenSetFromResponse,
  validateCallback,
} from "@postkit/core";
import * as z from "zod/mini";
import type { MetaContext } from "../context.js";
import { joinUrl } from "../endpoints.js";
import { firstSentence, metaErrorFromResponse } from "../errors.js";
import { INSTAGRAM_LOGIN_SCOPES, type InstagramLoginScope, metaScopeStyle } from "../scopes.js";
import { assertRefreshable, markInstagramTokens } from "./tokens.js";

/**
 * What {@link InstagramLogin.createAuthorizationUrl} takes: the Instagram Login permissions
 * (at least one; `instagram_business_basic` is needed to read the account and renew its token).
 * @group Instagram Login
 */
export type InstagramAuthorizationUrlInput = AuthorizationUrlInput<InstagramLoginScope>;

const authInput = z.object({
  scopes: z.array(z.enum(INSTAGRAM_LOGIN_SCOPES)).check(z.minLength(1, "request at least one scope")),
  state: z.optional(z.string().check(z.minLength(1))),
  params: z.optional(z.record(z.string(), z.optional(z.string()))),
  sessionTtlMs: z.optional(z.number().check(z.int(), z.positive())),
});

/** @internal `https://www.instagram.com/oauth/authorize`, comma-separated scopes, no PKCE. */
export async function createAuthorizationUrl(
  context: MetaContext,
  input: InstagramAuthorizationUrlInput,
): Promise<LoginStart> {
  const parsed = parseInput(authInput, input, "Instagram authorization request");
  const request = await createAuthorizationRequest({
    endpoint: joinUrl(context.baseUrls.instagramDialog, "/oauth/authorize"),
    clientId: context.clientId,
    redirectUri: context.redirectUri,
    scopes: parsed.scopes,
    scopeStyle: metaScopeStyle,
    pkce: false,
    state: parsed.state,
    params: parsed.params,
  });
  const session = createLoginSession({
    platform: "instagram",
    state: request.state,
    redirectUri: context.redirectUri,
    scopes: parsed.scopes,
    ttlMs: parsed.sessionTtlMs,
    now: () => context.clock.now(),
  });
  return { ...request, session };
}

const idValue = z.optional(z.union([z.string(), z.number()]));
const granted = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  user_id: idValue,
  permissions: z.optional(z.union([z.string(), z.array(z.string())])),
});
// Meta documents two answers: wrapped in `data` (the Business Login page) and flat (the
// `/oauth/access_token` reference). Both are accepted.
const codeAnswer = z.union([z.looseObject({ data: z.array(granted).check(z.minLength(1)) }), granted]);
type Granted = z.infer<typeof granted>;
/** The wrapped answer's one grant, or `undefined` for the flat answer. */
const wrappedOf = (body: z.infer<typeof codeAnswer>): Granted | undefined =>
  Array.isArray(body.data) ? (body.data[0] as Granted) : undefined;
const longLived = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.optional(z.string()),
  expires_in: z.optional(z.union([z.number(), z.string()])),
});

/** Quotes a bare `user_id` number (above 2^53 in Meta's sample) so it parses as the exact string. */
const USER_ID = /("user_id"\s*:\s*)(-?\d+)/g;
const parseExact = (text: string): unknown => JSON.parse(text.replace(USER_ID, '$1"$2"'));

/** Instagram's OAuth error body, `{"error_type","code","error_message"}`, as an `OAuthError`. */
function instagramOAuthError(context: ResponseContext, what: string): PostkitError | undefined {
  const body = context.body as { error_type?: unknown; error_message?: unknown } | undefined;
  if (typeof body !== "object" || body === null || typeof body.error_message !== "string") return undefined;
  const description = redactText(body.error_message, context.secrets);
  return new OAuthError(`instagram: Instagram refused the ${what} (${firstSentence(description)}).`, {
    error: typeof body.error_type === "string" ? body.error_type : "OAuthException",
    description,
    status: context.status,
    hint: "Start the login again with createAuthorizationUrl: a code works once, within minutes, with the same redirect URI.",
  });
}

/** What the code exchange gave: the long-lived token set and the Instagram user id. @internal */
export interface InstagramGrant {
  tokens: TokenSet;
  /** The code exchange's `user_id`, as a string. */
  userId: string | undefined;
}

/**
 * @internal Checks the callback against the session (state, error, code; Instagram's `#_`
 * suffix stripped), exchanges the code for a short-lived token, then that for a long-lived one.
 */
export async function exchangeCode(
  context: MetaContext,
  callback: string | URL | URLSearchParams,
  session: LoginSession,
  signal: AbortSignal | undefined,
): Promise<InstagramGrant> {
  const result = validateCallback(callback, { expectedState: session.state, platform: "instagram" });
  const code = result.code.replace(/#_$/, "");
  const { http } = context.graph;
  const answer = await http.request({
    method: "POST",
    url: joinUrl(context.baseUrls.instagramApi, "/oauth/access_token"),
    form: {
      client_id: context.clientId,
      client_secret: context.clientSecret,
      grant_type: "authorization_code",
      redirect_uri: session.redirectUri,
      code,
    },
    headers: { accept: "application/json" },
    // A code is single use: never repeated.
    idempotent: false,
    signal,
    what: "Instagram code exchange",
    secrets: [context.clientSecret, code],
    parseJson: parseExact,
    schema: codeAnswer,
    interpret: (response) =>
      instagramOAuthError(response, "code exchange") ??
      metaErrorFromResponse(response, "Instagram code exchange"),
  });
  const short = wrappedOf(answer.data) ?? (answer.data as Granted);
  const permissions = short.permissions;
  const scopes =
    permissions === undefined
      ? [...session.scopes]
      : Array.isArray(permissions)
        ? permissions
        : metaScopeStyle.parse(permissions);
  const long = await http.request({
    method: "GET",
    url: joinUrl(context.baseUrls.instagramGraph, "/access_token"),
    query: {
      grant_type: "ig_exchange_token",
      client_secret: context.clientSecret,
      access_token: short.access_token,
    },
    // Exchanging the same short-lived token again only mints another long-lived one.
    idempotent: true,
    signal,
    what: "Instagram long-lived token exchange",
    secrets: [context.clientSecret, short.access_token],
    schema: longLived,
    interpret: (response) =>
      metaErrorFromResponse(response, "Instagram long-lived token exchange") ??
      instagramOAuthError(response, "long-lived token exchange"),
  });
  const now = context.clock.now();
  const userId = short.user_id === undefined ? undefined : String(short.user_id);
  const tokens = tokenSetFromResponse(long.data, {
    scopeStyle: metaScopeStyle,
    requestedScopes: scopes,
    now: () => now,
    what: "Instagram long-lived token",
  });
  return { tokens: markInstagramTokens(tokens, userId, now), userId };
}

/**
 * @internal `GET graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token`, after
 * refusing early a token Meta would not refresh (expired; less than 24 hours old). `refused`: the
 * platform has just refused the token (the resolver's renewal). Whether Meta answers a new token
 * string or the same one with a new expiry is UNCONFIRMED: either is taken as the renewed set.
 */
export async function refreshToken(
  context: MetaContext,
  tokens: TokenSet,
  refused: boolean,
  signal: AbortSignal | undefined,
): Promise<TokenSet> {
  assertRefreshable(tokens, context.clock.now(), refused);
  let body: unknown;
  try {
    const response = await context.graph.http.request({
      method: "GET",
      url: joinUrl(context.baseUrls.instagramGraph, "/refresh_access_token"),
      query: { grant_type: "ig_refresh_token", access_token: tokens.accessToken },
      // A repeat after a lost answer refreshes the same, still valid token again.
      idempotent: true,
      signal,
      what: "Instagram token refresh",
      secrets: [tokens.accessToken],
      schema: longLived,
      interpret: (response) =>
        metaErrorFromResponse(response, "Instagram token refresh") ??
        instagramOAuthError(response, "token refresh"),
    });
    body = response.data;
  } catch (error) {
    if (!isPostkitError(error, ErrorCode.ACCESS_TOKEN_INVALID)) throw error;
    throw new OAuthError(
      "instagram: Meta refused to refresh the Instagram token, which is invalid or revoked.",
      {
        code: ErrorCode.REAUTH_REQUIRED,
        error: "invalid_token",
        status: error.status,
        hint: "Have the user log in with Instagram again.",
        cause: error,
      },
    );
  }
  const now = context.clock.now();
  const renewed = tokenSetFromResponse(body, {
    scopeStyle: metaScopeStyle,
    previous: tokens,
    now: () => now,
    what: "Instagram token refresh",
  });
  const userId = (tokens.raw as { user_id?: unknown }).user_id;
  return markInstagramTokens(renewed, typeof userId === "string" ? userId : undefined, now);
}
