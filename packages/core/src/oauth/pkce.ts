import { ValidationError } from "../errors/validation-error.js";
import { base64UrlEncode, hexEncode, randomBytes } from "./encoding.js";

/**
 * How a platform wants the SHA-256 digest of the PKCE verifier written in `code_challenge`.
 * RFC 7636 says base64url; TikTok's desktop and mobile flows want lowercase hex.
 *
 * @group OAuth
 */
export interface PkceEncoding {
  /** A name for messages, e.g. `hex`. */
  readonly name: string;
  /** Writes the SHA-256 digest of the verifier as the `code_challenge` string. */
  encode(digest: Uint8Array): string;
}

/** RFC 7636 §4.2 `S256`: base64url without padding. @group OAuth */
export const base64UrlPkce: PkceEncoding = { name: "base64url", encode: base64UrlEncode };

/** TikTok's variant of `S256`: the digest as 64 lowercase hex characters. @group OAuth */
export const hexPkce: PkceEncoding = { name: "hex", encode: hexEncode };

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * A fresh PKCE code verifier: 32 CSPRNG bytes, base64url (43 characters of the RFC 7636 alphabet).
 * @group OAuth
 */
export function generateCodeVerifier(): string {
  return base64UrlEncode(randomBytes(32));
}

/**
 * The `S256` code challenge of `verifier`, written with `encoding` (base64url by default).
 * Throws a {@link ValidationError} for a verifier outside RFC 7636's 43–128 unreserved characters.
 *
 * @group OAuth
 */
export async function createCodeChallenge(
  verifier: string,
  encoding: PkceEncoding = base64UrlPkce,
): Promise<string> {
  if (!VERIFIER.test(verifier)) {
    throw new ValidationError(
      "PKCE code verifier must be 43-128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1).",
    );
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return encoding.encode(new Uint8Array(digest));
}
