// Google OAuth 2.0: the authorization page (auth role), the token endpoint (code and refresh
// grants) and revoke (oauth role).
import { createHash } from "node:crypto";
import { consent } from "../harness/consent.js";
import type { EmulatorContext } from "../harness/emulator.js";
import { repeatedParameter } from "../harness/params.js";
import { mintSecret } from "../harness/secrets.js";
import type { YouTubeContext } from "./context.js";
import { errorPage, oauthError } from "./errors.js";
import type { YouTubeEmulatorClient } from "./options.js";
import { KNOWN_SCOPES } from "./rules.js";
import { type AuthCode, issue, newGrant } from "./state.js";

export async function authorize(
  ctx: YouTubeContext,
  request: Request,
  context: EmulatorContext,
): Promise<Response> {
  const { options, clock } = ctx;
  const { clients } = ctx.settings;
  const { codes, consentedBefore } = ctx.state;
  const url = new URL(request.url);
  const q = url.searchParams;
  const repeated = repeatedParameter(q);
  // RFC 6749 §3.1; Google's exact answer is UNCONFIRMED (its error page, invalid_request).
  if (repeated) return errorPage(400, "invalid_request", `The parameter ${repeated} appears more than once.`);
  const client = clients.get(q.get("client_id") ?? "");
  // Google shows these errors on its own page instead of redirecting (https://developers.google.com/identity/protocols/oauth2/web-server).
  if (!client) return errorPage(401, "invalid_client", "The OAuth client was not found.");
  const redirectUri = q.get("redirect_uri") ?? "";
  if (!client.redirectUris.includes(redirectUri)) {
    return errorPage(
      400,
      "redirect_uri_mismatch",
      "The redirect URI does not match a registered one exactly.",
    );
  }
  if (q.get("response_type") !== "code")
    return errorPage(400, "invalid_request", "response_type must be code.");
  const scopeParam = q.get("scope") ?? "";
  if (scopeParam.includes(",")) {
    return errorPage(400, "invalid_scope", "Scopes are space-delimited; this request used commas.");
  }
  const requested = scopeParam.split(" ").filter(Boolean);
  if (requested.length === 0) return errorPage(400, "invalid_request", "Missing required parameter: scope.");
  const unknown = requested.filter((scope) => !KNOWN_SCOPES.has(scope));
  if (unknown.length > 0) return errorPage(400, "invalid_scope", `Unknown scope: ${unknown.join(" ")}`);
  const challenge = q.get("code_challenge") ?? undefined;
  const pkce = checkPkce(challenge, q.get("code_challenge_method"), options.requirePkceS256 === true);
  if (pkce instanceof Response) return pkce;
  const accessType = q.get("access_type") ?? "online";
  if (accessType !== "online" && accessType !== "offline") {
    return errorPage(400, "invalid_request", "access_type must be online or offline.");
  }
  const prompt = (q.get("prompt") ?? "").split(" ").filter(Boolean);
  if (prompt.some((value) => !["none", "consent", "select_account"].includes(value))) {
    return errorPage(
      400,
      "invalid_request",
      "prompt must be none, consent or select_account (case-sensitive).",
    );
  }
  const state = q.get("state") ?? undefined;
  const previous = consentedBefore.get(client.clientId);
  const callback = (params: Record<string, string | undefined>) => {
    const target = new URL(redirectUri);
    for (const [name, value] of Object.entries(params))
      if (value !== undefined) target.searchParams.set(name, value);
    return target.toString();
  };
  return consent(request, context, {
    mode: options.consent ?? "approve",
    platform: "Google (YouTube)",
    appName: client.clientId,
    scopes: requested,
    approve: () => {
      let granted = [...(options.grantScopes?.(requested) ?? requested)];
      if (q.get("include_granted_scopes") === "true" && previous)
        granted = [...new Set([...previous, ...granted])];
      // A refresh token only comes with offline access on a consent screen: the first
      // authorization of this client, or prompt=consent (https://developers.google.com/identity/protocols/oauth2/web-server).
      const firstTime = previous === undefined;
      consentedBefore.set(client.clientId, new Set([...(previous ?? []), ...granted]));
      const code = mintSecret("4/0");
      codes.set(code, {
        clientId: client.clientId,
        redirectUri,
        scopes: granted,
        challenge: pkce,
        offline: accessType === "offline",
        issueRefreshToken: accessType === "offline" && (firstTime || prompt.includes("consent")),
        expiresAt: clock.now() + 10 * 60_000,
        used: false,
      });
      return callback({ code, state, scope: granted.join(" ") });
    },
    deny: () => callback({ error: "access_denied", state }),
  });
}

