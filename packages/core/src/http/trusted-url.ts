/**
 * Where a request carrying a credential or an upload may go. A URL that comes from storage (a
 * saved resume state) or from a response header (a `Location`) could have been edited to point
 * elsewhere; platform packages check it against the platform's domain before sending to it.
 */

/** What counts as the platform's own hosts. @group HTTP */
export interface TrustedHosts {
  /** The platform's registrable domain, e.g. `googleapis.com`: itself and its subdomains, over `https`. */
  domain: string;
  /** The base URL the client was configured with (an emulator, a proxy): its origin is trusted as it is. */
  baseUrl: string;
}

/**
 * Whether `url` is absolute, carries no user info, and is either `https` on `trusted.domain` (or a
 * subdomain) or on the origin of `trusted.baseUrl`.
 *
 * @example
 * ```ts
 * isTrustedUrl(state.sessionUrl, { domain: "googleapis.com", baseUrl: apiBase });
 * ```
 * @group HTTP
 */
export function isTrustedUrl(url: string, trusted: TrustedHosts): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.username || parsed.password) return false;
  if (URL.canParse(trusted.baseUrl) && parsed.origin === new URL(trusted.baseUrl).origin) return true;
  const host = parsed.hostname.toLowerCase();
  const domain = trusted.domain.toLowerCase();
  return parsed.protocol === "https:" && (host === domain || host.endsWith(`.${domain}`));
}

/** The origin of `url` for a message (never its path or query, which may hold a token). @group HTTP */
export function originForMessage(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : "(not an absolute URL)";
}
