import { ErrorCode } from "../errors/codes.js";
import { OAuthError } from "../errors/oauth-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { redactText } from "../http/redact.js";
import { constantTimeEqual } from "./encoding.js";
import type { ScopeStyle } from "./scopes.js";

/** @group OAuth */
export interface CallbackOptions {
  /** The `state` stored when the authorization URL was created. */
  expectedState: string;
  /** The parameter that carries the granted scopes (TikTok: `scopes`; Google: `scope`). */
  scopeParam?: string | undefined;
  /** How to parse the granted scopes; without it `grantedScopes` is `undefined`. */
  scopeStyle?: ScopeStyle | undefined;
  /** Platform name for messages. */
  platform?: string | undefined;
}

/** @group OAuth */
export interface CallbackResult {
  /** The authorization code to exchange for tokens (single-use). */
  code: string;
  /** The scopes the callback says were granted; `undefined` when the provider does not say. */
  grantedScopes: string[] | undefined;
  /** Every callback parameter, for provider extras. `code` is left out. */
  params: Record<string, string>;
}

/**
 * Validates the redirect back from the authorization page: no parameter twice (RFC 6749 §3.1),
 * then `state` (in constant time), then `error` (`access_denied` gets its own code), then the
 * presence of `code`.
 *
 * @param callback the full callback URL, its path and query (Node's `req.url`), its query string, or its parameters.
 * @group OAuth
 * @throws {@link OAuthError} when the callback carries an error, no code, a repeated parameter or a state that does not match.
 * @throws {@link ValidationError} when the callback is not a URL or query string.
 */
export function validateCallback(
  callback: string | URL | URLSearchParams,
  options: CallbackOptions,
): CallbackResult {
  if (!options.expectedState) {
    throw new ValidationError(
      "validateCallback needs the state stored when the authorization URL was created.",
    );
  }
  const params = toParams(callback);
  const platform = options.platform ?? "OAuth";
  refuseRepeatedParameters(params, platform);
  const state = params.get("state");
  if (state === null || !constantTimeEqual(state, options.expectedState)) {
    throw new OAuthError(`${platform}: the callback's state does not match this login's state.`, {
      code: ErrorCode.OAUTH_STATE_MISMATCH,
      error: "state_mismatch",
      hint: "The request may be forged, or the login was started in another browser session: start it again.",
    });
  }
  const error = params.get("error");
  if (error !== null) {
    const description = params.get("error_description") ?? undefined;
    const denied = error === "access_denied";
    throw new OAuthError(
      denied
        ? `${platform}: the user declined the authorization request.`
        : `${platform}: authorization failed with ${error}${description ? `: ${redactText(description)}` : ""}.`,
      {
        code: denied ? ErrorCode.OAUTH_ACCESS_DENIED : ErrorCode.OAUTH_CALLBACK_ERROR,
        error,
        description: description === undefined ? undefined : redactText(description),
      },
    );
  }
  const code = params.get("code");
  if (!code) {
    throw new OAuthError(`${platform}: the callback has neither a code nor an error.`, {
      code: ErrorCode.OAUTH_MISSING_CODE,
      error: "missing_code",
    });
  }
  const scopeParam = options.scopeParam ?? "scope";
  const scopeValue = params.get(scopeParam);
  const grantedScopes =
    scopeValue === null || !options.scopeStyle ? undefined : options.scopeStyle.parse(scopeValue);
  const rest: Record<string, string> = {};
  for (const [name, value] of params) if (name !== "code") rest[name] = value;
  return { code, grantedScopes, params: rest };
}

/**
 * RFC 6749 §3.1: parameters must not repeat. Which of two `code`s or `state`s a server or a
 * framework picks differs, so an attacker's second value could slip past the state check.
 */
function refuseRepeatedParameters(params: URLSearchParams, platform: string): void {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) {
      // The name only (shortened: it is attacker-controlled); values may be codes.
      const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
      throw new OAuthError(`${platform}: the callback repeats the parameter "${shown}".`, {
        code: ErrorCode.OAUTH_REPEATED_PARAMETER,
        error: "repeated_parameter",
        hint: "Start the login again; if it keeps happening, check what rewrites the callback URL.",
      });
    }
    seen.add(name);
  }
}

function toParams(callback: string | URL | URLSearchParams): URLSearchParams {
  if (callback instanceof URLSearchParams) return callback;
  if (callback instanceof URL) return callback.searchParams;
  const text = callback.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return new URL(text).searchParams;
  // A path with its query, as Node's `req.url` gives it: "/callback?code=…&state=…".
  if (text.startsWith("/")) return new URL(text, "http://callback.invalid").searchParams;
  return new URLSearchParams(text.startsWith("?") ? text.slice(1) : text);
}
