import * as z from "zod/mini";
import type { ScopeStyle } from "../oauth/scopes.js";
import { parseResponse } from "../validation/parse.js";

/**
 * The tokens of one connected account. A plain, JSON-serializable object: store it as it is
 * (encrypted at rest) and load it back with {@link parseTokenSet}.
 *
 * @group Tokens
 */
export interface TokenSet {
  /** The bearer token for API calls. A secret: never log it. */
  accessToken: string;
  /** As the provider wrote it, usually `Bearer`. */
  tokenType: string;
  /** Absent when the provider issued none; a refresh never replaces a stored one with nothing. */
  refreshToken?: string | undefined;
  /** When the access token expires, in epoch milliseconds, computed from `expires_in`. */
  expiresAt?: number | undefined;
  /** When the refresh token expires (TikTok `refresh_expires_in`), in epoch milliseconds. */
  refreshTokenExpiresAt?: number | undefined;
  /** The scopes the provider says it granted (which may be fewer than requested). */
  scopes: string[];
  /** The token response as received, for provider extras (TikTok `open_id`, Google `id_token`). */
  raw: Record<string, unknown>;
}

/** The longest lifetime taken as sane: ten years, in seconds. */
const MAX_LIFETIME_S = 10 * 365 * 24 * 60 * 60;

const lifetime = (value: number) => Number.isFinite(value) && value > 0 && value <= MAX_LIFETIME_S;
// A lifetime in seconds, as a number or a string of digits (some providers quote it): positive,
// finite and at most ten years, so an absurd answer (negative, 1e300) cannot become the expiry.
const seconds = z.union([
  z.number().check(z.refine(lifetime, "must be a positive number of seconds, at most ten years")),
  z.string().check(
    z.regex(/^\d+$/),
    z.refine((value) => lifetime(Number(value)), "must be a positive number of seconds, at most ten years"),
  ),
]);

/** A token endpoint's success body (RFC 6749 §5.1), with sane lifetimes. @internal */
export const tokenResponse = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.optional(z.string()),
  refresh_token: z.optional(z.string()),
  expires_in: z.optional(seconds),
  refresh_expires_in: z.optional(seconds),
  refresh_token_expires_in: z.optional(seconds),
  scope: z.optional(z.string()),
});

/** @group Tokens */
export interface TokenResponseOptions {
  /** How the provider writes the `scope` field. */
  scopeStyle: ScopeStyle;
  /** The set being refreshed: its refresh token and scopes carry over when the response omits them. */
  previous?: TokenSet | undefined;
  /** Scopes assumed granted when neither the response nor `previous` says. */
  requestedScopes?: readonly string[] | undefined;
  /** Clock, for tests. @default Date.now */
  now?: (() => number) | undefined;
  /** Names the response in messages. @default "token" */
  what?: string | undefined;
}

/**
 * Turns a token endpoint response into a {@link TokenSet}: expiry from `expires_in` (never a
 * hard-coded lifetime), scopes parsed with the provider's style, the previous refresh token kept
 * when the provider did not send a new one. Throws a `ResponseShapeError` for a malformed response.
 *
 * @group Tokens
 * @throws {@link ResponseShapeError} when the token response lacks an access token or has an implausible `expires_in`.
 */
export function tokenSetFromResponse(body: unknown, options: TokenResponseOptions): TokenSet {
  const data = parseResponse(tokenResponse, body, {
    what: options.what ?? "token",
    secrets: [options.previous?.accessToken, options.previous?.refreshToken].filter(
      (secret): secret is string => typeof secret === "string" && secret !== "",
    ),
  });
  const now = (options.now ?? Date.now)();
  const at = (value: number | string | undefined) =>
    value === undefined ? undefined : now + Number(value) * 1000;
  const granted =
    data.scope !== undefined
      ? options.scopeStyle.parse(data.scope)
      : (options.previous?.scopes ?? [...(options.requestedScopes ?? [])]);
  const refreshToken = data.refresh_token ? data.refresh_token : options.previous?.refreshToken;
  const refreshTokenExpiresAt = data.refresh_token
    ? at(data.refresh_expires_in ?? data.refresh_token_expires_in)
    : options.previous?.refreshTokenExpiresAt;
  return {
    accessToken: data.access_token,
    tokenType: data.token_type ?? "Bearer",
    refreshToken,
    expiresAt: at(data.expires_in),
    refreshTokenExpiresAt,
    scopes: granted,
    raw: data,
  };
}

const storedTokenSet = z.object({
  accessToken: z.string().check(z.minLength(1)),
  tokenType: z.string(),
  refreshToken: z.optional(z.string()),
  expiresAt: z.optional(z.number()),
  refreshTokenExpiresAt: z.optional(z.number()),
  scopes: z.array(z.string()),
  raw: z.record(z.string(), z.unknown()),
});

/**
 * Validates a token set loaded from storage (the output of `JSON.parse(JSON.stringify(tokens))`).
 * @group Tokens
 * @throws {@link ResponseShapeError} when `value` is not a token set.
 */
export function parseTokenSet(value: unknown): TokenSet {
  return parseResponse(storedTokenSet, value, { what: "stored token set" });
}

/**
 * Whether the access token expires within `marginMs` (default 60 s). A token without a known
 * expiry is treated as valid.
 * @group Tokens
 */
export function isTokenExpired(tokens: TokenSet, options: { marginMs?: number; now?: number } = {}): boolean {
  if (tokens.expiresAt === undefined) return false;
  return tokens.expiresAt - (options.marginMs ?? 60_000) <= (options.now ?? Date.now());
}
