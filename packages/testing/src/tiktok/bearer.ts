// The Open API's bearer check, shared by every route family: a live access token, the per-token
// rate limits, and the scope a route needs.
import type { Authorized, TikTokContext } from "./context.js";
import { fail } from "./errors.js";
import { RATE_LIMITS } from "./rules.js";
import type { TokenRecord } from "./state.js";

/** The token's record, or TikTok's 401 (bad token) or 429 (this path's per-minute limit). */
export function authenticate(ctx: TikTokContext, request: Request, path: string): Authorized | Response {
  const { options, clock } = ctx;
  const { accessTokens, windows } = ctx.state;
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer (\S+)$/.exec(header);
  const record = match ? accessTokens.get(match[1]!) : undefined;
  if (!match || !record || record.revoked || record.expiresAt <= clock.now()) {
    return fail(401, "access_token_invalid", "The access token is invalid or not found in the request.");
  }
  const limit = RATE_LIMITS[path];
  if (limit !== undefined && (options.rateLimits ?? true)) {
    const key = `${path} ${match[1]}`;
    const now = clock.now();
    const window = (windows.get(key) ?? []).filter((at) => at > now - 60_000);
    windows.set(key, window);
    if (window.length >= limit) {
      return fail(429, "rate_limit_exceeded", "API rate limit was exceeded, please try again later.");
    }
    window.push(now);
  }
  return { token: match[1]!, record };
}

export function needScope(record: TokenRecord, ...anyOf: string[]): Response | undefined {
  if (anyOf.some((scope) => record.scopes.includes(scope))) return undefined;
  return fail(
    401,
    "scope_not_authorized",
    `The user did not authorize the scope required: ${anyOf.join(" or ")}`,
  );
}
