import { describe, expect, it, vi } from "vitest";
import {
  commaSeparatedScopes,
  ErrorCode,
  isTokenExpired,
  OAuthError,
  parseTokenSet,
  ResponseShapeError,
  spaceSeparatedScopes,
  TokenManager,
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

describe("TokenManager", () => {
  const expired: TokenSet = {
    accessToken: "expired",
    tokenType: "Bearer",
    refreshToken: "rt-1",
    expiresAt: NOW - 1,
    scopes: ["a"],
    raw: {},
  };

  it("makes one refresh call for 100 concurrent callers", async () => {
    let calls = 0;
    const refresh = async (tokens: TokenSet): Promise<TokenSet> => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { ...tokens, accessToken: `fresh-${calls}`, refreshToken: "rt-2", expiresAt: NOW + 3_600_000 };
    };
    const onTokens = vi.fn();
    const manager = new TokenManager({ tokens: expired, refresh, onTokens, now: () => NOW });
    const tokens = await Promise.all(Array.from({ length: 100 }, () => manager.getAccessToken()));
    expect(calls).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(["fresh-1"]));
    expect(onTokens).toHaveBeenCalledTimes(1);
    expect(onTokens.mock.calls[0]?.[0].refreshToken).toBe("rt-2");
    // Valid now: no further refresh.
    await manager.getAccessToken();
    expect(calls).toBe(1);
  });

  it("refreshes ahead of expiry", async () => {
    const refresh = vi.fn(async (tokens: TokenSet) => ({
      ...tokens,
      accessToken: "new",
      expiresAt: NOW + 3_600_000,
    }));
    const soon: TokenSet = { ...expired, expiresAt: NOW + 30_000 };
    const manager = new TokenManager({ tokens: soon, refresh, now: () => NOW, refreshAheadMs: 60_000 });
    expect(await manager.getAccessToken()).toBe("new");
    const later = new TokenManager({ tokens: soon, refresh, now: () => NOW, refreshAheadMs: 10_000 });
    expect(await later.getAccessToken()).toBe("expired");
  });

  it("never overwrites a stored refresh token with an empty one", async () => {
    const manager = new TokenManager({
      tokens: expired,
      refresh: async () => ({
        accessToken: "new",
        tokenType: "Bearer",
        scopes: ["a"],
        raw: {},
        expiresAt: NOW + 1e6,
      }),
      now: () => NOW,
    });
    const tokens = await manager.getTokens();
    expect(tokens.refreshToken).toBe("rt-1");
  });

  it("lets the next call retry after a failed refresh", async () => {
    let attempt = 0;
    const manager = new TokenManager({
      tokens: expired,
      refresh: async (tokens) => {
        attempt++;
        if (attempt === 1) throw new Error("boom");
        return { ...tokens, accessToken: "ok", expiresAt: NOW + 1e6 };
      },
      now: () => NOW,
    });
    await expect(manager.getAccessToken()).rejects.toThrow("boom");
    expect(await manager.getAccessToken()).toBe("ok");
  });

  it("asks for a reconnect when there is no refresh token", async () => {
    const manager = new TokenManager({
      tokens: { ...expired, refreshToken: undefined },
      refresh: async (tokens) => tokens,
      now: () => NOW,
    });
    const error = await manager.getAccessToken().catch((caught: unknown) => caught);
    expect(OAuthError.isInstance(error)).toBe(true);
    expect((error as OAuthError).code).toBe(ErrorCode.REAUTH_REQUIRED);
  });

  it("lets one caller stop waiting without cancelling the shared refresh for the others", async () => {
    let release: (() => void) | undefined;
    const refresh = vi.fn(
      (tokens: TokenSet) =>
        new Promise<TokenSet>((resolve) => {
          release = () =>
            resolve({ ...tokens, accessToken: "fresh", refreshToken: "rt-2", expiresAt: NOW + 1e6 });
        }),
    );
    const onTokens = vi.fn();
    const manager = new TokenManager({ tokens: expired, refresh, onTokens, now: () => NOW });
    const controller = new AbortController();
    const impatient = manager.getAccessToken({ signal: controller.signal });
    const patient = manager.getAccessToken();
    controller.abort(new Error("caller gave up"));
    await expect(impatient).rejects.toThrow("caller gave up");
    release?.();
    expect(await patient).toBe("fresh");
    // The rotated refresh token still reached the app, and only one refresh was sent.
    expect(onTokens).toHaveBeenCalledTimes(1);
    expect(onTokens.mock.calls[0]?.[0].refreshToken).toBe("rt-2");
    expect(refresh).toHaveBeenCalledTimes(1);
    await expect(manager.getAccessToken({ signal: AbortSignal.abort(new Error("late")) })).resolves.toBe(
      "fresh",
    );
  });

  it("starts nothing for a caller that already gave up, so a failing refresh cannot go unhandled", async () => {
    const refresh = vi.fn(async (): Promise<TokenSet> => {
      throw new Error("refresh endpoint down");
    });
    const manager = new TokenManager({ tokens: expired, refresh, now: () => NOW });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      await expect(manager.getAccessToken({ signal: AbortSignal.abort("gone") })).rejects.toBe("gone");
      // A caller that stops waiting while the refresh fails leaves nothing unhandled either.
      const controller = new AbortController();
      const waiting = manager.getAccessToken({ signal: controller.signal });
      controller.abort("gone too");
      await expect(waiting).rejects.toBe("gone too");
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(unhandled).toEqual([]);
  });

  it("disregards a refresh of tokens that setTokens replaced while it ran", async () => {
    let finish: (() => void) | undefined;
    const onTokens = vi.fn();
    const manager = new TokenManager({
      tokens: expired,
      refresh: (tokens) =>
        new Promise<TokenSet>((resolve) => {
          finish = () => resolve({ ...tokens, accessToken: "from-old-grant", expiresAt: NOW + 1e6 });
        }),
      onTokens,
      now: () => NOW,
    });
    const late = manager.getAccessToken();
    const reconnected: TokenSet = {
      ...expired,
      accessToken: "reconnected",
      refreshToken: "rt-new",
      expiresAt: NOW + 1e6,
    };
    manager.setTokens(reconnected);
    finish?.();
    expect(await late).toBe("reconnected");
    expect(manager.tokens).toBe(reconnected);
    expect(onTokens).not.toHaveBeenCalled();
  });
});
