// RFC 6749 §3.1 and §3.2: "Request and response parameters MUST NOT be included more than once."
// Shared by the emulators' OAuth endpoints (authorization query, token and revoke forms).

/** The first parameter that appears more than once in `params`, or `undefined`. */
export function repeatedParameter(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}
