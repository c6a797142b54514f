/**
 * Redaction of secrets before anything reaches an error, a log line or a request log.
 * Tokens travel in headers, query strings (Meta, Instagram), form bodies and JSON bodies, so each
 * of those shapes has its own function here.
 */

/** What a redacted value is replaced with. */
export const REDACTED = "[REDACTED]";

// Keys whose values are secrets wherever they appear.
const SECRET_KEYS = new Set([
  "access_token",
  "refresh_token",
  "id_token",
  "client_secret",
  "code_verifier",
  "token",
  "upload_token",
  "fb_exchange_token",
  "input_token",
  "appsecret_proof",
  "password",
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "accesstoken",
  "refreshtoken",
  "clientsecret",
]);

// `code` is the authorization code in URLs and form bodies, but an error code in JSON bodies
// (TikTok `error.code`, Meta `error.code`), so it is only secret in the former. `upload_id` in a
// Google resumable session URI lets anyone holding the URI send bytes.
const SECRET_PARAMS = new Set([...SECRET_KEYS, "code", "upload_id"]);

/** Whether a query, form or header name carries a secret. */
export function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.has(name.toLowerCase());
}

/** A URL with the values of secret query parameters replaced. Unparseable input is redacted whole. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url.toString());
  } catch {
    return REDACTED;
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (isSecretParam(name)) parsed.searchParams.set(name, REDACTED);
  }
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
  }
  return parsed.toString();
}

/** Headers as a plain lower-cased record, with credentials and cookies replaced. */
export function redactHeaders(headers: Headers | Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    out[key] = isSecretParam(key) ? REDACTED : value;
  }
  return out;
}

/** A form-encoded body with secret fields replaced. */
export function redactForm(body: string | URLSearchParams): string {
  const params = new URLSearchParams(body);
  for (const name of [...params.keys()]) {
    if (isSecretParam(name)) params.set(name, REDACTED);
  }
  return params.toString();
}

/** A deep copy of a JSON-like value with secret keys replaced and bearer tokens cut out of strings. */
export function redactValue(value: unknown, secrets: readonly string[] = []): unknown {
  return redactDeep(value, secrets, 0);
}

function redactDeep(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : redactDeep(item, secrets, depth + 1);
  }
  return out;
}

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const QUERY_SECRET =
  /\b(access_token|refresh_token|id_token|client_secret|code_verifier|upload_token|fb_exchange_token|input_token|appsecret_proof|upload_id|token|code)=([^&\s"']+)/gi;
const JSON_SECRET =
  /"(access_token|refresh_token|id_token|client_secret|code_verifier|upload_token|token)"\s*:\s*"[^"]*"/gi;

/**
 * Free text (an error message, a response body that is not JSON) with bearer credentials,
 * `key=value` and `"key":"value"` secrets, and any of the given literal `secrets` replaced.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(QUERY_SECRET, (_match, key: string) => `${key}=${REDACTED}`)
    .replace(JSON_SECRET, (_match, key: string) => `"${key}":"${REDACTED}"`);
  for (const secret of secrets) {
    // Very short strings would redact ordinary words; real tokens are long.
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out;
}
