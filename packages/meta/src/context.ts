// Internal: what the per-concern modules share with the client.
import type { Clock, CredentialResolver, IdempotencyStore, TokenStore } from "@postkit/core";
import type { MetaBaseUrls } from "./endpoints.js";
import type { GraphClient } from "./graph.js";

/** @internal */
export interface MetaContext {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  baseUrls: MetaBaseUrls;
  graph: GraphClient;
  /** The Graph client of Instagram Login accounts (`graph.instagram.com`). */
  instagramGraph: GraphClient;
  /** Where idempotency keys of publishes live. */
  idempotencyStore: IdempotencyStore;
  resolver: CredentialResolver;
  tokenStore: TokenStore | undefined;
  clock: Clock;
}
