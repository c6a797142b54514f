// Internal: what the per-concern modules share with the client.
import type { Clock, CredentialResolver, IdempotencyStore, RetryPolicy, TokenStore } from "@postkit/core";
import type { MetaBaseUrls } from "./endpoints.js";
import type { GraphClient } from "./graph.js";

/** @internal */
export interface MetaContext {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  baseUrls: MetaBaseUrls;
  graph: GraphClient;
  resolver: CredentialResolver;
  tokenStore: TokenStore | undefined;
  clock: Clock;
  /** Remembers publishes' idempotency keys. */
  idempotency: IdempotencyStore;
  /** The upload engine's retry budget (the client's `retry`). */
  uploadRetry?: Partial<RetryPolicy> | undefined;
}
