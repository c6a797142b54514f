import * as z from "zod/mini";
import type { PlatformId } from "../contract/account.js";
import { ErrorCode } from "../errors/codes.js";
import { OAuthError } from "../errors/oauth-error.js";
import { ValidationError } from "../errors/validation-error.js";

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

/** @group OAuth */
export interface CreateLoginSessionOptions {
  /** The platform the login is for. */
  platform: PlatformId;
  /** The CSRF state sent in the authorization URL. */
  state: string;
  /** The PKCE verifier, when the platform uses PKCE. */
  codeVerifier?: string | undefined;
  /** The redirect URI the authorization URL named. */
  redirectUri: string;
  /** The scopes requested. */
  scopes: readonly string[];
  /** How long the user may take to come back. @default 600000 (10 minutes) */
  ttlMs?: number | undefined;
  /** Clock, for tests. @default Date.now */
  now?: (() => number) | undefined;
}

/** @group OAuth */
export interface CheckLoginSessionOptions {
  /** The platform whose callback is being handled: a session of another platform is refused. */
  platform: PlatformId;
  /** Clock, for tests. @default Date.now */
  now?: (() => number) | undefined;
}

const DEFAULT_TTL_MS = 10 * 60 * 1000;

// Built once: the schema is the same for every session.
const loginSessionSchema = z.object({
  v: z.literal(1),
  platform: z.string().check(z.minLength(1)),
  state: z.string().check(z.minLength(1)),
  codeVerifier: z.optional(z.string().check(z.minLength(1))),
  redirectUri: z.string().check(z.minLength(1)),
  scopes: z.array(z.string()),
  createdAt: z.number().check(z.int()),
  expiresAt: z.number().check(z.int()),
});

/**
 * A new {@link LoginSession}, valid for `ttlMs`. Throws a `ValidationError` for an empty state,
 * a redirect URI that is not an absolute URL or a TTL that is not a positive number.
 * @group OAuth
 * @throws {@link ValidationError} when the options are invalid.
 */
export function createLoginSession(options: CreateLoginSessionOptions): LoginSession {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  if (!options.state || !URL.canParse(options.redirectUri) || !(ttlMs > 0) || !Number.isFinite(ttlMs)) {
    throw new ValidationError("A login session needs a state, an absolute redirect URI and a positive TTL.");
  }
  const createdAt = Math.floor((options.now ?? Date.now)());
  const session: LoginSession = {
    v: 1,
    platform: options.platform,
    state: options.state,
    redirectUri: options.redirectUri,
    scopes: [...options.scopes],
    createdAt,
    expiresAt: createdAt + Math.ceil(ttlMs),
  };
  if (options.codeVerifier !== undefined) session.codeVerifier = options.codeVerifier;
  return session;
}

/**
 * The login session, checked: its shape, its platform and its expiry. Anything else (missing,
 * malformed, another platform's, expired) is an `OAuthError` with code `OAUTH_SESSION_INVALID`,
 * never a `TypeError`; the message never repeats the session's content.
 * @group OAuth
 * @throws {@link OAuthError} (`OAUTH_SESSION_INVALID`) when the session is missing, malformed, expired or of another platform.
 */
export function checkLoginSession(session: unknown, options: CheckLoginSessionOptions): LoginSession {
  const checked = parseLoginSession(session, options.now);
  if (checked.platform !== options.platform) {
    throw sessionInvalid(`The login session is for ${checked.platform}, not ${options.platform}.`);
  }
  return checked;
}

/** Shape and expiry, whatever the platform. @internal */
export function parseLoginSession(session: unknown, now: (() => number) | undefined): LoginSession {
  if (session === undefined || session === null) throw sessionInvalid("The login session is missing.");
  const result = z.safeParse(loginSessionSchema, session);
  // The issues are left out: they could quote the session's secrets (the PKCE verifier).
  if (!result.success) throw sessionInvalid("The login session is malformed.");
  if (result.data.expiresAt <= (now ?? Date.now)()) throw sessionInvalid("The login session expired.");
  const checked: LoginSession = { ...result.data, v: 1 };
  if (checked.codeVerifier === undefined) delete checked.codeVerifier;
  return checked;
}

/** The one error every unusable login session becomes. @internal */
export function sessionInvalid(message: string): OAuthError {
  return new OAuthError(message, {
    code: ErrorCode.OAUTH_SESSION_INVALID,
    error: "invalid_session",
    hint: "Start the login again with createAuthorizationUrl and keep its session until the callback.",
  });
}
