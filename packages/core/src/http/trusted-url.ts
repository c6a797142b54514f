/**
 * Where a request carrying a credential or an upload may go. A URL that comes from a response
 * (TikTok's `upload_url`, a `Location`) or from storage (a saved resume state) could point
 * elsewhere; platform packages check it against their exact hosts and paths before sending to it.
 */
import { ErrorCode } from "../errors/codes.js";
import { SecurityError } from "../errors/security-error.js";

/** What counts as the platform's own hosts. @group HTTP */
export interface TrustedHosts {
  /**
   * The platform's exact host names (no subdomains), reached over `https` on the default port
   * (443), e.g. `["www.googleapis.com"]`.
   */
  hosts?: readonly string[] | undefined;
  /**
   * @deprecated Too wide for credentials (any bucket or service under the domain passes); use
   * `hosts`. A domain: itself and every subdomain, over `https` on the default port.
   */
  domain?: string | undefined;
  /**
   * Path prefixes the URL's path must start with, e.g. `"/upload/youtube/v3/"`. On the
   * `baseUrl`'s origin they follow the base URL's own path. Absent: any path.
   */
  pathPrefixes?: readonly string[] | undefined;
  /**
   * The base URL the client was configured with (an emulator, a proxy): its origin is trusted as
   * it is (scheme and port included), under its path when `pathPrefixes` are given.
   */
  baseUrl?: string | undefined;
}

/**
 * Whether `url` is absolute, carries no user info, and is either `https` on one of
 * `trusted.hosts` on port 443 or on the origin of `trusted.baseUrl`, under one of
 * `trusted.pathPrefixes` when given.
 *
 * @example
 * ```ts
 * isTrustedUrl(state.sessionUrl, {
 *   hosts: ["www.googleapis.com"],
 *   pathPrefixes: ["/upload/youtube/v3/"],
 *   baseUrl: apiBase,
 * });
 * ```
 * @group HTTP
 */
export function isTrustedUrl(url: string, trusted: TrustedHosts): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.username || parsed.password) return false;
  const base =
    trusted.baseUrl !== undefined && URL.canParse(trusted.baseUrl) ? new URL(trusted.baseUrl) : undefined;
  if (base && parsed.origin === base.origin && underPrefix(parsed.pathname, base.pathname, trusted))
    return true;
  // Real hosts: https on the default port only (an explicit :443 parses to "").
  if (parsed.protocol !== "https:" || parsed.port !== "") return false;
  const host = parsed.hostname.toLowerCase();
  const domain = trusted.domain?.toLowerCase();
  const known =
    (trusted.hosts ?? []).some((name) => name.toLowerCase() === host) ||
    (domain !== undefined && (host === domain || host.endsWith(`.${domain}`)));
  return known && underPrefix(parsed.pathname, "", trusted);
}

/**
 * Throws a `SecurityError` (`UNTRUSTED_URL`, naming only the origin) unless `url` passes
 * {@link isTrustedUrl}; call it before a credential or a byte goes to a URL postkit did not build.
 * @param what names the URL in the message, e.g. `"TikTok's upload_url"`.
 * @group HTTP
 * @throws {@link SecurityError} when the URL is not https on port 443 of a trusted host and path.
 */
export function assertTrustedUrl(url: string, trusted: TrustedHosts, what: string): void {
  if (isTrustedUrl(url, trusted)) return;
  const origin = originForMessage(url);
  throw new SecurityError(
    `${what} points to ${origin}, which is not one of the platform's hosts and paths; postkit sent nothing there.`,
    {
      code: ErrorCode.UNTRUSTED_URL,
      origin,
      hint: "Only https URLs on the platform's exact hosts (port 443) or on the configured base URL are used.",
    },
  );
}

function underPrefix(path: string, basePath: string, trusted: TrustedHosts): boolean {
  if (!trusted.pathPrefixes) return true;
  const root = basePath.replace(/\/+$/, "");
  return trusted.pathPrefixes.some((prefix) => path.startsWith(root + prefix));
}

/** The origin of `url` for a message (never its path or query, which may hold a token). @group HTTP */
export function originForMessage(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : "(not an absolute URL)";
}
