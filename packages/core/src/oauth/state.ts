import { base64UrlEncode, randomBytes } from "./encoding.js";

/**
 * A fresh CSRF `state` value: 32 bytes from the platform CSPRNG, base64url-encoded (43 characters).
 * Store it with the login session and compare it on the callback.
 *
 * @group OAuth
 */
export function generateState(): string {
  return base64UrlEncode(randomBytes(32));
}
