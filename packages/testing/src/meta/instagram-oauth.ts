// Instagram Login's OAuth: the authorize window (www.instagram.com and api.instagram.com), the
// code exchange on api.instagram.com, and the long-lived exchange and refresh on
// graph.instagram.com.
// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login ,
// https://developers.facebook.com/documentation/instagram-platform/reference/oauth-authorize ,
// https://developers.facebook.com/docs/instagram-platform/reference/oauth-access-token ,
// https://developers.facebook.com/documentation/instagram-platform/reference/access_token ,
// https://developers.facebook.com/documentation/instagram-platform/reference/refresh_access_token.md .
import type { Clock } from "../harness/clock.js";
import { consent } from "../harness/consent.js";
import type { EmulatorContext } from "../harness/emulator.js";
import { repeatedParameter } from "../harness/params.js";
import { mintSecret } from "../harness/secrets.js";
import { graphError, invalidToken, missingPermission } from "./errors.js";
import { type InstagramLoginState, issueInstagramToken } from "./instagram-state.js";
import type { MetaState } from "./state.js";

/** The Instagram Login permissions, written again from Meta's list (not imported from the SDK). */
const IGL_SCOPES = new Set([
  "instagram_business_basic",
  "instagram_business_content_publish",
  "instagram_business_manage_comments",
  "instagram_business_manage_messages",
  "instagram_business_manage_insights",
]);
const SHORT_LIVED_S = 3600;
/**
 * 60 days, as Meta describes long-lived Instagram tokens. Meta's exact `expires_in` for them is
 * not in postkit's notes: the emulator's choice.
 */
export const IG_LONG_LIVED_S = 60 * 24 * 3600;
const DAY_MS = 24 * 3600 * 1000;
const CODE_TTL_MS = 10 * 60 * 1000;

/**
 * An error of Instagram's OAuth endpoints: `{"error_type","code","error_message"}` (the shape the
 * Business Login page shows for a refused code exchange).
 */
export function instagramOAuthError(message: string, status = 400): Response {
  return Response.json({ error_type: "OAuthException", code: status, error_message: message }, { status });
}

/** `GET /oauth/authorize` on www.instagram.com (and api.instagram.com, as the reference documents it). */
export function instagramAuthorize(
  state: MetaState,
  request: Request,
  context: EmulatorContext,
): Promise<Response> {
  const ig = state.instagram;
  const params = new URL(request.url).searchParams;
  const page = (status: number, text: string) => Promise.resolve(new Response(text, { status }));
  // RFC 6749 §3.1. UNCONFIRMED: Instagram's answer to a repeated parameter; its error page.
  const repeated = repeatedParameter(params);
  if (repeated) return page(400, `${repeated}: must not appear more than once`);
  if (params.get("client_id") !== ig.appId) return page(400, "Invalid platform app");
  const redirectUri = params.get("redirect_uri") ?? "";
  if (!ig.redirectUris.includes(redirectUri)) return page(400, "Invalid redirect_uri");
  if (params.get("response_type") !== "code") return page(400, "Invalid response_type");
  // Comma- or (URL-encoded) space-separated, per the authorize reference.
  const scopes = (params.get("scope") ?? "").split(/[,\s]+/).filter(Boolean);
  const unknown = scopes.find((scope) => !IGL_SCOPES.has(scope));
  if (unknown !== undefined || scopes.length === 0) return page(400, `Invalid scope: ${unknown ?? "(none)"}`);
  const back = (extra: Record<string, string>) => {
    // Instagram appends `#_` to the redirect; the code goes last, as it does in Meta's samples,
    // so a client that reads the raw query string gets `code#_` and must strip it.
    const query = new URLSearchParams();
    const stateParam = params.get("state");
    if (stateParam !== null) query.set("state", stateParam);
    for (const [name, value] of Object.entries(extra)) query.set(name, value);
    const url = new URL(redirectUri);
    url.search = query.toString();
    return `${url.toString()}#_`;
  };
  return consent(request, context, {
    mode: state.consent,
    platform: "Instagram",
    appName: ig.appId,
    scopes,
    approve: () => {
      const code = mintSecret("AQD");
      const granted = scopes.filter((scope) => !ig.declined.has(scope));
      ig.codes.set(code, { scopes: granted, redirectUri, expiresAt: state.clock.now() + CODE_TTL_MS });
      return back({ code });
    },
    // The denial parameters are not in postkit's notes: the emulator sends the OAuth 2.0 ones.
    deny: () =>
      back({
        error: "access_denied",
        error_reason: "user_denied",
        error_description: "The user denied your request.",
      }),
  });
}

