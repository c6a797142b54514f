import { HttpError, RateLimitError, type ResponseContext } from "@postkit/core";
import { describe, expect, it } from "vitest";
import {
  isRetryableReason,
  NoChannelError,
  parseGoogleError,
  type QuotaEvent,
  YouTubeApiError,
  YouTubeErrorReason,
} from "../src/index.js";
import { bytesSource, CHUNK, connectionFrom, pseudoRandomBytes, setup } from "./support.js";

function context(status: number, body: unknown, retryAfterMs?: number): ResponseContext {
  return {
    status,
    headers: new Headers(),
    body,
    method: "GET",
    url: "https://www.googleapis.com/x",
    retryAfterMs,
    secrets: [],
  };
}

function googleBody(code: number, reason: string, message = "m", status?: string) {
  return {
    error: { code, message, ...(status ? { status } : {}), errors: [{ reason, domain: "d", message }] },
  };
}

const expected: Record<string, [number, boolean]> = {
  quotaExceeded: [403, false],
  uploadLimitExceeded: [400, false],
  rateLimitExceeded: [403, true],
  userRateLimitExceeded: [429, true],
  forbidden: [403, false],
  insufficientPermissions: [403, false],
  invalidTitle: [400, false],
  invalidDescription: [400, false],
  invalidTags: [400, false],
  invalidCategoryId: [400, false],
  invalidPublishAt: [400, false],
  mediaBodyRequired: [400, false],
  defaultLanguageNotSet: [400, false],
  invalidImage: [400, false],
  youtubeSignupRequired: [401, false],
  authError: [401, false],
  accessNotConfigured: [403, false],
};

describe("Google error bodies", () => {
  it("covers every reason of the spec with a retryable flag", () => {
    expect(Object.keys(expected).sort()).toEqual(Object.values(YouTubeErrorReason).sort());
    for (const [reason, [status, retryable]] of Object.entries(expected)) {
      const error = parseGoogleError(context(status, googleBody(status, reason)), "op");
      expect(error?.retryable, reason).toBe(retryable);
      expect(isRetryableReason(reason, status)).toBe(retryable);
      if (retryable) {
        expect(RateLimitError.isInstance(error)).toBe(true);
        expect((error as RateLimitError).platformCode).toBe(reason);
      } else {
        expect(YouTubeApiError.isInstance(error)).toBe(true);
        expect((error as YouTubeApiError).reason).toBe(reason);
        expect((error as YouTubeApiError).platformCode).toBe(reason);
      }
    }
    expect(parseGoogleError(context(401, googleBody(401, "authError")), "op")).toMatchObject({
      code: "ACCESS_TOKEN_INVALID",
      reason: "authError",
    });
    expect(
      NoChannelError.isInstance(
        parseGoogleError(context(401, googleBody(401, "youtubeSignupRequired")), "op"),
      ),
    ).toBe(true);
  });

  it("strips HTML from messages, keeps status, honours Retry-After and falls back on status", () => {
    const quota = parseGoogleError(
      context(
        403,
        googleBody(
          403,
          "quotaExceeded",
          'You have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
          "PERMISSION_DENIED",
        ),
      ),
      "videos.list",
    ) as YouTubeApiError;
    expect(quota.message).toContain("You have exceeded your quota.");
    expect(quota.message).not.toContain("<a");
    expect(quota.errors[0]!.message).toBe("You have exceeded your quota.");
    expect(quota.googleStatus).toBe("PERMISSION_DENIED");
    const rate = parseGoogleError(
      context(429, googleBody(429, "rateLimitExceeded"), 3000),
      "x",
    ) as RateLimitError;
    expect(rate.retryAfterMs).toBe(3000);
    const backend = parseGoogleError(
      context(503, { error: { code: 503, message: "Backend Error", status: "UNAVAILABLE" } }),
      "x",
    ) as YouTubeApiError;
    expect(backend.reason).toBe("UNAVAILABLE");
    expect(backend.retryable).toBe(true);
    expect(parseGoogleError(context(502, "<html>bad gateway</html>"), "x")).toBeUndefined();
    expect(parseGoogleError(context(200, googleBody(400, "x")), "x")).toBeUndefined();
  });

  it("surfaces an unparseable 5xx as a retryable HttpError through the client", async () => {
    const { youtube, emulator, hub } = setup();
    hub.faults.add({
      platform: "youtube",
      path: "/youtube/v3/channels",
      times: 10,
      status: 502,
      body: "bad gateway",
    });
    const error = await youtube.getChannel(connectionFrom(emulator)).catch((e: unknown) => e);
    expect(HttpError.isInstance(error) && error.retryable && error.status).toBe(502);
  });
});

