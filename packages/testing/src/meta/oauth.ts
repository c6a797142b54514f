// Facebook Login: the dialog, the code exchange, the long-lived exchange and /me/permissions.
// https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow ,
// https://developers.facebook.com/documentation/facebook-login/guides/access-tokens/get-long-lived .
import { consent } from "../harness/consent.js";
import type { EmulatorContext } from "../harness/emulator.js";
import { mintSecret } from "../harness/secrets.js";
import { graphError, invalidParameter, invalidToken } from "./errors.js";
import { issueToken, type MetaState } from "./state.js";

const SHORT_LIVED_S = 3600;
/** Meta's sample `expires_in` of a long-lived user token (about 60 days). */
export const LONG_LIVED_S = 5_183_944;
const CODE_TTL_MS = 10 * 60 * 1000;

/** `GET /{version}/dialog/oauth`. */
export function dialog(state: MetaState, request: Request, context: EmulatorContext): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const redirectUri = params.get("redirect_uri") ?? "";
  if (params.get("client_id") !== state.clientId) {
    return Promise.resolve(new Response("Invalid App ID", { status: 400 }));
  }
  if (!state.redirectUris.includes(redirectUri)) {
    return Promise.resolve(new Response("URL blocked: redirect_uri is not whitelisted", { status: 400 }));
  }
  const requested = (params.get("scope") ?? "").split(",").filter(Boolean);
  // Facebook Login for Business: config_id replaces scope (the configuration holds the permissions).
  const scopes = params.get("config_id") && requested.length === 0 ? ["pages_show_list"] : requested;
  const back = (extra: Record<string, string>) => {
    const url = new URL(redirectUri);
    for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
    const stateParam = params.get("state");
    if (stateParam !== null) url.searchParams.set("state", stateParam);
    return url.toString();
  };
  return consent(request, context, {
    mode: state.consent,
    platform: "Facebook",
    appName: state.clientId,
    scopes,
    approve: () => {
      const code = mintSecret("AQ");
      const granted = ["public_profile", ...scopes.filter((scope) => scope !== "public_profile")];
      state.codes.set(code, { scopes: granted, redirectUri, expiresAt: state.clock.now() + CODE_TTL_MS });
      return back({ code });
    },
    deny: () =>
      back({ error: "access_denied", error_reason: "user_denied", error_description: "Permissions error" }),
  });
}

/** `GET /{version}/oauth/access_token`: the code exchange and `grant_type=fb_exchange_token`. */
export function accessToken(state: MetaState, request: Request): Response {
  const params = new URL(request.url).searchParams;
  if (params.get("client_id") !== state.clientId || params.get("client_secret") !== state.clientSecret) {
    return graphError(400, 101, "Error validating client secret.", { type: "OAuthException" });
  }
  if (params.get("grant_type") === "fb_exchange_token") {
    const short = state.tokens.get(params.get("fb_exchange_token") ?? "");
    if (short?.kind !== "user") return invalidToken();
    if (short.expiresAt !== undefined && short.expiresAt <= state.clock.now()) return invalidToken(463);
    const token = issueToken(state, {
      kind: "user",
      scopes: short.scopes,
      expiresAt: state.clock.now() + LONG_LIVED_S * 1000,
    });
    return Response.json({ access_token: token, token_type: "bearer", expires_in: LONG_LIVED_S });
  }
  const code = params.get("code") ?? "";
  const grant = state.codes.get(code);
  if (!grant || grant.expiresAt <= state.clock.now()) {
    return graphError(400, 100, "Invalid verification code format.", {
      type: "OAuthException",
      subcode: 36007,
    });
  }
  if (params.get("redirect_uri") !== grant.redirectUri) {
    return graphError(
      400,
      100,
      "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
      { type: "OAuthException", subcode: 36008 },
    );
  }
  state.codes.delete(code);
  const token = issueToken(state, {
    kind: "user",
    scopes: grant.scopes,
    expiresAt: state.clock.now() + SHORT_LIVED_S * 1000,
  });
  return Response.json({ access_token: token, token_type: "bearer", expires_in: SHORT_LIVED_S });
}

/** `GET /{version}/me/permissions`: every requested permission, granted or declined. */
export function permissions(state: MetaState, scopes: readonly string[]): Response {
  const data = scopes.map((permission) => ({
    permission,
    status: state.declined.has(permission) ? "declined" : "granted",
  }));
  return Response.json({ data });
}

/** Whether `tokens`' scopes, minus the declined ones, include `permission`. */
export function grants(state: MetaState, scopes: readonly string[], permission: string): boolean {
  return scopes.includes(permission) && !state.declined.has(permission);
}

export { invalidParameter };
