// Login Kit v2: the authorization page, the token endpoint (code and refresh grants) and revoke.
import { createHash } from "node:crypto";
import { consent } from "../harness/consent.js";
import type { EmulatorContext } from "../harness/emulator.js";
import { repeatedParameter } from "../harness/params.js";
import { mintSecret } from "../harness/secrets.js";
import type { TikTokContext } from "./context.js";
import { authorizeErrorPage, json, methodNotAllowed, oauthError } from "./errors.js";
import { BASE64URL_CHALLENGE, HEX_CHALLENGE, TIKTOK_EMULATOR_SCOPES, VERIFIER } from "./rules.js";
import { issueTokens } from "./state.js";

export async function authorize(
  ctx: TikTokContext,
  request: Request,
  context: EmulatorContext,
): Promise<Response> {
  const { options, clock } = ctx;
  if (request.method !== "GET" && request.method !== "POST") return methodNotAllowed();
  const params = new URL(request.url).searchParams;
  const problem = authorizeProblem(ctx, params);
  if (problem) return authorizeErrorPage(problem);
  const requested = (params.get("scope") ?? "").split(",");
  const granted = (options.grant ?? ((scopes) => [...scopes]))(requested).filter((scope) =>
    requested.includes(scope),
  );
  const redirectUri = params.get("redirect_uri")!;
  const state = params.get("state")!;
  // Whoever is signed in when the page is opened is the user who authorizes.
  const account = ctx.state.signedIn;
  return consent(request, context, {
    mode: options.consent ?? "approve",
    platform: "TikTok",
    appName: options.appName ?? "postkit test app",
    scopes: requested,
    approve: () => {
      const code = mintCode(ctx);
      ctx.state.codes.set(code, {
        account,
        scopes: granted,
        redirectUri,
        challenge: params.get("code_challenge")!,
        expiresAt: clock.now() + (options.codeTtlSec ?? 600) * 1000,
        used: false,
      });
      return withQuery(redirectUri, { code, scopes: granted.join(","), state });
    },
    deny: () =>
      withQuery(redirectUri, {
        error: "access_denied",
        error_description: "The user denied the request",
        state,
      }),
  });
}

/**
 * An authorization code. TikTok says the code "should be URL decoded" before the exchange
 * (https://developers.tiktok.com/doc/oauth-user-access-token-management), so by default the
 * emulator's codes end in `*0!1`: `!` is percent-encoded in the redirect, and an app
 * that forgets to decode sends `%21`, which does not match. The exact characters of TikTok's codes
 * are UNCONFIRMED (the emulator's choice; `codeNeedsDecoding: false` mints URL-safe codes).
 */
function mintCode(ctx: TikTokContext): string {
  const code = mintSecret("code-");
  return ctx.options.codeNeedsDecoding === false ? code : `${code}*0!1`;
}

function authorizeProblem(ctx: TikTokContext, params: URLSearchParams): string | undefined {
  const { options } = ctx;
  const { clientKey, redirectUris } = ctx.settings;
  const repeated = repeatedParameter(params);
  // UNCONFIRMED: TikTok's answer to a repeated parameter; its error page, like other bad requests.
  if (repeated) return `${repeated}: must not appear more than once`;
  if (params.has("client_id") && !params.has("client_key")) {
    return "client_key: TikTok needs `client_key`, not `client_id`";
  }
  if (params.get("client_key") !== clientKey) return "client_key: unknown client_key";
  if (params.get("response_type") !== "code") return "response_type: must be `code`";
  const redirectUri = params.get("redirect_uri");
  if (!redirectUri || !redirectUris.includes(redirectUri)) return "redirect_uri: not registered for this app";
  const scope = params.get("scope");
  if (!scope) return "scope: required";
  if (/\s/.test(scope)) return "scope: scopes must be comma-separated";
  const unknown = scope
    .split(",")
    .filter((item) => !(TIKTOK_EMULATOR_SCOPES as readonly string[]).includes(item));
  if (unknown.length) return `scope: unknown scope ${unknown.join(",")}`;
  if (!params.get("state")) return "state: required";
  const challenge = params.get("code_challenge") ?? "";
  const accepted =
    HEX_CHALLENGE.test(challenge) ||
    (options.pkce === "hex-or-base64url" && BASE64URL_CHALLENGE.test(challenge));
  if (!accepted) return "code_challenge";
  if (params.get("code_challenge_method") !== "S256") return "code_challenge_method: must be S256";
  const disable = params.get("disable_auto_auth");
  if (disable !== null && disable !== "0" && disable !== "1") return "disable_auto_auth: must be 0 or 1";
  return undefined;
}

