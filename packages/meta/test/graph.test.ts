import { createHmac } from "node:crypto";
import { RateLimitError } from "@postkit/core";
import { describe, expect, it } from "vitest";
import {
  appSecretProof,
  GraphUsageGate,
  isMetaUrl,
  META_BASE_URLS,
  parseUsageHeaders,
} from "../src/index.js";

function manualClock() {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe("Graph client pieces", () => {
  it("appsecret_proof is hex HMAC-SHA256 of the token keyed by the app secret", async () => {
    const expected = createHmac("sha256", "secret").update("EAAtoken").digest("hex");
    expect(await appSecretProof("EAAtoken", "secret")).toBe(expected);
  });

  it("parses the three usage headers defensively", () => {
    const headers = new Headers({
      "x-app-usage": JSON.stringify({ call_count: 12, total_cputime: 3, total_time: 40 }),
      "x-page-usage": "not json",
      "x-business-use-case-usage": JSON.stringify({
        "123": [
          {
            type: "pages",
            call_count: 95,
            total_cputime: 1,
            total_time: 2,
            estimated_time_to_regain_access: 0,
          },
        ],
        "456": [{ type: "instagram", call_count: 100, estimated_time_to_regain_access: 3 }, "junk"],
        bad: "x",
      }),
    });
    const usage = parseUsageHeaders(headers)!;
    expect(usage.app).toEqual({ callCount: 12, totalCputime: 3, totalTime: 40 });
    expect(usage.page).toBeUndefined();
    expect(Object.keys(usage.business)).toEqual(["123", "456"]);
    expect(usage.maxPercent).toBe(100);
    expect(usage.regainAccessMs).toBe(180_000);
    expect(parseUsageHeaders(new Headers())).toBeUndefined();
  });

  it("the gate slows down above 90%, waits out a block, and throws past maxWaitMs", async () => {
    const clock = manualClock();
    const gate = new GraphUsageGate({ clock, slowdownMs: 500, maxWaitMs: 10_000 });
    (await gate.pass("tok", undefined))({
      status: 200,
      headers: new Headers({ "x-app-usage": '{"call_count":50}' }),
    });
    expect(clock.slept).toEqual([]);
    (await gate.pass("tok", undefined))({
      status: 200,
      headers: new Headers({ "x-app-usage": '{"call_count":92}' }),
    });
    await gate.pass("tok", undefined);
    expect(clock.slept).toEqual([500]);
    // Another token's Page is blocked for 1 minute: over maxWaitMs, so refused without sending.
    (await gate.pass("other", undefined))({
      status: 200,
      headers: new Headers({
        "x-app-usage": '{"call_count":1}',
        "x-business-use-case-usage": '{"9":[{"call_count":100,"estimated_time_to_regain_access":1}]}',
      }),
    });
    const error = await gate.pass("other", undefined).catch((e: unknown) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ source: "client", retryAfterMs: 60_000 });
    // The first token is not blocked by the other's Page.
    await expect(gate.pass("tok", undefined)).resolves.toBeTypeOf("function");
  });

  it("trust descriptors: Meta's exact hosts, or the configured base URL", () => {
    expect(isMetaUrl("https://rupload.facebook.com/video-upload/v25.0/1", "rupload", META_BASE_URLS)).toBe(
      true,
    );
    expect(isMetaUrl("https://rupload.facebook.com/other/1", "rupload", META_BASE_URLS)).toBe(false);
    expect(isMetaUrl("https://evil.example/video-upload/v25.0/1", "rupload", META_BASE_URLS)).toBe(false);
    expect(isMetaUrl("https://graph.facebook.com/v25.0/me/accounts?after=x", "graph", META_BASE_URLS)).toBe(
      true,
    );
    expect(
      isMetaUrl("http://127.0.0.1:9/meta/graph/v25.0/me", "graph", {
        ...META_BASE_URLS,
        graph: "http://127.0.0.1:9/meta/graph",
      }),
    ).toBe(true);
  });
});
