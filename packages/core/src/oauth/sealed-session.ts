import { ValidationError } from "../errors/validation-error.js";
import { base64UrlDecode, base64UrlEncode } from "./encoding.js";
import { type LoginSession, parseLoginSession, sessionInvalid } from "./login-session.js";

/**
 * A key for sealed login sessions: an app secret of at least 32 characters (the AES-256 key is
 * derived from it with HKDF-SHA-256), or an AES-GCM 256-bit `CryptoKey` with `encrypt` and
 * `decrypt` usages.
 * @group OAuth
 */
export type LoginSessionKey = string | CryptoKey;

/** @group OAuth */
export interface OpenLoginSessionOptions {
  /** Clock, for tests. @default Date.now */
  now?: (() => number) | undefined;
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_SECRET_LENGTH = 32;
// Bound into every seal as additional data and into the key derivation: a value sealed for
// another purpose with the same secret never opens as a login session.
const CONTEXT = new TextEncoder().encode("postkit login session v1");
/** A cookie is at most 4 KB; anything much longer is not ours. */
const MAX_SEALED_LENGTH = 8192;

/**
 * Seals a login session into an encrypted, tamper-proof string for a cookie, for apps without
 * server-side sessions: AES-256-GCM with a fresh 96-bit IV, as `v1.<iv>.<ciphertext>` (base64url).
 * Web Crypto only, so it runs on Node, Deno, Bun and workers.
 *
 * `key` may be a list for key rotation: the first one seals, {@link openLoginSession} tries each.
 * A string key shorter than 32 characters is a `ValidationError`.
 *
 * Set the cookie `HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=<ttl in seconds>`: `HttpOnly`
 * keeps scripts from reading it, `Secure` keeps it off plain HTTP, and `SameSite=Lax` (not
 * `Strict`) is what lets the browser send it on the platform's top-level redirect back to the
 * callback. Clear it once the callback is handled.
 *
 * @example
 * ```ts
 * import { sealLoginSession } from "@postkit/core";
 *
 * const sealed = await sealLoginSession(session, env.SESSION_SECRET);
 * const cookie = `postkit_login=${sealed}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=600`;
 * ```
 * @group OAuth
 * @throws {@link ValidationError} when the key or the session is invalid.
 */
export async function sealLoginSession(
  session: LoginSession,
  key: LoginSessionKey | readonly LoginSessionKey[],
): Promise<string> {
  const [first] = checkKeys(key);
  const cryptoKey = await toCryptoKey(first!);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plaintext = new TextEncoder().encode(JSON.stringify(session));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: CONTEXT },
    cryptoKey,
    plaintext,
  );
  return `${VERSION}.${base64UrlEncode(iv)}.${base64UrlEncode(new Uint8Array(sealed))}`;
}

/**
 * Opens a value from {@link sealLoginSession}: verifies and decrypts it with any of the keys,
 * then checks the session's shape and expiry. A missing value, a malformed or tampered one, one
 * sealed with another key, or an expired session is an `OAuthError` with code
 * `OAUTH_SESSION_INVALID` (start the login again). A string key shorter than 32 characters is a
 * `ValidationError`, raised before anything else.
 *
 * The platform is checked by `connect` (or {@link checkLoginSession}).
 * @group OAuth
 * @throws {@link OAuthError} (`OAUTH_SESSION_INVALID`) when the sealed value was tampered with, sealed with another key, or has expired.
 * @throws {@link ValidationError} when the key is invalid.
 */
export async function openLoginSession(
  sealed: string | undefined,
  key: LoginSessionKey | readonly LoginSessionKey[],
  options: OpenLoginSessionOptions = {},
): Promise<LoginSession> {
  const keys = checkKeys(key);
  if (typeof sealed !== "string" || sealed === "") throw sessionInvalid("The login session is missing.");
  const parts = sealed.length <= MAX_SEALED_LENGTH ? sealed.split(".") : [];
  const iv = parts.length === 3 && parts[0] === VERSION ? base64UrlDecode(parts[1]!) : undefined;
  const ciphertext = iv ? base64UrlDecode(parts[2]!) : undefined;
  if (!iv || iv.length !== IV_BYTES || !ciphertext || ciphertext.length < TAG_BYTES) {
    throw sessionInvalid("The login session is malformed.");
  }
  for (const candidate of keys) {
    const cryptoKey = await toCryptoKey(candidate);
    let plaintext: ArrayBuffer;
    try {
      plaintext = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv, additionalData: CONTEXT },
        cryptoKey,
        ciphertext,
      );
    } catch {
      // Tampered, or sealed with another key: try the next one.
      continue;
    }
    let session: unknown;
    try {
      session = JSON.parse(new TextDecoder().decode(plaintext));
    } catch {
      throw sessionInvalid("The login session is malformed.");
    }
    return parseLoginSession(session, options.now);
  }
  throw sessionInvalid("The login session could not be verified.");
}

function checkKeys(key: LoginSessionKey | readonly LoginSessionKey[]): readonly LoginSessionKey[] {
  const keys: readonly LoginSessionKey[] =
    typeof key === "string" || !Array.isArray(key) ? [key as LoginSessionKey] : key;
  if (keys.length === 0) throw new ValidationError("Sealing a login session needs at least one key.");
  for (const candidate of keys) {
    if (typeof candidate === "string") {
      if (candidate.length < MIN_SECRET_LENGTH) {
        throw new ValidationError(
          `A login session secret must be at least ${MIN_SECRET_LENGTH} characters long.`,
          { hint: "Generate one with `openssl rand -base64 32` and keep it in the app's secrets." },
        );
      }
    } else if (!isAesGcm256(candidate)) {
      throw new ValidationError("A login session CryptoKey must be an AES-GCM 256-bit key.", {
        hint: 'Pass a secret string instead, or import the key with { name: "AES-GCM", length: 256 }.',
      });
    }
  }
  return keys;
}

function isAesGcm256(key: unknown): key is CryptoKey {
  if (typeof key !== "object" || key === null || !("algorithm" in key) || !("usages" in key)) return false;
  const { algorithm, usages } = key as CryptoKey;
  return (
    algorithm.name === "AES-GCM" &&
    (algorithm as AesKeyAlgorithm).length === 256 &&
    usages.includes("encrypt") &&
    usages.includes("decrypt")
  );
}

async function toCryptoKey(key: LoginSessionKey): Promise<CryptoKey> {
  if (typeof key !== "string") return key;
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(key), "HKDF", false, [
    "deriveKey",
  ]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: CONTEXT },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}
