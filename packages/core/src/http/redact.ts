/**
 * Redaction of secrets before anything reaches an error, a log line or a request log.
 * Tokens travel in headers, query strings (Meta, Instagram), form bodies and JSON bodies, so each
 * of those shapes has its own function here.
 */

/** What a redacted value is replaced with. */
export const REDACTED = "[REDACTED]";

// Keys whose values are secrets wherever they appear, compared without case, `_` or `-`
// (so `access_token`, `accessToken` and `Access-Token` are one key).
const SECRET_KEYS = new Set(
  [
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
    "api_key",
    "x-api-key",
    "x-goog-api-key",
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
  ].map(normalizeKey),
);

// `code` is the authorization code in URLs and form bodies, but an error code in JSON bodies
// (TikTok `error.code`, Meta `error.code`), so it is only secret in the former. `upload_id` in a
// Google resumable session URI lets anyone holding the URI send bytes.
const SECRET_PARAMS = new Set([...SECRET_KEYS, "code", normalizeKey("upload_id")]);

function normalizeKey(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, "");
}

/** Whether a query, form or header name carries a secret (`auth[token]` counts as `token`). */
export function isSecretParam(name: string): boolean {
  const nested = /\[([^\]]*)\]$/.exec(name)?.[1];
  return (
    SECRET_PARAMS.has(normalizeKey(name)) || (nested !== undefined && SECRET_PARAMS.has(normalizeKey(nested)))
  );
}

function isSecretKey(name: string): boolean {
  return SECRET_KEYS.has(normalizeKey(name));
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
  // The implicit flow and some redirects put tokens in the fragment (`#access_token=…`).
  if (parsed.hash) parsed.hash = redactText(parsed.hash.slice(1));
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
  }
  return parsed.toString();
}

/**
 * Headers as a plain lower-cased record: credentials, API keys and cookies replaced, and secrets
 * inside other values (a `Location` with a token in its query, `WWW-Authenticate` parameters,
 * any of the literal `secrets`) cut out.
 */
export function redactHeaders(
  headers: Headers | Record<string, string> | undefined,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    out[key] = isSecretParam(key) ? REDACTED : redactText(value, secrets);
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
    // A key can echo a secret too (`{ "<token>": … }`).
    out[secrets.length > 0 ? redactText(key, secrets) : key] = isSecretKey(key)
      ? REDACTED
      : redactDeep(item, secrets, depth + 1);
  }
  return out;
}

// An auth scheme and its credential. Only a token-shaped value is replaced, so the word after
// "token" in "The access token is invalid" stays.
const BEARER = /\b(Bearer|Basic|Token|OAuth)(\s+)([A-Za-z0-9._~+/=-]+)/gi;

/** Whether a word looks like a credential: long, or with digits or token punctuation. */
function isTokenShaped(value: string): boolean {
  return value.length >= 20 || (value.length >= 8 && /[0-9._~+/=-]/.test(value));
}
// Secret names as they appear in text: snake_case, camelCase or kebab-case.
const NAMES =
  "access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?secret|code[_-]?verifier|upload[_-]?token|fb[_-]?exchange[_-]?token|input[_-]?token|appsecret[_-]?proof|api[_-]?key|password|upload[_-]?id|token|code";
// `name=value` in a query or form, also percent-encoded (`name%3Dvalue`) or quoted (`name="value"`).
// Preceded by a non-word character or a percent escape (`…%3Faccess_token%3D…` in an encoded URL).
const QUERY_SECRET = new RegExp(
  // The value runs to the next separator, `%26` (an encoded `&`) included.
  `(?<=^|[^A-Za-z0-9_]|%[0-9A-Fa-f]{2})(${NAMES})(=|%3D)("[^"]*"|(?:[^&\\s"'\\\\%]|%(?!26|23)[0-9A-Fa-f]{2})+)`,
  "gi",
);
// `"name": "value"` in JSON, also inside an escaped JSON string (`\\"name\\":\\"value\\"`).
const JSON_SECRET = new RegExp(
  `(\\\\?)"(${NAMES.replace("|upload[_-]?id|token|code", "|token")})\\1"\\s*:\\s*\\1"(?:[^"\\\\]|\\\\(?!"))*\\1"`,
  "gi",
);

/**
 * Free text (an error message, a response body that is not JSON) with bearer credentials,
 * `key=value` and `"key":"value"` secrets, and any of the given literal `secrets` replaced.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Literal secrets first: the patterns below could cut a secret (`…token%3D…` inside it) so that
  // its literal forms would no longer be found.
  for (const secret of secrets) {
    // Very short strings would redact ordinary words; real tokens are long.
    if (secret.length < 8) continue;
    for (const form of secretForms(secret)) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out
    .replace(BEARER, (match, scheme: string, space: string, value: string) =>
      isTokenShaped(value) ? `${scheme}${space}${REDACTED}` : match,
    )
    .replace(QUERY_SECRET, (match, key: string, equals: string, value: string) =>
      value === REDACTED || value === ENCODED_REDACTED ? match : `${key}${equals}${REDACTED}`,
    )
    .replace(
      JSON_SECRET,
      (_match, slash: string, key: string) => `${slash}"${key}${slash}":${slash}"${REDACTED}${slash}"`,
    );
}

const ENCODED_REDACTED = encodeURIComponent(REDACTED);

/**
 * The ways a secret comes back in a response: as it is or JSON-escaped (with or without `\/`),
 * each also percent-encoded (either hex case, form style, twice).
 */
function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = new Set<string>();
  for (const base of [secret, json, json.replace(/\//g, "\\/")]) {
    const encoded = encodeURIComponent(base);
    forms.add(base);
    forms.add(encoded);
    forms.add(encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
    forms.add(new URLSearchParams({ s: base }).toString().slice(2));
    forms.add(encodeURIComponent(encoded));
  }
  // Longest first, so a form that contains another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}
