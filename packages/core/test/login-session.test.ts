import { describe, expect, it } from "vitest";
import {
  checkLoginSession,
  createLoginSession,
  ErrorCode,
  isPostkitError,
  type LoginSession,
  OAuthError,
  openLoginSession,
  sealLoginSession,
  ValidationError,
  validateCallback,
} from "@postkit/core";

const NOW = 1_700_000_000_000;
const now = () => NOW;
const KEY = "k".repeat(16) + "an-app-secret-32+chars";
const OTHER_KEY = "o".repeat(16) + "another-secret-32+chars";

function session(overrides: Partial<Parameters<typeof createLoginSession>[0]> = {}): LoginSession {
  return createLoginSession({
    platform: "tiktok",
    state: "state-1",
    codeVerifier: "v".repeat(43),
    redirectUri: "https://app.example/callback",
    scopes: ["user.info.basic", "video.publish"],
    now,
    ...overrides,
  });
}

/** Runs `action` and returns the OAuthError code it threw (fails the test for anything else). */
async function sessionErrorOf(action: () => unknown): Promise<string> {
  try {
    await action();
  } catch (error) {
    expect(OAuthError.isInstance(error)).toBe(true);
    expect(error).not.toBeInstanceOf(TypeError);
    return (error as OAuthError).code;
  }
  throw new Error("expected an error");
}

