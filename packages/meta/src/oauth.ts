// Facebook Login's manual flow: the dialog URL, the code exchange, the long-lived user token and
// the granted permissions.
// https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow ,
// https://developers.facebook.com/documentation/facebook-login/guides/access-tokens/get-long-lived ,
// https://developers.facebook.com/docs/facebook-login/guides/permissions/request-revoke .
import {
  type AuthorizationUrlInput,
  createAuthorizationRequest,
  createLoginSession,
  type LoginSession,
  type LoginStart,
  OAuthError,
  PlatformError,
  type TokenSet,
  tokenSetFromResponse,
  validateCallback,
} from "@postkit/core";
import * as z from "zod/mini";
import type { MetaContext } from "./context.js";
import { joinUrl } from "./endpoints.js";
import { graphErrorOf } from "./errors.js";
import { type FacebookScope, metaScopeStyle } from "./scopes.js";

/**
 * Facebook Login's options on top of the common ones.
 * @group OAuth
 */
export interface FacebookAuthorizationUrlInput extends AuthorizationUrlInput<FacebookScope> {
  /** `"rerequest"` asks again for permissions the user declined before. */
  authType?: "rerequest" | undefined;
  /**
   * A Facebook Login for Business configuration id: the configuration holds the permissions
   * and assets, so `scopes` are not sent (https://developers.facebook.com/documentation/facebook-login/facebook-login-for-business).
   */
  configId?: string | undefined;
}

/** @internal */
export async function createAuthorizationUrl(
  context: MetaContext,
  input: FacebookAuthorizationUrlInput,
): Promise<LoginStart> {
  const request = await createAuthorizationRequest({
    endpoint: joinUrl(context.baseUrls.dialog, `/${context.graph.version}/dialog/oauth`),
    clientId: context.clientId,
    redirectUri: context.redirectUri,
    scopes: input.configId ? [] : input.scopes,
    scopeStyle: metaScopeStyle,
    pkce: false,
    state: input.state,
    params: {
      auth_type: input.authType,
      config_id: input.configId,
      ...input.params,
    },
  });
  // With config_id the configuration holds the permissions: no empty scope parameter.
  if (input.configId) request.url.searchParams.delete("scope");
  const session = createLoginSession({
    platform: "meta",
    state: request.state,
    redirectUri: context.redirectUri,
    scopes: input.scopes,
    ttlMs: input.sessionTtlMs,
    now: () => context.clock.now(),
  });
  return { ...request, session };
}

/**
 * Graph's refusal of the code (used, expired, tampered: a 4xx Graph error that is not transient)
 * is an OAuth failure of the login, as the contract wants it; throttles and outages stay as they are.
 */
async function refusedCodeAsOAuthError<T>(exchange: () => Promise<T>): Promise<T> {
  try {
    return await exchange();
  } catch (error) {
    const graph = graphErrorOf(error);
    const status = PlatformError.isInstance(error) ? error.status : undefined;
    const refused =
      graph !== undefined &&
      graph.isTransient !== true &&
      (graph.kind === "invalid-parameter" || graph.kind === "auth" || graph.kind === "other") &&
      (status === undefined || (status >= 400 && status < 500));
    if (!refused) throw error;
    throw new OAuthError(
      `meta: Facebook refused the authorization code (Graph error ${graph.code}${graph.subcode ? `/${graph.subcode}` : ""}).`,
      {
        error: "invalid_code",
        ...(status !== undefined ? { status } : {}),
        ...(graph.fbtraceId ? { traceId: graph.fbtraceId } : {}),
        hint: "A code works once and only for minutes: start a new login with createAuthorizationUrl.",
        cause: error,
      },
    );
  }
}

const tokenSchema = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
});

/** @internal The callback's code, exchanged for a short-lived user token, then a long-lived one. */
export async function exchangeForUserToken(
  context: MetaContext,
  callback: string | URL | URLSearchParams,
  session: LoginSession,
  signal: AbortSignal | undefined,
): Promise<TokenSet> {
  const result = validateCallback(callback, {
    expectedState: session.state,
    platform: "meta",
  });
  const now = () => context.clock.now();
  const short = await refusedCodeAsOAuthError(() =>
    context.graph.call({
      method: "GET",
      path: "/oauth/access_token",
      query: {
        client_id: context.clientId,
        redirect_uri: session.redirectUri,
        client_secret: context.clientSecret,
        code: result.code,
      },
      schema: tokenSchema,
      idempotent: false,
      what: "Facebook code exchange",
      secrets: [context.clientSecret, result.code],
      signal,
    }),
  );
  const long = await context.graph.call({
    method: "GET",
    path: "/oauth/access_token",
    query: {
      grant_type: "fb_exchange_token",
      client_id: context.clientId,
      client_secret: context.clientSecret,
      fb_exchange_token: short.access_token,
    },
    schema: tokenSchema,
    // Exchanging the same short-lived token again is harmless: it only mints another long-lived one.
    idempotent: true,
    what: "Facebook long-lived token exchange",
    secrets: [context.clientSecret, short.access_token],
    signal,
  });
  return tokenSetFromResponse(long, {
    scopeStyle: metaScopeStyle,
    requestedScopes: session.scopes,
    now,
    what: "Facebook long-lived token",
  });
}

const permissionsSchema = z.looseObject({
  data: z.array(z.looseObject({ permission: z.string(), status: z.string() })),
});

/** The permissions of a user token: granted and declined. @group OAuth */
export interface FacebookPermissions {
  /** Permissions the user granted. */
  granted: string[];
  /** Permissions the user declined (ask again with `authType: "rerequest"`). */
  declined: string[];
}

/** @internal `GET /me/permissions`. */
export async function readPermissions(
  context: MetaContext,
  userToken: string,
  signal: AbortSignal | undefined,
): Promise<FacebookPermissions> {
  const body = await context.graph.call({
    method: "GET",
    path: "/me/permissions",
    accessToken: userToken,
    schema: permissionsSchema,
    idempotent: true,
    what: "Facebook permissions",
    signal,
  });
  const of = (status: string) =>
    body.data.filter((item) => item.status === status).map((item) => item.permission);
  return { granted: of("granted"), declined: of("declined") };
}
