// `GET /{version}/debug_token?input_token=…&access_token={app-id}|{app-secret}`: what a token is.
// https://developers.facebook.com/docs/graph-api/reference/debug_token
import { graphError } from "../errors.js";
import type { MetaState } from "../state.js";

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * `data: {app_id, type, application, expires_at, is_valid, issued_at, scopes, user_id,
 * data_access_expires_at}`. An unknown, revoked or expired input token answers `is_valid: false`
 * with what the emulator knows of it; the `error` object Meta adds then is not in postkit's notes,
 * so the emulator leaves it out. `expires_at` is 0 for a token that does not expire.
 */
export function debugToken(
  state: MetaState,
  request: Request,
  revoked: ReadonlyMap<string, number>,
): Response {
  const params = new URL(request.url).searchParams;
  if (params.get("access_token") !== `${state.clientId}|${state.clientSecret}`) {
    // The app access token is the only one the emulator accepts here; its error text is the emulator's.
    return graphError(400, 190, "Invalid OAuth access token signature.", { type: "OAuthException" });
  }
  const input = params.get("input_token");
  if (!input) return graphError(400, 100, "(#100) The parameter input_token is required");
  const issued = state.tokens.get(input);
  if (!issued) return Response.json({ data: { is_valid: false, scopes: [] } });
  const now = state.clock.now();
  const live = !revoked.has(input) && (issued.expiresAt === undefined || issued.expiresAt > now);
  const issuedAt = issued.issuedAt ?? now;
  return Response.json({
    data: {
      app_id: state.clientId,
      type: issued.kind === "page" ? "PAGE" : "USER",
      application: "postkit emulator app",
      data_access_expires_at: seconds(issuedAt + 90 * 24 * 3600 * 1000),
      expires_at: issued.expiresAt === undefined ? 0 : seconds(issued.expiresAt),
      is_valid: live,
      issued_at: seconds(issuedAt),
      scopes: issued.scopes.filter((scope) => !state.declined.has(scope)),
      user_id: state.userId,
    },
  });
}
