// TikTok's response envelopes: the Open API's `{ data, error }`, Login Kit's flat OAuth error and
// its HTML error page. Every status marked UNCONFIRMED is a guess the platform notes leave open.
import { mintId } from "../harness/secrets.js";

export function logId(): string {
  return `2026${mintId().toUpperCase()}`;
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

export function ok(data: unknown): Response {
  return json(200, { data, error: { code: "ok", message: "", log_id: logId() } });
}

export function fail(status: number, code: string, message: string): Response {
  return json(status, { data: {}, error: { code, message, log_id: logId() } });
}

/** TikTok's flat OAuth error. The HTTP status of each `error` is UNCONFIRMED (https://developers.tiktok.com/doc/oauth-error-handling). */
export function oauthError(status: number, error: string, description: string): Response {
  return json(status, { error, error_description: description, log_id: logId() });
}

export function authorizeErrorPage(problem: string): Response {
  const text = `<!doctype html><title>TikTok</title><p>We couldn't log in with TikTok. Please correct the following: ${problem.replace(/[<>&]/g, "")}</p>`;
  return new Response(text, { status: 400, headers: { "content-type": "text/html; charset=utf-8" } });
}

/** UNCONFIRMED: the spec does not say what TikTok answers a wrong method; 405 with `invalid_params` is a guess. */
export function methodNotAllowed(): Response {
  return json(405, {
    data: {},
    error: { code: "invalid_params", message: "Method not allowed", log_id: logId() },
  });
}

/** UNCONFIRMED: the spec does not say what TikTok answers an unknown path; 404 with `not_found` is a guess. */
export function notFound(): Response {
  return json(404, { data: {}, error: { code: "not_found", message: "Unknown endpoint", log_id: logId() } });
}