export async function token(ctx: TikTokContext, request: Request): Promise<Response> {
  const { options, clock } = ctx;
  const { clientKey, clientSecret } = ctx.settings;
  const { codes, accessTokens, refreshTokens } = ctx.state;
  if (request.method !== "POST") return methodNotAllowed();
  if (!(request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    return oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
  }
  const form = new URLSearchParams(await request.text());
  const repeated = repeatedParameter(form);
  if (repeated) return repeatedError(repeated);
  if (form.get("client_key") !== clientKey || form.get("client_secret") !== clientSecret) {
    return oauthError(401, "invalid_client", "Client key or secret is invalid.");
  }
  const grantType = form.get("grant_type");
  const now = clock.now();
  if (grantType === "authorization_code") {
    const code = form.get("code") ?? "";
    const record = codes.get(code);
    if (!record || record.used || record.expiresAt <= now) {
      return oauthError(400, "invalid_grant", "Authorization code is expired or invalid.");
    }
    if (form.get("redirect_uri") !== record.redirectUri) {
      return oauthError(
        400,
        "invalid_grant",
        "Redirect_uri is not matched with the uri when requesting code.",
      );
    }
    const verifier = form.get("code_verifier") ?? "";
    if (!VERIFIER.test(verifier) || !challengeMatches(verifier, record.challenge)) {
      return oauthError(400, "invalid_request", "Code verifier or code challenge is invalid.");
    }
    record.used = true;
    return json(200, issueTokens(ctx, record.scopes, { account: record.account }));
  }
  if (grantType === "refresh_token") {
    const presented = form.get("refresh_token") ?? "";
    const record = refreshTokens.get(presented);
    if (!record || record.revoked || record.expiresAt <= now) {
      return oauthError(400, "invalid_grant", "Refresh token is invalid or expired.");
    }
    const accessTtl = options.accessTokenTtlSec ?? 86_400;
    const access = mintSecret("act.");
    accessTokens.set(access, { ...record, expiresAt: now + accessTtl * 1000, revoked: false });
    let refresh = presented;
    if (options.rotateRefreshTokens ?? true) {
      record.revoked = true;
      refresh = mintSecret("rft.");
      // The 365 days count from the first issuance (whether a refresh extends them is UNCONFIRMED).
      refreshTokens.set(refresh, { ...record, revoked: false });
    }
    return json(200, {
      access_token: access,
      expires_in: accessTtl,
      open_id: record.account.user.open_id,
      refresh_expires_in: Math.max(0, Math.floor((record.expiresAt - now) / 1000)),
      refresh_token: refresh,
      scope: record.scopes.join(","),
      token_type: "Bearer",
    });
  }
  return oauthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
}

export async function revoke(ctx: TikTokContext, request: Request): Promise<Response> {
  const { clientKey, clientSecret } = ctx.settings;
  const { accessTokens, refreshTokens } = ctx.state;
  if (request.method !== "POST") return methodNotAllowed();
  const form = new URLSearchParams(await request.text());
  const repeated = repeatedParameter(form);
  if (repeated) return repeatedError(repeated);
  if (form.get("client_key") !== clientKey || form.get("client_secret") !== clientSecret) {
    return oauthError(401, "invalid_client", "Client key or secret is invalid.");
  }
  const record = accessTokens.get(form.get("token") ?? "");
  // UNCONFIRMED: the error TikTok gives for an unknown token (the spec documents only success).
  if (!record) return oauthError(400, "invalid_request", "Token is invalid.");
  record.revoked = true;
  for (const refresh of refreshTokens.values())
    if (refresh.account === record.account) refresh.revoked = true;
  return new Response(null, { status: 200 });
}

/** RFC 6749 §3.2; TikTok's status for it is UNCONFIRMED (400 `invalid_request`, the emulator's choice). */
function repeatedError(name: string): Response {
  return oauthError(400, "invalid_request", `The parameter ${name} must not appear more than once.`);
}

function challengeMatches(verifier: string, challenge: string): boolean {
  const digest = createHash("sha256").update(verifier).digest();
  return digest.toString("hex") === challenge || digest.toString("base64url") === challenge;
}

function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
