import { REDACTED, redactText, redactUrl } from "@postkit/core";
import { SECRET_MARKER } from "./secrets.js";

// The core redaction knows the secret parameter names of real platforms. Emulator secrets also
// carry SECRET_MARKER, so anything that contains it is cut too: a safety net for names core does
// not know (a session id in a path, a test's own parameter).

/** The query of `url` as a record, with secret values replaced by `[REDACTED]`. */
export function redactedQuery(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new URL(redactUrl(url)).searchParams) {
    out[name] = value.includes(SECRET_MARKER) ? REDACTED : value;
  }
  return out;
}

/** `path` with every segment that contains a secret replaced. */
export function redactedPath(path: string): string {
  if (!path.includes(SECRET_MARKER)) return path;
  return path
    .split("/")
    .map((segment) => (segment.includes(SECRET_MARKER) ? REDACTED : segment))
    .join("/");
}

/** A URL safe to show in an error message. */
export function safeUrl(url: string | URL): string {
  const text = redactUrl(url);
  return text.includes(SECRET_MARKER) ? redactSecrets(text) : text;
}

/** Free text with credentials, `key=value` secrets and marked secrets replaced. */
export function redactSecrets(text: string): string {
  return redactText(text).replace(new RegExp(`[^\\s"'&?=/]*${SECRET_MARKER}[^\\s"'&?/]*`, "g"), REDACTED);
}
