import { describe, expect, it } from "vitest";
import {
  commaSeparatedScopes,
  ErrorCode,
  isTokenExpired,
  parseTokenSet,
  ResponseShapeError,
  spaceSeparatedScopes,
  type TokenSet,
  tokenSetFromResponse,
} from "@postkit/core";

const NOW = 1_700_000_000_000;

describe("tokenSetFromResponse", () => {
  it("computes expiry from expires_in and parses scopes in the provider's style", () => {
    const tokens = tokenSetFromResponse(
      {
        access_token: "act.s3cr3t",
        refresh_token: "rft.s3cr3t",
        expires_in: 7200,
        refresh_expires_in: "15552000",
        scope: "user.info.basic,video.list",
        token_type: "Bearer",
        open_id: "open-1",
      },
      { scopeStyle: commaSeparatedScopes, now: () => NOW },
    );
    expect(tokens.expiresAt).toBe(NOW + 7_200_000);
    expect(tokens.refreshTokenExpiresAt).toBe(NOW + 15_552_000_000);
    expect(tokens.scopes).toEqual(["user.info.basic", "video.list"]);
    expect(tokens.raw.open_id).toBe("open-1");
  });

  it("keeps the previous refresh token and scopes when a refresh omits them", () => {
    const previous: TokenSet = {
      accessToken: "old",
      tokenType: "Bearer",
      refreshToken: "rt-keep",
      refreshTokenExpiresAt: NOW + 1000,
      scopes: ["a", "b"],
      raw: {},
    };
    const next = tokenSetFromResponse(
      { access_token: "new", expires_in: 3599, refresh_token: "" },
      { scopeStyle: spaceSeparatedScopes, previous, now: () => NOW },
    );
    expect(next.refreshToken).toBe("rt-keep");
    expect(next.refreshTokenExpiresAt).toBe(NOW + 1000);
    expect(next.scopes).toEqual(["a", "b"]);
    expect(next.tokenType).toBe("Bearer");
  });

  it("rejects a response without an access token, with the body redacted", () => {
    let caught: unknown;
    try {
      tokenSetFromResponse(
        { refresh_token: "rft.s3cr3t", expires_in: 1 },
        { scopeStyle: spaceSeparatedScopes },
      );
    } catch (error) {
      caught = error;
    }
    expect(ResponseShapeError.isInstance(caught)).toBe(true);
    expect(JSON.stringify((caught as ResponseShapeError).body)).not.toContain("s3cr3t");
  });

  it("refuses absurd lifetimes (zero, negative, not finite, beyond ten years) with a ResponseShapeError", () => {
    for (const bad of [0, -5, 1e300, Number.NaN, "-1", "0", "999999999999", 10 * 366 * 86_400]) {
      for (const field of ["expires_in", "refresh_expires_in", "refresh_token_expires_in"]) {
        const response = { access_token: "a", refresh_token: "r", expires_in: 3600, [field]: bad };
        expect(
          () => tokenSetFromResponse(response, { scopeStyle: spaceSeparatedScopes }),
          `${field}: ${String(bad)}`,
        ).toThrow(expect.objectContaining({ code: ErrorCode.UNEXPECTED_RESPONSE }));
      }
    }
    const sane = tokenSetFromResponse(
      { access_token: "a", expires_in: "86400", refresh_expires_in: 10 * 365 * 86_400 },
      { scopeStyle: spaceSeparatedScopes, now: () => NOW },
    );
    expect(sane.expiresAt).toBe(NOW + 86_400_000);
  });

  it("round-trips through JSON", () => {
    const tokens = tokenSetFromResponse(
      { access_token: "a", refresh_token: "r", expires_in: 60, scope: "x y" },
      { scopeStyle: spaceSeparatedScopes, now: () => NOW },
    );
    expect(parseTokenSet(JSON.parse(JSON.stringify(tokens)))).toEqual(tokens);
    expect(() => parseTokenSet({ accessToken: "" })).toThrow(ResponseShapeError);
  });

  it("isTokenExpired honours the margin and unknown expiry", () => {
    const tokens: TokenSet = {
      accessToken: "a",
      tokenType: "Bearer",
      expiresAt: NOW + 30_000,
      scopes: [],
      raw: {},
    };
    expect(isTokenExpired(tokens, { now: NOW })).toBe(true);
    expect(isTokenExpired(tokens, { now: NOW, marginMs: 10_000 })).toBe(false);
    expect(isTokenExpired({ ...tokens, expiresAt: undefined }, { now: NOW })).toBe(false);
  });
});