/** `text` with the character at `index` replaced by another base64url character. */
function flip(text: string, index: number): string {
  const replacement = text[index] === "A" ? "B" : "A";
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe("createLoginSession / checkLoginSession", () => {
  it("creates a plain-JSON session that expires after the TTL (10 minutes by default)", () => {
    const created = session();
    expect(created).toEqual({
      v: 1,
      platform: "tiktok",
      state: "state-1",
      codeVerifier: "v".repeat(43),
      redirectUri: "https://app.example/callback",
      scopes: ["user.info.basic", "video.publish"],
      createdAt: NOW,
      expiresAt: NOW + 600_000,
    });
    expect(JSON.parse(JSON.stringify(created))).toEqual(created);
    expect(session({ ttlMs: 5000 }).expiresAt).toBe(NOW + 5000);
    expect("codeVerifier" in session({ codeVerifier: undefined })).toBe(false);
  });

  it("checks a session back, through JSON, for its platform before it expires", () => {
    const created = session();
    const checked = checkLoginSession(JSON.parse(JSON.stringify(created)), {
      platform: "tiktok",
      now: () => NOW + 599_999,
    });
    expect(checked).toEqual(created);
  });

  it("refuses bad input when creating", () => {
    expect(() => session({ state: "" })).toThrow(ValidationError);
    expect(() => session({ redirectUri: "/callback" })).toThrow(ValidationError);
    expect(() => session({ ttlMs: 0 })).toThrow(ValidationError);
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a string", "session"],
    ["an empty object", {}],
    ["a wrong version", { ...session(), v: 2 }],
    ["a missing state", { ...session(), state: undefined }],
    ["scopes that are not a list", { ...session(), scopes: "a b" }],
    ["an expiry that is not a number", { ...session(), expiresAt: "later" }],
  ])("refuses %s as OAUTH_SESSION_INVALID, with a hint", async (_, value) => {
    expect(await sessionErrorOf(() => checkLoginSession(value, { platform: "tiktok", now }))).toBe(
      ErrorCode.OAUTH_SESSION_INVALID,
    );
    try {
      checkLoginSession(value, { platform: "tiktok", now });
    } catch (error) {
      expect((error as OAuthError).hint).toMatch(/^Start the login again with createAuthorizationUrl/);
    }
  });

  it("refuses another platform's session and an expired one", async () => {
    expect(await sessionErrorOf(() => checkLoginSession(session(), { platform: "youtube", now }))).toBe(
      ErrorCode.OAUTH_SESSION_INVALID,
    );
    const expired = () => checkLoginSession(session(), { platform: "tiktok", now: () => NOW + 600_000 });
    expect(await sessionErrorOf(expired)).toBe(ErrorCode.OAUTH_SESSION_INVALID);
    expect(expired).toThrow(/expired/);
  });

  it("never repeats the verifier in its message", () => {
    const secret = { ...session({ codeVerifier: "s3cr3t".repeat(8) }), scopes: 1 };
    expect(() => checkLoginSession(secret, { platform: "tiktok", now })).toThrow(/malformed/);
    try {
      checkLoginSession(secret, { platform: "tiktok", now });
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain("s3cr3t");
    }
  });
});

describe("sealLoginSession / openLoginSession", () => {
  it("round-trips a session as v1.<iv>.<ciphertext>, with a fresh IV every time", async () => {
    const created = session();
    const sealed = await sealLoginSession(created, KEY);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("state-1");
    expect(await openLoginSession(sealed, KEY, { now })).toEqual(created);
    const again = await sealLoginSession(created, KEY);
    expect(again.split(".")[1]).not.toBe(sealed.split(".")[1]);
  });

  it("refuses a value with any part tampered (a flipped character in each)", async () => {
    const sealed = await sealLoginSession(session(), KEY);
    const [version, iv, ciphertext] = sealed.split(".") as [string, string, string];
    const tampered = [
      `${flip(version, 1)}.${iv}.${ciphertext}`,
      `${version}.${flip(iv, 0)}.${ciphertext}`,
      `${version}.${flip(iv, iv.length - 1)}.${ciphertext}`,
      `${version}.${iv}.${flip(ciphertext, 0)}`,
      `${version}.${iv}.${flip(ciphertext, Math.floor(ciphertext.length / 2))}`,
      // The last character may carry unused bits: still refused (canonical base64url only).
      `${version}.${iv}.${flip(ciphertext, ciphertext.length - 1)}`,
    ];
    for (const value of tampered) {
      expect(value).not.toBe(sealed);
      expect(await sessionErrorOf(() => openLoginSession(value, KEY, { now }))).toBe(
        ErrorCode.OAUTH_SESSION_INVALID,
      );
    }
  });

  it("refuses a value sealed with another key, and an expired session", async () => {
    const sealed = await sealLoginSession(session(), OTHER_KEY);
    expect(await sessionErrorOf(() => openLoginSession(sealed, KEY, { now }))).toBe(
      ErrorCode.OAUTH_SESSION_INVALID,
    );
    const fine = await sealLoginSession(session({ ttlMs: 1000 }), KEY);
    expect(await openLoginSession(fine, KEY, { now: () => NOW + 999 })).toBeDefined();
    await expect(openLoginSession(fine, KEY, { now: () => NOW + 1000 })).rejects.toThrow(/expired/);
  });

  it("rotates keys: seals with the first, opens with any", async () => {
    const old = await sealLoginSession(session(), OTHER_KEY);
    const fresh = await sealLoginSession(session(), [KEY, OTHER_KEY]);
    expect(await openLoginSession(old, [KEY, OTHER_KEY], { now })).toEqual(session());
    expect(await openLoginSession(fresh, [KEY], { now })).toEqual(session());
    expect(await sessionErrorOf(() => openLoginSession(fresh, [OTHER_KEY], { now }))).toBe(
      ErrorCode.OAUTH_SESSION_INVALID,
    );
  });

  it("accepts an AES-GCM 256 CryptoKey, and refuses other keys before anything", async () => {
    const cryptoKey = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
      "encrypt",
      "decrypt",
    ]);
    const sealed = await sealLoginSession(session(), cryptoKey);
    expect(await openLoginSession(sealed, cryptoKey, { now })).toEqual(session());
    const aes128 = await crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, false, [
      "encrypt",
      "decrypt",
    ]);
    await expect(sealLoginSession(session(), aes128)).rejects.toThrow(ValidationError);
    await expect(sealLoginSession(session(), "x".repeat(31))).rejects.toThrow(ValidationError);
    await expect(sealLoginSession(session(), [])).rejects.toThrow(ValidationError);
    // Even a missing value gets the key error first: a misconfiguration must not hide.
    await expect(openLoginSession(undefined, "short")).rejects.toThrow(ValidationError);
    await expect(openLoginSession(sealed, [KEY, "short"])).rejects.toThrow(ValidationError);
  });

  it.each([
    ["undefined", undefined],
    ["an empty string", ""],
    ["one part", "v1"],
    ["an unknown version", "v2.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA"],
    ["a short IV", "v1.AAAA.AAAAAAAAAAAAAAAAAAAAAA"],
    ["no tag", "v1.AAAAAAAAAAAAAAAA.AAAA"],
    ["characters outside base64url", "v1.AAAAAAAAAAAAAAA+.AAAAAAAAAAAAAAAAAAAAAA"],
    ["four parts", "v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AA"],
    ["a well-formed forgery", "v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA"],
    ["a huge value", `v1.AAAAAAAAAAAAAAAA.${"A".repeat(10_000)}`],
  ])("refuses %s as OAUTH_SESSION_INVALID", async (_, value) => {
    expect(await sessionErrorOf(() => openLoginSession(value, KEY, { now }))).toBe(
      ErrorCode.OAUTH_SESSION_INVALID,
    );
  });

  it("refuses a value that decrypts to something that is not a session", async () => {
    // Sealed by the same code path, but with content that is not a session.
    const notASession = await sealLoginSession({ hello: "world" } as unknown as LoginSession, KEY);
    expect(await sessionErrorOf(() => openLoginSession(notASession, KEY, { now }))).toBe(
      ErrorCode.OAUTH_SESSION_INVALID,
    );
  });
});

describe("validateCallback and repeated parameters", () => {
  it.each([
    ["two codes", "code=one&code=two&state=s"],
    ["two states", "code=one&state=s&state=s"],
    ["two states, the first one wrong", "code=one&state=evil&state=s"],
    ["two errors", "error=a&error=b&state=s"],
  ])("refuses %s before the state check, naming the parameter but no value", (_, query) => {
    let caught: unknown;
    try {
      validateCallback(`https://app.example/callback?${query}`, { expectedState: "s", platform: "TikTok" });
    } catch (error) {
      caught = error;
    }
    expect(isPostkitError(caught, ErrorCode.OAUTH_REPEATED_PARAMETER)).toBe(true);
    const message = (caught as OAuthError).message;
    expect(message).toMatch(/"(code|state|error)"/);
    expect(message).not.toMatch(/one|two|evil/);
  });

  it("still accepts a callback whose parameters appear once", () => {
    const result = validateCallback("?code=abc&state=s&scope=a", { expectedState: "s" });
    expect(result.code).toBe("abc");
  });
});
