import { describe, expect, it } from "vitest";
import {
  base64UrlPkce,
  createCodeChallenge,
  generateCodeVerifier,
  generateState,
  hexPkce,
  ValidationError,
} from "@postkit/core";

describe("PKCE", () => {
  it("matches RFC 7636 appendix B for base64url S256", async () => {
    const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    expect(await createCodeChallenge(verifier, base64UrlPkce)).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
    expect(await createCodeChallenge(verifier)).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("matches the TikTok hex vector", async () => {
    expect(await createCodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", hexPkce)).toBe(
      "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3",
    );
  });

  it("generates verifiers in the RFC 7636 alphabet and length, never twice the same", () => {
    const verifiers = new Set(Array.from({ length: 200 }, generateCodeVerifier));
    expect(verifiers.size).toBe(200);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
  });

  it("rejects a verifier outside RFC 7636 before hashing", async () => {
    await expect(createCodeChallenge("short")).rejects.toSatisfy(ValidationError.isInstance);
    await expect(createCodeChallenge(`${"a".repeat(43)}!`)).rejects.toSatisfy(ValidationError.isInstance);
  });

  it("generates 256-bit states that differ", () => {
    const states = new Set(Array.from({ length: 200 }, generateState));
    expect(states.size).toBe(200);
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
