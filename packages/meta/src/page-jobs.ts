// Internal: what every Facebook Page publish shares — the Page token check before any request,
// jobs as core records, idempotency keys, and a lost write's answer as an `unknown` outcome.
import {
  type Connection,
  createPublishJob,
  fingerprint,
  isPostkitError,
  type PublishJob,
  publishOnce,
  ScopeError,
} from "@postkit/core";
import type { MetaContext } from "./context.js";
import { requirePageToken } from "./page-token.js";

/**
 * Runs `call` with the Page's token: the connection is checked before any request (a user
 * token, another Page's token or an Instagram Login account is a `ValidationError`), and again
 * with the tokens loaded from the store.
 */
export function withPageToken<T>(
  context: MetaContext,
  connection: Connection,
  signal: AbortSignal | undefined,
  call: (token: string) => Promise<T>,
): Promise<T> {
  requirePageToken(connection);
  return context.resolver.withAccessToken(connection, signal, (token, tokens) => {
    requirePageToken(connection, tokens);
    return call(token);
  });
}

/**
 * What every Page publish needs: `pages_manage_posts`, with the Page token
 * (https://developers.facebook.com/docs/pages-api/posts,
 * https://developers.facebook.com/docs/video-api/guides/reels-publishing/).
 */
const PAGE_PUBLISH_SCOPES = ["pages_manage_posts"] as const;

/**
 * Refuses, before any request, a Page connection whose grant is known to lack a publishing
 * permission (`ScopeError` naming it); a grant whose scopes are not recorded is left to Meta.
 */
export async function assertPagePublishScopes(
  context: MetaContext,
  connection: Connection,
  signal: AbortSignal | undefined,
): Promise<void> {
  requirePageToken(connection);
  const tokens = await context.resolver.sourceFor(connection).get({ signal });
  requirePageToken(connection, tokens);
  if (!tokens.scopes.length) return;
  const missing = PAGE_PUBLISH_SCOPES.filter((scope) => !tokens.scopes.includes(scope));
  if (missing.length) {
    throw new ScopeError(
      `meta: publishing to a Facebook Page needs ${missing.join(", ")}, which the grant lacks.`,
      {
        platform: "meta",
        missing: [...missing],
        granted: tokens.scopes,
        hint: "Ask for these permissions at login and have the user connect again.",
      },
    );
  }
}

/** A new Facebook job. */
export function pageJob(
  context: MetaContext,
  connection: Connection,
  fields: Omit<PublishJob, "v" | "platform" | "accountId" | "createdAt" | "updatedAt">,
): PublishJob {
  return createPublishJob(
    { platform: "facebook", accountId: connection.account.id, ...fields },
    context.clock.now(),
  );
}

/**
 * Whether a write may have happened though no answer came: the request went out and the
 * connection broke or timed out (not the app's abort). Such a write is never repeated.
 */
export function answerLost(error: unknown, signal: AbortSignal | undefined): boolean {
  return isPostkitError(error, "NETWORK_ERROR", "TIMEOUT") && !signal?.aborted;
}

/** The `unknown` job of a write whose answer was lost. */
export function lostJob(
  context: MetaContext,
  connection: Connection,
  ids: Record<string, string>,
  what: string,
): PublishJob {
  return pageJob(context, connection, {
    outcome: "unknown",
    ids,
    failure: {
      code: "RESPONSE_LOST",
      message: `The answer to ${what} was lost, so whether it happened is not known; check the Page before publishing again.`,
    },
  });
}

/** Runs `publish` at most once per idempotency key (when there is one). */
export async function once(
  context: MetaContext,
  key: string | undefined,
  content: unknown,
  publish: () => Promise<PublishJob>,
): Promise<PublishJob> {
  if (key === undefined) return publish();
  const print = await fingerprint({ platform: "facebook", content });
  return publishOnce(
    {
      store: context.idempotency,
      key,
      fingerprint: print,
      now: () => context.clock.now(),
    },
    publish,
  );
}
