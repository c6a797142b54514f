import { createCodeChallenge, generateCodeVerifier, type PkceEncoding } from "./pkce.js";
import type { ScopeStyle } from "./scopes.js";
import { generateState } from "./state.js";

/**
 * What to keep after creating an authorization URL: store `state` and `codeVerifier` with the
 * user's session (an HTTP-only cookie, a server-side session) and pass them to the callback handler.
 *
 * @group OAuth
 */
export interface AuthorizationRequest {
  /** Where to send the user. A `URL`, so extra parameters can still be added. */
  url: URL;
  /** The CSRF state sent in the URL; compare it on the callback. */
  state: string;
  /** The PKCE verifier; `undefined` when the provider does not use PKCE. */
  codeVerifier: string | undefined;
}

/** @group OAuth */
export interface AuthorizationUrlOptions {
  /** The provider's authorization endpoint. */
  endpoint: string | URL;
  /** The app's client id (TikTok's client key). */
  clientId: string;
  /**
   * The name of the client id parameter (TikTok says `client_key`).
   * @default "client_id"
   */
  clientIdParam?: string;
  /** Where the provider sends the user back; must match a registered URI exactly. */
  redirectUri: string;
  /** The scopes to request. */
  scopes: readonly string[];
  /** How the provider writes scope lists (comma or space separated). */
  scopeStyle: ScopeStyle;
  /** PKCE `S256` with this challenge encoding, or `false` for none. */
  pkce: PkceEncoding | false;
  /** A state of your own; a fresh CSPRNG one by default. */
  state?: string | undefined;
  /** A verifier of your own; a fresh one by default. */
  codeVerifier?: string | undefined;
  /** Extra parameters, added last (they may override the defaults). `undefined` values are skipped. */
  params?: Record<string, string | undefined> | undefined;
}

/**
 * Builds an authorization code request URL with state and, when asked, a PKCE `S256` challenge.
 *
 * @group OAuth
 */
export async function createAuthorizationRequest(
  options: AuthorizationUrlOptions,
): Promise<AuthorizationRequest> {
  const state = options.state ?? generateState();
  const url = new URL(options.endpoint.toString());
  url.searchParams.set(options.clientIdParam ?? "client_id", options.clientId);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("redirect_uri", options.redirectUri);
  url.searchParams.set("scope", options.scopeStyle.serialize(options.scopes));
  url.searchParams.set("state", state);
  let codeVerifier: string | undefined;
  if (options.pkce) {
    codeVerifier = options.codeVerifier ?? generateCodeVerifier();
    url.searchParams.set("code_challenge", await createCodeChallenge(codeVerifier, options.pkce));
    url.searchParams.set("code_challenge_method", "S256");
  }
  for (const [name, value] of Object.entries(options.params ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return { url, state, codeVerifier };
}
