import { ErrorCode, PlatformError, RateLimitError, type ResponseContext, ScopeError } from "@postkit/core";
import { describe, expect, it } from "vitest";
import { graphErrorOf, metaErrorFromResponse } from "../src/index.js";

function context(error: Record<string, unknown>, status = 400): ResponseContext {
  return {
    status,
    headers: new Headers(),
    body: { error },
    method: "GET",
    url: "https://graph.facebook.com/v25.0/me",
    retryAfterMs: undefined,
    secrets: ["EAAtoken"],
  };
}

const classify = (code: number, subcode?: number, extra: Record<string, unknown> = {}, status = 400) =>
  metaErrorFromResponse(
    context(
      {
        message: "Something. Then more.",
        type: "OAuthException",
        code,
        ...(subcode ? { error_subcode: subcode } : {}),
        fbtrace_id: "AbC",
        ...extra,
      },
      status,
    ),
    "Test call",
  );

describe("Graph errors", () => {
  it("190 and its subcodes: ACCESS_TOKEN_INVALID, reconnect", () => {
    for (const subcode of [undefined, 458, 459, 460, 463, 464, 467, 492]) {
      const error = classify(190, subcode);
      expect(error).toMatchObject({
        code: ErrorCode.ACCESS_TOKEN_INVALID,
        next: "after-reconnect",
        retryable: false,
        traceId: "AbC",
      });
      expect(graphErrorOf(error)).toMatchObject({
        code: 190,
        subcode,
        type: "OAuthException",
        fbtraceId: "AbC",
        kind: "auth",
      });
    }
    expect(classify(190, 463)?.hint).toMatch(/expired/);
  });

  it("permissions 10 and 200-299 are ScopeErrors carrying the Graph details", () => {
    for (const code of [10, 200, 250, 299]) {
      const error = classify(code);
      expect(ScopeError.isInstance(error)).toBe(true);
      expect(graphErrorOf(error)).toMatchObject({ code, kind: "permission" });
    }
  });

  it("throttling 4, 17, 32, 613 are RateLimitErrors", () => {
    for (const code of [4, 17, 32, 613]) {
      const error = classify(code);
      expect(RateLimitError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ source: "platform", platformCode: String(code) });
    }
    expect(RateLimitError.isInstance(classify(9, 2207042))).toBe(true);
  });

  it("transient 1 and 2 are retryable; policy 368 waits; 100 is never", () => {
    expect(classify(1, undefined, {}, 500)).toMatchObject({ retryable: true, next: "after-delay" });
    expect(classify(2)).toMatchObject({ retryable: true });
    expect(graphErrorOf(classify(368))?.kind).toBe("policy");
    expect(classify(368)).toMatchObject({ next: "after-delay", retryable: false });
    expect(classify(100)).toMatchObject({ retryable: false, next: "never" });
    expect(graphErrorOf(classify(100))?.kind).toBe("invalid-parameter");
  });

  it("Instagram media codes have their hint and next step", () => {
    expect(classify(9007, 2207027)).toMatchObject({
      retryable: true,
      hint: expect.stringMatching(/FINISHED/),
    });
    expect(graphErrorOf(classify(9004, 2207052))?.kind).toBe("media");
    expect(classify(100, 2207089)?.hint).toMatch(/REELS/);
    expect(classify(-1, 2207001)).toMatchObject({ retryable: true });
    expect(classify(36000, 2207004)?.hint).toMatch(/8 MiB/);
  });

  it("keeps Meta's fields, redacted, and says one sentence", () => {
    const error = metaErrorFromResponse(
      context({
        message: "Bad token EAAtoken. Try again.",
        code: 100,
        error_user_title: "T",
        error_user_msg: "User EAAtoken",
        is_transient: false,
        fbtrace_id: "X",
      }),
      "Test call",
    );
    expect(PlatformError.isInstance(error)).toBe(true);
    expect(error!.message).toBe("meta: Test call failed with Graph error 100: Bad token [REDACTED].");
    expect(graphErrorOf(error)).toMatchObject({ userTitle: "T", isTransient: false });
    expect(JSON.stringify(graphErrorOf(error))).not.toContain("EAAtoken");
  });

  it("is_transient decides for unknown codes; other bodies fall through", () => {
    expect(classify(12345, undefined, { is_transient: true })).toMatchObject({ retryable: true });
    expect(classify(12345)).toMatchObject({ retryable: false });
    expect(metaErrorFromResponse({ ...context({}), body: { nope: 1 } }, "x")).toBeUndefined();
  });
});
