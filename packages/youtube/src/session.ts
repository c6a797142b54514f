// The login session `createAuthorizationUrl` hands out and `connect` checks.
// TODO: use core's checkLoginSession (and createLoginSession) once core has them.
import { ErrorCode, type LoginSession, OAuthError } from "@postkit/core";

/** How long a login may take by default: 10 minutes. */
export const DEFAULT_SESSION_TTL_MS = 600_000;

/** @internal A new YouTube login session. */
export function createYouTubeLoginSession(
  fields: { state: string; codeVerifier: string | undefined; redirectUri: string; scopes: readonly string[] },
  ttlMs: number | undefined,
  now: number,
): LoginSession {
  return {
    v: 1,
    platform: "youtube",
    state: fields.state,
    codeVerifier: fields.codeVerifier,
    redirectUri: fields.redirectUri,
    scopes: [...fields.scopes],
    createdAt: now,
    expiresAt: now + (ttlMs ?? DEFAULT_SESSION_TTL_MS),
  };
}

/**
 * @internal The session, if it is a current YouTube login session; otherwise an `OAuthError`
 * (`OAUTH_SESSION_INVALID`) before anything is sent, whatever the value is (never a TypeError).
 */
export function checkYouTubeLoginSession(session: unknown, now: number): LoginSession {
  const problem = sessionProblem(session, now);
  if (problem) {
    throw new OAuthError(`youtube: the login session ${problem}.`, {
      code: ErrorCode.OAUTH_SESSION_INVALID,
      error: "invalid_session",
      hint: "Start the login again with createAuthorizationUrl and keep its session until the callback.",
    });
  }
  return session as LoginSession;
}

function sessionProblem(session: unknown, now: number): string | undefined {
  if (session === undefined || session === null) return "is missing";
  if (typeof session !== "object") return "is not a login session";
  const s = session as Partial<Record<keyof LoginSession, unknown>>;
  if (s.v !== 1) return "has an unknown format";
  if (s.platform !== "youtube") return "belongs to another platform";
  if (typeof s.state !== "string" || s.state === "") return "has no state";
  if (typeof s.redirectUri !== "string" || s.redirectUri === "") return "has no redirect URI";
  if (s.codeVerifier !== undefined && typeof s.codeVerifier !== "string") return "has a malformed verifier";
  if (!Array.isArray(s.scopes) || !s.scopes.every((scope) => typeof scope === "string")) {
    return "has malformed scopes";
  }
  if (typeof s.createdAt !== "number" || typeof s.expiresAt !== "number") return "has no lifetime";
  if (!(s.expiresAt > now)) return "has expired";
  return undefined;
}
