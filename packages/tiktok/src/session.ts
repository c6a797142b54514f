// Internal: the login session `connect` is given, checked before anything else.
// TODO: use core's checkLoginSession once it lands.
import { ErrorCode, type LoginSession, OAuthError } from "@postkit/core";

export function checkTikTokSession(
  session: LoginSession | undefined,
  now: number,
): LoginSession & { codeVerifier: string } {
  const fail = (why: string) =>
    new OAuthError(`tiktok: the login session ${why}.`, {
      code: ErrorCode.OAUTH_SESSION_INVALID,
      error: "invalid_session",
      hint: "Start the login again with createAuthorizationUrl.",
    });
  if (!session || typeof session !== "object") throw fail("is missing");
  if (session.platform !== "tiktok") throw fail("belongs to another platform");
  if (typeof session.state !== "string" || typeof session.codeVerifier !== "string")
    throw fail("is malformed");
  if (!(session.expiresAt > now)) throw fail("has expired");
  return session as LoginSession & { codeVerifier: string };
}
