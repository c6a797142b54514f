// Google's error envelopes (https://developers.google.com/youtube/v3/docs/errors) as the emulator sends them: the Data API's JSON body, the
// token endpoint's OAuth error, and the authorization page's HTML error page.

/** Options of {@link googleError}. */
export interface GoogleErrorOptions {
  domain?: string;
  /** Google's canonical status, e.g. `PERMISSION_DENIED`. */
  status?: string;
  location?: string;
  locationType?: string;
  headers?: Record<string, string>;
  /** The message of `errors[0]` when it differs from the top-level one. */
  itemMessage?: string;
}

/** A response with Google's error body: `{ error: { code, message, errors: [{ message, domain, reason }], status } }`. */
export function googleError(
  code: number,
  reason: string,
  message: string,
  options: GoogleErrorOptions = {},
): Response {
  const item: Record<string, string> = {
    message: options.itemMessage ?? message,
    domain: options.domain ?? "global",
    reason,
  };
  if (options.location) item.location = options.location;
  if (options.locationType) item.locationType = options.locationType;
  const error: Record<string, unknown> = { code, message, errors: [item] };
  if (options.status) error.status = options.status;
  return Response.json({ error }, { status: code, headers: options.headers });
}

/** 403 quotaExceeded, with the HTML link Google puts in the message. */
export function quotaExceeded(): Response {
  return googleError(
    403,
    "quotaExceeded",
    'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
    { domain: "youtube.quota" },
  );
}

/** 401 authError: missing, invalid or expired access token. */
export function authError(): Response {
  return googleError(401, "authError", "Invalid Credentials", {
    status: "UNAUTHENTICATED",
    location: "Authorization",
    locationType: "header",
    headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  });
}

/**
 * 401 for a call without any credential: Google's "Login Required" (reason `required`), not the
 * `authError` of a bad token, so a client cannot mistake a missing header for an expired token.
 * The body as Google sends it (googleapis/google-api-php-client#2479); the `WWW-Authenticate`
 * without an `error` is RFC 6750 §3.1 for a request without authentication (UNCONFIRMED for Google).
 */
export function loginRequired(): Response {
  return googleError(
    401,
    "required",
    "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    {
      status: "UNAUTHENTICATED",
      location: "Authorization",
      locationType: "header",
      itemMessage: "Login Required.",
      headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/"' },
    },
  );
}

/** 403 insufficientPermissions: the token lacks every scope the method accepts. */
export function insufficientPermissions(): Response {
  return googleError(403, "insufficientPermissions", "Request had insufficient authentication scopes.", {
    status: "PERMISSION_DENIED",
  });
}

/** 401 youtubeSignupRequired: the Google account has no channel (https://developers.google.com/youtube/v3/docs/errors, verbatim item). */
export function youtubeSignupRequired(): Response {
  return googleError(401, "youtubeSignupRequired", "Unauthorized", {
    domain: "youtube.header",
    location: "Authorization",
    locationType: "header",
  });
}

/** An OAuth (RFC 6749 §5.2) error body from the token endpoint. */
export function oauthError(status: number, error: string, description: string): Response {
  return Response.json({ error, error_description: description }, { status });
}

export function errorPage(status: number, error: string, description: string): Response {
  const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return new Response(
    `<!doctype html><title>Error ${status}: ${escapeHtml(error)}</title><h1>Error ${status}: ${escapeHtml(error)}</h1><p>${escapeHtml(description)}</p>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "x-oauth-error": error } },
  );
}

/** An expired or unknown upload session. */
export function sessionGone(): Response {
  // What Google sends for an expired or unknown session is UNCONFIRMED; 404 with Google's body (GCS semantics).
  return googleError(404, "notFound", "Not Found");
}

export function videoNotFound(): Response {
  // Reason name from the errors page, not in the spec (UNCONFIRMED).
  return googleError(404, "videoNotFound", "The video that you are trying to access cannot be found.", {
    domain: "youtube.video",
  });
}