describe("quota reporting", () => {
  it("reports each charged call with its cost from the (configurable) table", async () => {
    const events: QuotaEvent[] = [];
    const { youtube, emulator } = setup(
      {},
      { onQuota: (event) => events.push(event), quotaCosts: { "videos.insert": 1600 } },
    );
    const tokens = connectionFrom(emulator);
    await youtube.getChannel(tokens);
    const job = await youtube.publishVideo(tokens, {
      source: bytesSource(pseudoRandomBytes(CHUNK + 1)),
      options: { title: "q" },
      chunkSize: CHUNK,
    });
    await youtube.getVideoStatus(tokens, job.ids.videoId!);
    await youtube.deleteVideo(tokens, job.ids.videoId!);
    expect(events.map((e) => [e.operation, e.cost, e.status])).toEqual([
      ["channels.list", 1, 200],
      ["videos.insert", 1600, 200],
      ["videos.list", 1, 200],
      ["videos.delete", 50, 204],
    ]);
    // The emulator charged its own default table: 1 + 100 + 1 + 50.
    expect(emulator.quota.used).toBe(152);
  });

  it("reports failed calls at 1 unit, as the emulator charges them (spec §6: invalid requests cost ≥1)", async () => {
    const events: QuotaEvent[] = [];
    const { youtube, emulator } = setup({}, { onQuota: (event) => events.push(event) });
    const tokens = connectionFrom(emulator);
    emulator.expireAccessTokens();
    // 401 authError, refreshed, then 200.
    await youtube.getChannel(tokens);
    // A category the SDK cannot know is wrong: the emulator rejects the metadata at session start.
    const rejected = await youtube
      .publishVideo(tokens, {
        source: bytesSource(pseudoRandomBytes(10)),
        options: { title: "q", categoryId: "999" },
      })
      .catch((e: unknown) => e);
    expect(YouTubeApiError.isInstance(rejected) && rejected.reason).toBe("invalidCategoryId");
    expect(events.map((e) => [e.operation, e.cost, e.status])).toEqual([
      ["channels.list", 1, 401],
      ["channels.list", 1, 200],
      ["videos.insert", 1, 400],
    ]);
    expect(emulator.quota.used).toBe(3);

    const custom: QuotaEvent[] = [];
    const other = setup({ failedCallCost: 2 }, { onQuota: (e) => custom.push(e), failedQuotaCost: 2 });
    await other.youtube.getVideoStatus(connectionFrom(other.emulator), "nope").catch(() => undefined);
    await other.youtube.deleteVideo(connectionFrom(other.emulator), "nope").catch(() => undefined);
    expect(custom.map((e) => [e.operation, e.cost, e.status])).toEqual([
      ["videos.list", 1, 200],
      ["videos.delete", 2, 404],
    ]);
    expect(other.emulator.quota.used).toBe(3);
  });

  it("turns quotaExceeded into a non-retryable error and stops charging", async () => {
    const events: QuotaEvent[] = [];
    const { youtube, emulator, hub } = setup({ quotaLimit: 1 }, { onQuota: (event) => events.push(event) });
    const tokens = connectionFrom(emulator);
    await youtube.getChannel(tokens);
    expect(emulator.quota.used).toBe(1);
    for (let i = 0; i < 2; i++) {
      const error = await youtube.getChannel(tokens).catch((e: unknown) => e);
      expect(YouTubeApiError.isInstance(error) && error.reason).toBe("quotaExceeded");
      expect((error as YouTubeApiError).retryable).toBe(false);
    }
    // The refused calls cost nothing, in the emulator and in what the SDK reports.
    expect(emulator.quota.used).toBe(1);
    expect(hub.log.count({ platform: "youtube", path: "/youtube/v3/channels" })).toBe(3);
    expect(events.map((e) => [e.operation, e.cost, e.status])).toEqual([
      ["channels.list", 1, 200],
      ["channels.list", 0, 403],
      ["channels.list", 0, 403],
    ]);
    emulator.resetQuota();
    await expect(youtube.getChannel(tokens)).resolves.toBeDefined();
    expect(emulator.quota.used).toBe(1);
    expect(events.at(-1)).toEqual({ operation: "channels.list", cost: 1, status: 200 });
  });
});
