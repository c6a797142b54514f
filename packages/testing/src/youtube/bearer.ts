// The Data API's gate, shared by every route family: a live access token, a scope the method
// accepts, and room in the quota; then the charge once the answer is known.
import type { YouTubeContext } from "./context.js";
import { authError, insufficientPermissions, loginRequired, quotaExceeded } from "./errors.js";
import { METHOD_SCOPES } from "./rules.js";
import type { Grant } from "./state.js";

export type Authorized = { grant: Grant } | Response;

/** The access token's grant, or 401: `required` without a credential, `authError` for a bad one. */
export function bearer(ctx: YouTubeContext, request: Request): Authorized {
  const { clock } = ctx;
  const { accessTokens } = ctx.state;
  const header = request.headers.get("authorization");
  if (header === null) return loginRequired();
  const match = /^Bearer (.+)$/.exec(header);
  const entry = match ? accessTokens.get(match[1]!) : undefined;
  if (!entry || entry.grant.revoked || entry.expiresAt <= clock.now()) return authError();
  return { grant: entry.grant };
}

/**
 * quotaExceeded answers, which cost nothing (see `charge`). Shared by every emulator: each
 * Response is a distinct object, so one set tells them apart as well as one per emulator.
 */
const refusedForQuota = new WeakSet<Response>();

/** Authenticates, checks the scopes and whether the call's full cost still fits in the quota. */
export function admit(ctx: YouTubeContext, request: Request, method: string): Authorized {
  const { costs } = ctx.settings;
  const { quota } = ctx.state;
  const auth = bearer(ctx, request);
  if (auth instanceof Response) return auth;
  const accepted = METHOD_SCOPES[method] ?? [];
  if (!accepted.some((scope) => auth.grant.scopes.includes(scope))) return insufficientPermissions();
  const cost = costs[method] ?? 1;
  if (quota.used + cost > quota.limit) {
    const refused = quotaExceeded();
    refusedForQuota.add(refused);
    return refused;
  }
  return auth;
}

/**
 * Charges a Data API call once its answer is known (https://developers.google.com/youtube/v3/docs/errors): the method's cost for a success,
 * `failedCallCost` (default 1; "invalid requests cost ≥1 unit", exact figure UNCONFIRMED) for
 * any other answer, nothing for quotaExceeded (UNCONFIRMED).
 */
export function charge(ctx: YouTubeContext, method: string, response: Response): void {
  const { options } = ctx;
  const { costs } = ctx.settings;
  const { quota } = ctx.state;
  if (refusedForQuota.has(response)) return;
  quota.used += response.ok ? (costs[method] ?? 1) : (options.failedCallCost ?? 1);
}

/** The Data API method a request calls, for the quota; session PUTs are part of videos.insert and cost nothing. */
export function operationFor(method: string, path: string): string | undefined {
  if (path === "/youtube/v3/channels" && method === "GET") return "channels.list";
  if (path === "/youtube/v3/playlistItems" && method === "GET") return "playlistItems.list";
  if (path === "/youtube/v3/videos") {
    if (method === "GET") return "videos.list";
    if (method === "PUT") return "videos.update";
    if (method === "DELETE") return "videos.delete";
  }
  if (path === "/upload/youtube/v3/videos" && method === "POST") return "videos.insert";
  if (path === "/upload/youtube/v3/thumbnails/set" && method === "POST") return "thumbnails.set";
  return undefined;
}