function authenticateClient(
  ctx: YouTubeContext,
  request: Request,
  form: URLSearchParams,
): YouTubeEmulatorClient | Response {
  const { clients } = ctx.settings;
  let id = form.get("client_id");
  let secret = form.get("client_secret");
  const basic = /^Basic (.+)$/i.exec(request.headers.get("authorization") ?? "");
  if (basic) {
    const [user, pass] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":");
    id = decodeURIComponent(user ?? "");
    secret = decodeURIComponent(pass ?? "");
  }
  const client = clients.get(id ?? "");
  if (!client) return oauthError(401, "invalid_client", "The OAuth client was not found.");
  if (client.clientSecret !== secret) return oauthError(401, "invalid_client", "Unauthorized");
  return client;
}

export async function token(ctx: YouTubeContext, request: Request): Promise<Response> {
  const { clock } = ctx;
  const { codes, refreshTokens, stats } = ctx.state;
  if (request.method !== "POST") return oauthError(405, "invalid_request", "Use POST.");
  if (!(request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    return oauthError(400, "invalid_request", "The token endpoint takes application/x-www-form-urlencoded.");
  }
  const form = new URLSearchParams(await request.text());
  const repeated = repeatedParameter(form);
  if (repeated) return repeatedError(repeated);
  const client = authenticateClient(ctx, request, form);
  if (client instanceof Response) return client;
  const grantType = form.get("grant_type");
  if (grantType === "authorization_code") {
    const code = codes.get(form.get("code") ?? "");
    if (!code || code.used || code.expiresAt <= clock.now() || code.clientId !== client.clientId) {
      if (code) code.used = true;
      return oauthError(400, "invalid_grant", "Malformed auth code.");
    }
    code.used = true;
    if (form.get("redirect_uri") !== code.redirectUri) {
      return oauthError(400, "redirect_uri_mismatch", "Bad Request");
    }
    const verifier = form.get("code_verifier");
    if (code.challenge) {
      if (!verifier) return oauthError(400, "invalid_grant", "Missing code verifier.");
      const expected =
        code.challenge.method === "S256"
          ? createHash("sha256").update(verifier).digest("base64url")
          : verifier;
      if (expected !== code.challenge.value)
        return oauthError(400, "invalid_grant", "Invalid code verifier.");
    }
    const grant = newGrant(ctx, client.clientId, code.scopes, code.issueRefreshToken);
    return Response.json(issue(ctx, grant, true));
  }
  if (grantType === "refresh_token") {
    stats.refreshes += 1;
    const grant = refreshTokens.get(form.get("refresh_token") ?? "");
    if (
      !grant ||
      grant.revoked ||
      grant.clientId !== client.clientId ||
      (grant.refreshExpiresAt !== undefined && grant.refreshExpiresAt <= clock.now())
    ) {
      return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
    }
    // No new refresh token on refresh (https://developers.google.com/identity/protocols/oauth2/web-server).
    return Response.json(issue(ctx, grant, false));
  }
  return oauthError(400, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
}

export async function revoke(ctx: YouTubeContext, request: Request): Promise<Response> {
  const { refreshTokens, accessTokens, consentedBefore } = ctx.state;
  if (request.method !== "POST") return oauthError(405, "invalid_request", "Use POST.");
  const url = new URL(request.url);
  const form = new URLSearchParams(await request.text());
  const repeated = repeatedParameter(form) ?? repeatedParameter(url.searchParams);
  if (repeated) return repeatedError(repeated);
  const value = url.searchParams.get("token") ?? form.get("token") ?? "";
  const grant = refreshTokens.get(value) ?? accessTokens.get(value)?.grant;
  if (!grant || grant.revoked) return oauthError(400, "invalid_token", "Token expired or revoked");
  // Revoking either token removes the app's access: the refresh token too, every other token the
  // user granted this client, and the consent, so the next authorization asks again
  // (https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke).
  revokeClient(ctx, grant.clientId);
  consentedBefore.delete(grant.clientId);
  return Response.json({});
}

/** Ends every grant of `clientId` (or of every client), as revocation from either side does. */
export function revokeClient(ctx: YouTubeContext, clientId?: string): void {
  const { refreshTokens, accessTokens } = ctx.state;
  for (const grant of refreshTokens.values())
    if (clientId === undefined || grant.clientId === clientId) grant.revoked = true;
  for (const { grant } of accessTokens.values())
    if (clientId === undefined || grant.clientId === clientId) grant.revoked = true;
}

/**
 * `tokeninfo?access_token=…`: what an access token grants (https://developers.google.com/identity/sign-in/web/backend-auth#calling-the-tokeninfo-endpoint):
 * `azp` and `aud` (the client), `sub` (the account), `scope`, `exp` and `expires_in` (as strings)
 * and `access_type`. The emulated account has no e-mail, so `email` is never present. The answer
 * for an invalid token (400 `invalid_token`, "Invalid Value") and `id_token` lookups are
 * UNCONFIRMED; the emulator refuses the latter.
 */
export async function tokenInfo(ctx: YouTubeContext, request: Request): Promise<Response> {
  const { clock } = ctx;
  if (request.method !== "GET" && request.method !== "POST")
    return oauthError(405, "invalid_request", "Use GET or POST.");
  const url = new URL(request.url);
  const form = request.method === "POST" ? new URLSearchParams(await request.text()) : new URLSearchParams();
  const token = url.searchParams.get("access_token") ?? form.get("access_token");
  const entry = token === null ? undefined : ctx.state.accessTokens.get(token);
  if (!entry || entry.grant.revoked || entry.expiresAt <= clock.now()) {
    return oauthError(400, "invalid_token", "Invalid Value");
  }
  const { grant } = entry;
  return Response.json({
    azp: grant.clientId,
    aud: grant.clientId,
    sub: ctx.state.userId,
    scope: grant.scopes.join(" "),
    exp: String(Math.floor(entry.expiresAt / 1000)),
    expires_in: String(Math.max(0, Math.floor((entry.expiresAt - clock.now()) / 1000))),
    access_type: grant.refreshToken ? "offline" : "online",
  });
}

/** RFC 6749 §3.2; Google's answer is UNCONFIRMED (400 `invalid_request`, the emulator's choice). */
function repeatedError(name: string): Response {
  return oauthError(400, "invalid_request", `The parameter ${name} appears more than once.`);
}

/**
 * The PKCE parameters of an authorization request: `S256` or `plain`, `plain` when the method is
 * omitted (https://developers.google.com/identity/protocols/oauth2/web-server, RFC 7636). Google's answer to a malformed challenge, and to a method without
 * a challenge (ignored here), is UNCONFIRMED; `invalid_request` on its error page.
 */
function checkPkce(
  challenge: string | undefined,
  method: string | null,
  requireS256: boolean,
): AuthCode["challenge"] | Response {
  const required = "PKCE required: code_challenge (base64url SHA-256) with method S256.";
  if (challenge === undefined) return requireS256 ? errorPage(400, "invalid_request", required) : undefined;
  const kind = method ?? "plain";
  if (kind === "S256") {
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return errorPage(400, "invalid_request", "code_challenge must be a base64url SHA-256 (43 characters).");
    }
    return { value: challenge, method: "S256" };
  }
  if (kind === "plain") {
    if (requireS256) return errorPage(400, "invalid_request", required);
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(challenge)) {
      return errorPage(
        400,
        "invalid_request",
        "code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~.",
      );
    }
    return { value: challenge, method: "plain" };
  }
  return errorPage(400, "invalid_request", "code_challenge_method must be S256 or plain.");
}
