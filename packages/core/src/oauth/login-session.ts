import type { PlatformId } from "../contract/account.js";

/**
 * Everything the callback needs from the login that sent the user away: created by
 * `createAuthorizationUrl`, kept until the user comes back (a server-side session, or a sealed
 * cookie from `sealLoginSession`), and passed to `connect`. Plain JSON.
 *
 * @group OAuth
 */
export interface LoginSession {
  /** The format version. */
  v: 1;
  /** The platform the login is for. */
  platform: PlatformId;
  /** The CSRF state sent in the authorization URL. */
  state: string;
  /** The PKCE verifier, when the platform uses PKCE. A secret. */
  codeVerifier?: string | undefined;
  /** The redirect URI the authorization URL named; the code exchange must use the same. */
  redirectUri: string;
  /** The scopes requested (the user may grant fewer). */
  scopes: string[];
  /** When the session was created, epoch milliseconds. */
  createdAt: number;
  /** When the session stops being accepted, epoch milliseconds. */
  expiresAt: number;
}
