// Instagram Login's long-lived tokens and when they may be renewed: Meta refreshes a token only
// when it is at least 24 hours old and not expired, for one valid 60 days from the refresh; a
// token left to expire cannot be refreshed
// (https://developers.facebook.com/documentation/instagram-platform/reference/refresh_access_token.md).
import { ErrorCode, OAuthError, type TokenSet, ValidationError } from "@postkit/core";

/** The youngest token Meta refreshes: 24 hours. @group Instagram Login */
export const INSTAGRAM_MIN_REFRESH_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * How long before expiry postkit renews a long-lived token on use, unless told otherwise: 30
 * days, half its 60-day life, so a grant used at least monthly never lapses and renews at most
 * once a month.
 * @group Instagram Login
 */
export const DEFAULT_INSTAGRAM_RENEW_WITHIN_MS = 30 * 24 * 60 * 60 * 1000;

/** What an Instagram Login token set carries in `raw` besides Meta's fields. @internal */
export interface InstagramTokenRaw {
  token_kind: "instagram_login";
  /** The Instagram user id (a string: Meta may send it as a number above 2^53). */
  user_id: string | undefined;
  /** When postkit received the token, epoch ms: the 24-hour rule counts from it. */
  issued_at: number;
}

/** The token set's marks with Meta's token fields, the token itself left out of `raw`. @internal */
export function markInstagramTokens(tokens: TokenSet, userId: string | undefined, now: number): TokenSet {
  const { access_token: _token, ...fields } = tokens.raw;
  const raw: InstagramTokenRaw = { token_kind: "instagram_login", user_id: userId, issued_at: now };
  return { ...tokens, raw: { ...fields, ...raw } };
}

/** When the token was issued, when its set says (sets from elsewhere may not). @internal */
export function issuedAtOf(tokens: TokenSet): number | undefined {
  const at = (tokens.raw as Partial<InstagramTokenRaw>).issued_at;
  return typeof at === "number" && Number.isFinite(at) ? at : undefined;
}

/**
 * Whether the credential source should renew now: expired (so the renewal refuses it at once,
 * with no request), or at least 24 hours old and within `renewWithinMs` of expiry. A token of
 * unknown age is taken as old enough (Meta refuses it if not).
 * @internal
 */
export function instagramNeedsRenewal(tokens: TokenSet, now: number, renewWithinMs: number): boolean {
  if (tokens.expiresAt === undefined) return false;
  if (tokens.expiresAt <= now) return true;
  const issuedAt = issuedAtOf(tokens);
  if (issuedAt !== undefined && now - issuedAt < INSTAGRAM_MIN_REFRESH_AGE_MS) return false;
  return tokens.expiresAt - renewWithinMs <= now;
}

/**
 * Refuses, before any request, a token Meta would not refresh. `refused`: Meta has just refused
 * the token; Instagram refreshes a token with itself, so a refused one cannot be renewed at all.
 * @internal
 */
export function assertRefreshable(tokens: TokenSet, now: number, refused: boolean): void {
  if (refused) {
    throw new OAuthError(
      "instagram: Meta refused the Instagram token, and a refused token cannot be refreshed.",
      {
        code: ErrorCode.REAUTH_REQUIRED,
        error: "token_refused",
        hint: "Have the user log in with Instagram again.",
      },
    );
  }
  if (tokens.expiresAt !== undefined && tokens.expiresAt <= now) {
    throw new OAuthError(
      "instagram: the Instagram token has expired, and Meta cannot refresh an expired token.",
      {
        code: ErrorCode.REAUTH_REQUIRED,
        error: "token_expired",
        hint: "Have the user log in with Instagram again; a token used at least monthly is renewed before it expires.",
      },
    );
  }
  const issuedAt = issuedAtOf(tokens);
  if (issuedAt === undefined || now - issuedAt >= INSTAGRAM_MIN_REFRESH_AGE_MS) return;
  const at = new Date(issuedAt + INSTAGRAM_MIN_REFRESH_AGE_MS).toISOString();
  throw new ValidationError(
    "instagram: the Instagram token is less than 24 hours old, so Meta would not refresh it yet.",
    {
      hint: `Keep using it; it can be refreshed from ${at}, and postkit renews it on use when it is due.`,
    },
  );
}
