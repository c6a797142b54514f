// Internal: the one context both Meta clients build from their options — the Graph client on the
// host of their login, the clock, the idempotency store and the credential resolver.
import { type Clock, type CredentialResolver, MemoryIdempotencyStore, systemClock } from "@postkit/core";
import type { MetaOptions } from "./client.js";
import type { MetaContext } from "./context.js";
import { META_BASE_URLS, type MetaBaseUrls } from "./endpoints.js";
import { createGraphClient } from "./graph.js";

/** What `MetaOptions` and `InstagramLoginOptions` have in common. @internal */
export type MetaAppOptions = Omit<MetaOptions, "appSecretProof">;

/** What differs between the clients. @internal */
export interface MetaContextSetup {
  /** The host role of the Graph API calls: graph.facebook.com or graph.instagram.com. */
  graphHost: "graph" | "instagramGraph";
  /** The key of `appsecret_proof`, or `undefined` to send none. */
  appSecret: string | undefined;
  /** The resolver; `context` is the finished context, for renewals that call Meta. */
  resolver: (context: () => MetaContext, clock: Clock) => CredentialResolver;
}

/** @internal */
export function createMetaContext(options: MetaAppOptions, setup: MetaContextSetup): MetaContext {
  const baseUrls: MetaBaseUrls = { ...META_BASE_URLS, ...options.baseUrls };
  const clock = options.clock ?? systemClock;
  const context: MetaContext = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    baseUrls,
    graph: createGraphClient({
      ...options,
      baseUrl: baseUrls[setup.graphHost],
      version: options.graphVersion,
      appSecret: setup.appSecret,
      usage: options.usage,
    }),
    tokenStore: options.tokenStore,
    clock,
    idempotency: options.idempotencyStore ?? new MemoryIdempotencyStore({ now: () => clock.now() }),
    uploadRetry: options.retry,
    resolver: setup.resolver(() => context, clock),
  };
  return context;
}