/** `POST /oauth/access_token` on api.instagram.com: the code for a short-lived token. */
export async function instagramCodeExchange(state: MetaState, request: Request): Promise<Response> {
  const ig = state.instagram;
  if (request.method !== "POST") return instagramOAuthError("Unsupported method; use POST", 405);
  const form = new URLSearchParams(await request.text());
  // RFC 6749 §3.2. UNCONFIRMED: Instagram's answer to a repeated parameter; its OAuth error body.
  const repeated = repeatedParameter(form);
  if (repeated) return instagramOAuthError(`The parameter ${repeated} must not appear more than once`);
  if (form.get("client_id") !== ig.appId) return instagramOAuthError("Invalid platform app");
  if (form.get("client_secret") !== ig.appSecret)
    return instagramOAuthError("Error validating client secret.");
  if (form.get("grant_type") !== "authorization_code") return instagramOAuthError("Invalid grant_type");
  const code = form.get("code") ?? "";
  const grant = ig.codes.get(code);
  if (!grant || grant.expiresAt <= state.clock.now()) {
    return instagramOAuthError("Matching code was not found or was already used");
  }
  // A code is single use, even when the exchange fails on its redirect_uri.
  ig.codes.delete(code);
  if (form.get("redirect_uri") !== grant.redirectUri) {
    // The message is the emulator's: Meta's text for this case is not in postkit's notes.
    return instagramOAuthError("Error validating verification code: redirect_uri does not match");
  }
  const token = issueInstagramToken(ig, state.clock, {
    kind: "short",
    scopes: grant.scopes,
    lifetimeS: SHORT_LIVED_S,
  });
  const userId = ig.account.scopedId;
  if (ig.tokenShape === "flat") {
    // A bare JSON number above 2^53, written as text: JSON.stringify cannot produce it.
    return new Response(`{"access_token":${JSON.stringify(token)},"user_id":${userId}}`, {
      headers: { "content-type": "application/json" },
    });
  }
  return Response.json({
    data: [{ access_token: token, user_id: userId, permissions: grant.scopes.join(",") }],
  });
}

/**
 * A live Instagram Login token from the request (`access_token` parameter or a bearer header),
 * or the Graph error to answer. Error bodies on graph.instagram.com are assumed to be Graph's
 * (`{"error":{…}}`): Meta's notes show no other shape there.
 */
export function authenticateInstagram(
  ig: InstagramLoginState,
  clock: Clock,
  request: Request,
): { token: string; scopes: string[]; kind: "short" | "long"; issuedAt: number } | Response {
  const header = request.headers.get("authorization");
  const fromHeader = header ? /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header)?.[1] : undefined;
  const token = fromHeader ?? new URL(request.url).searchParams.get("access_token") ?? "";
  if (!token) {
    return graphError(
      400,
      2500,
      "An active access token must be used to query information about the current user.",
      {
        type: "OAuthException",
      },
    );
  }
  const issued = ig.tokens.get(token);
  if (!issued) return invalidToken();
  const revokedWith = ig.revoked.get(token);
  if (revokedWith !== undefined) return invalidToken(revokedWith);
  if (issued.expiresAt <= clock.now()) return invalidToken(463);
  return { token, scopes: issued.scopes, kind: issued.kind, issuedAt: issued.issuedAt };
}

/** `GET /access_token?grant_type=ig_exchange_token` on graph.instagram.com: short → long-lived. */
export function instagramLongLived(state: MetaState, request: Request): Response {
  const ig = state.instagram;
  const params = new URL(request.url).searchParams;
  if (params.get("grant_type") !== "ig_exchange_token") {
    return graphError(400, 100, "(#100) Invalid grant_type: expected ig_exchange_token", {
      type: "OAuthException",
    });
  }
  if (params.get("client_secret") !== ig.appSecret) {
    return graphError(400, 101, "Error validating client secret.", { type: "OAuthException" });
  }
  const auth = authenticateInstagram(ig, state.clock, request);
  if (auth instanceof Response) return auth;
  const token = issueInstagramToken(ig, state.clock, {
    kind: "long",
    scopes: auth.scopes,
    lifetimeS: IG_LONG_LIVED_S,
  });
  return Response.json({ access_token: token, token_type: "bearer", expires_in: IG_LONG_LIVED_S });
}

/**
 * `GET /refresh_access_token?grant_type=ig_refresh_token` on graph.instagram.com: a long-lived
 * token at least 24 hours old and unexpired, with `instagram_business_basic`, for one valid 60
 * days. Refusals are Graph error bodies, as public clients report for this endpoint
 * (https://github.com/stevenschobert/instafeed.js/issues/654); their codes and text for the
 * 24-hour rule are the emulator's choice. So are a new token string (some clients report Meta
 * answering the same one with a new expiry) and the old token working on until its own expiry.
 */
export function instagramRefresh(state: MetaState, request: Request): Response {
  const ig = state.instagram;
  const params = new URL(request.url).searchParams;
  if (params.get("grant_type") !== "ig_refresh_token") {
    return graphError(400, 100, "(#100) Invalid grant_type: expected ig_refresh_token", {
      type: "OAuthException",
    });
  }
  const auth = authenticateInstagram(ig, state.clock, request);
  if (auth instanceof Response) return auth;
  if (auth.kind !== "long") {
    return graphError(400, 100, "(#100) Only long-lived access tokens can be refreshed", {
      type: "OAuthException",
    });
  }
  if (state.clock.now() - auth.issuedAt < DAY_MS) {
    return graphError(400, 100, "(#100) The access token must be at least 24 hours old to be refreshed", {
      type: "OAuthException",
    });
  }
  if (!auth.scopes.includes("instagram_business_basic")) return missingPermission("instagram_business_basic");
  const token = issueInstagramToken(ig, state.clock, {
    kind: "long",
    scopes: auth.scopes,
    lifetimeS: IG_LONG_LIVED_S,
  });
  return Response.json({ access_token: token, token_type: "bearer", expires_in: IG_LONG_LIVED_S });
}
