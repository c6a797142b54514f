import { createCodeChallenge, generateCodeVerifier, type PkceEncoding } from "./pkce.js";
import type { ScopeStyle } from "./scopes.js";
import { generateState } from "./state.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";

/** Parameters the request is built from; `params` may not replace them. */
const OWN_PARAMS = [
  "response_type",
  "redirect_uri",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
];

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
  /**
   * Extra parameters (`prompt`, `login_hint`…). `undefined` values are skipped. The parameters
   * this function sets itself (client id, `response_type`, `redirect_uri`, `scope`, `state`,
   * `code_challenge`, `code_challenge_method`) cannot be overridden here: that is a
   * `ValidationError`, since a wrong one fails only later, at the provider.
   */
  params?: Record<string, string | undefined> | undefined;
}

/**
 * Builds an authorization code request URL with state and, when asked, a PKCE `S256` challenge.
 *
 * @group OAuth
 * @throws {@link ValidationError} when the options are invalid (e.g. no scopes, a bad redirect URI).
 */
export async function createAuthorizationRequest(
  options: AuthorizationUrlOptions,
): Promise<AuthorizationRequest> {
  const clientIdParam = options.clientIdParam ?? "client_id";
  checkOptions(options, clientIdParam);
  const state = options.state ?? generateState();
  const url = new URL(options.endpoint.toString());
  url.searchParams.set(clientIdParam, options.clientId);
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

function checkOptions(options: AuthorizationUrlOptions, clientIdParam: string): void {
  const issues: ValidationIssue[] = [];
  if (!URL.canParse(options.endpoint.toString())) {
    issues.push({ path: ["endpoint"], message: "must be an absolute URL" });
  }
  if (options.clientId === "") issues.push({ path: ["clientId"], message: "must not be empty" });
  if (!URL.canParse(options.redirectUri)) {
    issues.push({ path: ["redirectUri"], message: "must be an absolute URL" });
  }
  for (const name of Object.keys(options.params ?? {})) {
    if (name === clientIdParam || OWN_PARAMS.includes(name)) {
      issues.push({ path: ["params", name], message: "is set from the options and cannot be overridden" });
    }
  }
  if (issues.length > 0) {
    const list = issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ");
    throw new ValidationError(`Invalid authorization request: ${list}.`, { issues });
  }
}
