// Which host and token an Instagram account's publishing calls use: Facebook Login accounts go to
// graph.facebook.com with their Page's token, Instagram Login accounts to graph.instagram.com
// with their own (https://developers.facebook.com/docs/instagram-platform/content-publishing/ ,
// the "Two flavours" host table).
import { type Connection, ScopeError, ValidationError } from "@postkit/core";
import type { MetaContext } from "./context.js";
import type { GraphCall, GraphClient } from "./graph.js";
import { requirePageToken } from "./page-token.js";

/**
 * What the Instagram modules use of a client's context: the Meta client's (graph.facebook.com,
 * Page tokens) or the InstagramLogin client's (graph.instagram.com, its own renewing resolver).
 * @internal
 */
export type InstagramContext = Pick<
  MetaContext,
  "graph" | "resolver" | "idempotency" | "clock" | "clientSecret" | "baseUrls" | "uploadRetry"
>;

/** The permissions Instagram publishing needs, per login. @internal */
export const INSTAGRAM_PUBLISH_SCOPES = Object.freeze({
  facebook: Object.freeze(["instagram_basic", "instagram_content_publish", "pages_read_engagement"]),
  instagram: Object.freeze(["instagram_business_basic", "instagram_business_content_publish"]),
});

/** An Instagram account ready for publishing calls. @internal */
export interface InstagramTarget {
  connection: Connection;
  /** The Instagram user id (`instagram_business_account.id`, or Instagram Login's `user_id`). */
  igUserId: string;
  login: "facebook" | "instagram";
  graph: GraphClient;
}

/** Checks the connection is an Instagram account and picks its host. Before any request. @internal */
export function instagramTarget(context: InstagramContext, connection: Connection): InstagramTarget {
  const account = connection?.account as (Connection["account"] & { login?: unknown }) | undefined;
  if (
    account?.platform !== "instagram" ||
    typeof account.id !== "string" ||
    !/^[A-Za-z0-9_]{1,64}$/.test(account.id)
  ) {
    throw new ValidationError("meta: the connection is not an Instagram account.", {
      hint: "Pass one of the Instagram accounts connect() returned.",
    });
  }
  const login = account.login === "instagram" ? "instagram" : "facebook";
  return {
    connection,
    igUserId: account.id,
    login,
    // The client serving the account has its host: Meta's is graph.facebook.com, InstagramLogin's
    // graph.instagram.com (each refuses the other login's accounts before getting here).
    graph: context.graph,
  };
}

/**
 * Refuses a grant known to lack a publishing permission (`ScopeError` naming it), before any
 * request. A grant whose scopes are not recorded is left to Meta.
 * @internal
 */
export async function assertPublishScopes(
  context: InstagramContext,
  target: InstagramTarget,
  signal: AbortSignal | undefined,
): Promise<void> {
  const tokens = await context.resolver.sourceFor(target.connection).get({ signal });
  // Facebook Login: the linked Page's own token (a user token fails on Meta's side).
  if (target.login === "facebook") requirePageToken(target.connection, tokens);
  if (!tokens.scopes.length) return;
  const missing = INSTAGRAM_PUBLISH_SCOPES[target.login].filter((scope) => !tokens.scopes.includes(scope));
  if (missing.length) {
    throw new ScopeError(
      `meta: publishing to Instagram needs ${missing.join(", ")}, which the grant lacks.`,
      {
        platform: "meta",
        missing,
        granted: tokens.scopes,
        hint: "Ask for these permissions at login and have the user connect again.",
      },
    );
  }
}

/**
 * One Graph call for the account, with a valid token fetched for this call alone: a renewal
 * repeats only a call the platform refused (it did nothing), never a whole publish.
 * @internal
 */
export function igCall<T>(
  context: InstagramContext,
  target: InstagramTarget,
  call: Omit<GraphCall<T>, "accessToken">,
): Promise<T> {
  return context.resolver.withAccessToken(target.connection, call.signal, (accessToken) =>
    target.graph.call({ ...call, accessToken }),
  );
}
