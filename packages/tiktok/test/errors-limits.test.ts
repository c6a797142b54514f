import { ErrorCode, PlatformError, RateLimitError, type ResponseContext, ScopeError } from "@postkit/core";
import type { TikTokEmulatorOptions } from "@postkit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  isRetryableTikTokCode,
  TIKTOK_RATE_LIMITS,
  TikTokRateLimiter,
  TIKTOK_RATE_LIMIT_WINDOW_MS,
  TikTokErrorCode,
  tiktokErrorFromResponse,
} from "../src/index.js";
import { quoteLargeIds } from "../src/api.js";
import { defaults, directOptions, setup, TRANSPORTS } from "./helpers.js";

function context(status: number, code: string, retryAfterMs?: number): ResponseContext {
  return {
    status,
    headers: new Headers(),
    body: { data: {}, error: { code, message: `about ${code}`, log_id: "202601010000" } },
    method: "POST",
    url: "https://open.tiktokapis.com/v2/x/",
    retryAfterMs,
    secrets: [],
  };
}

// spec §4: code, HTTP status, retryable
const TABLE: Array<[string, number, boolean]> = [
  ["access_token_invalid", 401, false],
  ["scope_not_authorized", 401, false],
  ["scope_permission_missed", 400, false],
  ["invalid_params", 400, false],
  ["invalid_param", 400, false],
  ["invalid_file_upload", 400, false],
  ["internal_error", 500, true],
  ["spam_risk_too_many_posts", 403, false],
  ["spam_risk_user_banned_from_posting", 403, false],
  ["spam_risk_too_many_pending_share", 403, false],
  ["reached_active_user_cap", 403, false],
  ["unaudited_client_can_only_post_to_private_accounts", 403, false],
  ["url_ownership_unverified", 403, false],
  ["privacy_level_option_mismatch", 403, false],
  ["app_version_check_failed", 400, false],
  ["invalid_publish_id", 400, false],
  ["token_not_authorized_for_specified_publish_id", 400, false],
  ["publish_not_cancellable", 400, false],
];

describe("TikTok error codes (spec §4)", () => {
  it("exports a constant for every code", () => {
    const values = Object.values(TikTokErrorCode) as string[];
    for (const [code] of TABLE) expect(values).toContain(code);
    expect(values).toContain("rate_limit_exceeded");
    expect(values).toContain("ok");
  });

  it.each(TABLE)(
    "%s (HTTP %i) → PlatformError (ScopeError for scope codes), retryable %s",
    (code, status, retryable) => {
      const error = tiktokErrorFromResponse(context(status, code), "TikTok test");
      const scope = code.startsWith("scope_");
      expect(PlatformError.isInstance(error)).toBe(!scope);
      expect(ScopeError.isInstance(error)).toBe(scope);
      if (scope)
        expect(error).toMatchObject({ next: "after-reconnect", hint: expect.stringMatching(/scope/) });
      expect(error).toMatchObject({ platformCode: code, status, retryable, traceId: "202601010000" });
      expect(isRetryableTikTokCode(code)).toBe(retryable);
    },
  );

  it("maps the intentional HTTP 200 errors too, and scope codes to MISSING_SCOPES", () => {
    expect(tiktokErrorFromResponse(context(200, "reached_active_user_cap"), "x")).toMatchObject({
      status: 200,
      retryable: false,
    });
    expect(tiktokErrorFromResponse(context(401, "scope_not_authorized"), "x")?.code).toBe(
      ErrorCode.MISSING_SCOPES,
    );
    expect(tiktokErrorFromResponse(context(200, "ok"), "x")).toBeUndefined();
    expect(tiktokErrorFromResponse({ ...context(502, "x"), body: "Bad Gateway" }, "x")).toBeUndefined();
  });

  it("rate_limit_exceeded → RateLimitError from the platform with Retry-After", () => {
    const error = tiktokErrorFromResponse(context(429, "rate_limit_exceeded", 5000), "x");
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      source: "platform",
      retryAfterMs: 5000,
      retryable: true,
      platformCode: "rate_limit_exceeded",
    });
  });

  it("an unknown code is retryable only with a retryable status", () => {
    expect(tiktokErrorFromResponse(context(503, "brand_new_code"), "x")?.retryable).toBe(true);
    expect(tiktokErrorFromResponse(context(400, "brand_new_code"), "x")?.retryable).toBe(false);
  });
});

describe("lossless publicaly_available_post_id", () => {
  it("quotes int64 ids so no digit is lost", () => {
    const raw =
      '{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[7340000000000000123, 7340000000000000999]}}';
    const parsed = JSON.parse(quoteLargeIds(raw)) as { data: { publicaly_available_post_id: string[] } };
    expect(parsed.data.publicaly_available_post_id).toEqual(["7340000000000000123", "7340000000000000999"]);
    expect(String(JSON.parse(raw).data.publicaly_available_post_id[0])).not.toBe("7340000000000000123");
    expect(quoteLargeIds('{"publicaly_available_post_id":[]}')).toBe('{"publicaly_available_post_id":[]}');
  });
});

let env: Awaited<ReturnType<typeof limited>>;
afterEach(async () => env?.close());

const VIDEO_INIT = "/v2/post/publish/video/init/";
const INBOX_INIT = "/v2/post/publish/inbox/video/init/";
const CONTENT_INIT = "/v2/post/publish/content/init/";
const videoUrl = "https://media.example/a.mp4";
const imageUrls = ["https://media.example/p/0.jpeg"];

/** A setup whose limiter records each wait instead of sleeping (the clock still moves). */
async function limited(mode: "wait" | "throw" | "off" | undefined, emulator: TikTokEmulatorOptions = {}) {
  const waits: number[] = [];
  const created = await setup({ emulator, client: mode ? { rateLimit: { mode } } : {} });
  const tiktok = created.client({
    clock: {
      now: () => created.clock.now(),
      sleep: async (ms) => {
        waits.push(ms);
        created.clock.advance(ms);
      },
    },
  });
  return { ...created, tiktok, waits };
}

/** The statuses the emulator answered on `path`, in order. */
function statuses(path: string): Array<number | undefined> {
  return env.hub.log
    .entries()
    .filter((entry) => entry.path === path)
    .map((entry) => entry.status);
}

describe.each(TRANSPORTS)("client-side rate limits (per access token) via %s", (transport) => {
  beforeAll(() => {
    defaults.transport = transport;
  });
  afterAll(() => {
    defaults.transport = "fetch";
  });

  it("mode throw: the 7th video init in a minute is a client RateLimitError and is not sent", async () => {
    env = await limited("throw");
    const tokens = env.connection(["video.publish"]);
    const creatorInfo = await env.tiktok.getCreatorInfo(tokens);
    const post = (by: typeof tokens) =>
      env.tiktok.postVideo(by, { videoUrl, options: directOptions, creatorInfo });
    for (let i = 0; i < 6; i++) await post(tokens);
    const error = await post(tokens).catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ source: "client", retryable: true });
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(0);
    expect(env.hub.log.count({ path: VIDEO_INIT })).toBe(6);
    // Another token has its own window, and another endpoint its own bucket.
    await post(env.connection(["video.publish"]));
    await env.tiktok.postPhotos(tokens, {
      postMode: "DIRECT_POST",
      privacyLevel: "SELF_ONLY",
      imageUrls,
      creatorInfo,
    });
    expect(env.hub.log.count({ path: VIDEO_INIT })).toBe(7);
    expect(env.hub.log.count({ path: CONTENT_INIT })).toBe(1);
  });

  it("mode wait (default): waits for the window instead of earning a 429", async () => {
    env = await limited(undefined);
    const tokens = env.connection(["video.publish"]);
    for (let i = 0; i < TIKTOK_RATE_LIMITS.creatorInfo; i++) await env.tiktok.getCreatorInfo(tokens);
    expect(env.waits).toHaveLength(0);
    await env.tiktok.getCreatorInfo(tokens);
    expect(env.waits).toHaveLength(1);
    expect(env.hub.log.entries().every((entry) => entry.status === 200)).toBe(true);
  });

  it("inbox init (6/min): mode throw refuses the 7th draft without sending it; failed inits count too", async () => {
    env = await limited("throw");
    const tokens = env.connection(["video.upload"]);
    for (let i = 0; i < 5; i++) await env.tiktok.uploadDraft(tokens, { videoUrl });
    // The 6th is sent and refused by TikTok (at most 5 pending shares); it still spends a slot.
    await expect(env.tiktok.uploadDraft(tokens, { videoUrl })).rejects.toMatchObject({
      platformCode: "spam_risk_too_many_pending_share",
    });
    const error = await env.tiktok.uploadDraft(tokens, { videoUrl }).catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error) && error.source).toBe("client");
    expect(statuses(INBOX_INIT)).toEqual([200, 200, 200, 200, 200, 403]);
  });

  it("inbox init (6/min): mode wait sends the 7th draft only once the window has room", async () => {
    env = await limited("wait");
    const tokens = env.connection(["video.upload"]);
    for (let i = 0; i < 5; i++) await env.tiktok.uploadDraft(tokens, { videoUrl });
    await env.tiktok.uploadDraft(tokens, { videoUrl }).catch(() => undefined); // pending-share cap
    expect(env.waits).toHaveLength(0);
    await env.tiktok.uploadDraft(tokens, { videoUrl }).catch(() => undefined);
    expect(env.waits).toHaveLength(1);
    expect(statuses(INBOX_INIT)).toEqual([200, 200, 200, 200, 200, 403, 403]);
  });

  /** Six direct photo posts on one token; returns the seventh, not yet sent. */
  async function sixPhotoPosts(mode: "wait" | "throw") {
    env = await limited(mode);
    const tokens = env.connection(["video.publish"]);
    const creatorInfo = await env.tiktok.getCreatorInfo(tokens);
    const post = () =>
      env.tiktok.postPhotos(tokens, {
        postMode: "DIRECT_POST",
        privacyLevel: "SELF_ONLY",
        imageUrls,
        creatorInfo,
      });
    for (let i = 0; i < 6; i++) await post();
    return post;
  }

  it("photo content/init (6/min): mode throw refuses the 7th without sending it", async () => {
    const seventh = await sixPhotoPosts("throw");
    const error = await seventh().catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error) && error.source).toBe("client");
    expect(statuses(CONTENT_INIT)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("photo content/init (6/min): mode wait sends the 7th once the window has room", async () => {
    const seventh = await sixPhotoPosts("wait");
    expect(env.waits).toHaveLength(0);
    await seventh();
    expect(env.waits).toHaveLength(1);
    expect(statuses(CONTENT_INIT)).toEqual([200, 200, 200, 200, 200, 200, 200]);
  });

  it("photo MEDIA_UPLOAD shares the content/init bucket with DIRECT_POST", async () => {
    env = await limited("throw");
    const tokens = env.connection(["video.publish", "video.upload"]);
    const creatorInfo = await env.tiktok.getCreatorInfo(tokens);
    for (let i = 0; i < 3; i++) {
      await env.tiktok.postPhotos(tokens, { postMode: "MEDIA_UPLOAD", imageUrls });
      await env.tiktok.postPhotos(tokens, {
        postMode: "DIRECT_POST",
        privacyLevel: "SELF_ONLY",
        imageUrls,
        creatorInfo,
      });
    }
    const error = await env.tiktok
      .postPhotos(tokens, { postMode: "MEDIA_UPLOAD", imageUrls })
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error) && error.source).toBe("client");
    expect(env.hub.log.count({ path: CONTENT_INIT })).toBe(6);
  });

  it("with the limiter off, TikTok's 429 comes back as a platform RateLimitError, and the init is not repeated", async () => {
    env = await limited("off");
    const tokens = env.connection(["video.publish"]);
    const creatorInfo = await env.tiktok.getCreatorInfo(tokens);
    for (let i = 0; i < 6; i++) {
      await env.tiktok.postVideo(tokens, { videoUrl, options: directOptions, creatorInfo });
    }
    const error = await env.tiktok
      .postVideo(tokens, { videoUrl, options: directOptions, creatorInfo })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ source: "platform", status: 429, platformCode: "rate_limit_exceeded" });
    expect(env.hub.log.count({ path: VIDEO_INIT })).toBe(7);
  });

  it("status fetches stay within 30 per minute", async () => {
    env = await limited("wait", { processingPolls: 100 });
    const tokens = env.connection(["video.publish"]);
    const started = await env.tiktok.postVideo(tokens, { videoUrl, options: directOptions });
    for (let i = 0; i < 31; i++) await env.tiktok.fetchPublishStatus(tokens, started.publishId);
    expect(env.waits).toHaveLength(1);
    expect(env.hub.log.entries().filter((entry) => entry.status === 429)).toHaveLength(0);
  });
});

describe("automatic retries and the limiter", () => {
  const CREATOR_INFO = "/v2/post/publish/creator_info/query/";
  const USER_INFO = "/v2/user/info/";

  it("a retried read takes a slot of its own: 20 creator info calls after a lost response never earn a 429", async () => {
    let lose = true;
    env = await limited("wait");
    const tiktok = env.client({
      clock: {
        now: () => env.clock.now(),
        sleep: async (ms) => {
          env.waits.push(ms);
          env.clock.advance(ms);
        },
      },
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const response = await env.hub.fetch(request);
        if (lose && new URL(request.url).pathname === CREATOR_INFO) {
          lose = false;
          throw new TypeError("fetch failed"); // TikTok counted it; the answer never arrived
        }
        return response;
      },
    });
    const tokens = env.connection(["video.publish"]);
    for (let i = 0; i < TIKTOK_RATE_LIMITS.creatorInfo; i++) await tiktok.getCreatorInfo(tokens);
    expect(statuses(CREATOR_INFO)).toEqual(Array(TIKTOK_RATE_LIMITS.creatorInfo + 1).fill(200));
    // The 21st request of the minute (the 20th call) waited for the window instead.
    expect(env.waits).toHaveLength(1);
  });

  it("in throw mode a retry that finds the window full surfaces the client RateLimitError, unsent", async () => {
    env = await limited("throw");
    const tokens = env.connection(["video.publish"]);
    for (let i = 0; i < TIKTOK_RATE_LIMITS.creatorInfo - 1; i++) await env.tiktok.getCreatorInfo(tokens);
    env.hub.faults.add({ platform: "tiktok", path: CREATOR_INFO, status: 503 });
    const error = await env.tiktok.getCreatorInfo(tokens).catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error) && error.source).toBe("client");
    expect(statuses(CREATOR_INFO)).toEqual([...Array(TIKTOK_RATE_LIMITS.creatorInfo - 1).fill(200), 503]);
  });

  it("does not repeat TikTok's 429 without Retry-After; with Retry-After it does, through the limiter", async () => {
    env = await limited("wait");
    const tokens = env.connection(["user.info.basic"]);
    const envelope = { data: {}, error: { code: "rate_limit_exceeded", message: "slow down", log_id: "1" } };
    env.hub.faults.add({ platform: "tiktok", path: USER_INFO, status: 429, body: envelope });
    const error = await env.tiktok.getProfile(tokens).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ source: "platform", status: 429, retryAfterMs: undefined });
    expect(statuses(USER_INFO)).toEqual([429]);

    env.hub.faults.add({
      platform: "tiktok",
      path: USER_INFO,
      status: 429,
      body: envelope,
      retryAfterSeconds: 0,
    });
    await env.tiktok.getProfile(tokens);
    expect(statuses(USER_INFO)).toEqual([429, 429, 200]);
  });

  it("logs the failure the caller receives at error level once, after its retries, on a logger class", async () => {
    // Like pino or winston: the methods live on the prototype.
    class AppLogger {
      readonly lines: string[] = [];
      debug(message: string) {
        this.lines.push(`debug ${message}`);
      }
      info(message: string) {
        this.lines.push(`info ${message}`);
      }
      error(message: string) {
        this.lines.push(`error ${message}`);
      }
    }
    const logger = new AppLogger();
    env = await limited(undefined);
    const tiktok = env.client({ logger, retry: { retries: 2, minDelayMs: 1, jitter: false } });
    env.hub.faults.add({ platform: "tiktok", path: CREATOR_INFO, status: 503, times: 3 });
    await expect(tiktok.getCreatorInfo(env.connection(["video.publish"]))).rejects.toMatchObject({
      status: 503,
    });
    expect(statuses(CREATOR_INFO)).toEqual([503, 503, 503]);
    expect(logger.lines.filter((line) => line.startsWith("info ") && line.includes("retrying"))).toHaveLength(
      2,
    );
    expect(logger.lines.filter((line) => line.startsWith("error "))).toHaveLength(1);
    expect(logger.lines.filter((line) => line.startsWith("debug ")).length).toBeGreaterThanOrEqual(3);
  });

  it("still sends an init exactly once, whatever fails", async () => {
    env = await limited("wait");
    const tokens = env.connection(["video.publish"]);
    const creatorInfo = await env.tiktok.getCreatorInfo(tokens);
    env.hub.faults.add({ platform: "tiktok", path: VIDEO_INIT, status: 503 });
    await expect(
      env.tiktok.postVideo(tokens, { videoUrl, options: directOptions, creatorInfo }),
    ).rejects.toMatchObject({ retryable: true });
    expect(env.hub.log.count({ path: VIDEO_INIT })).toBe(1);
  });
});

describe("TikTokRateLimiter memory", () => {
  it("drops the windows of tokens with no call in the last minute", async () => {
    let now = 0;
    const limiter = new TikTokRateLimiter({
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    for (let i = 0; i < 1000; i++) await limiter.acquire("userInfo", `token-${i}`);
    expect(limiter.trackedWindows).toBe(1000);
    now += 30_000;
    await limiter.acquire("userInfo", "token-0"); // still inside the minute: nothing to drop
    expect(limiter.trackedWindows).toBe(1000);
    now += TIKTOK_RATE_LIMIT_WINDOW_MS + 1; // the minute plus the limiter's margin
    await limiter.acquire("statusFetch", "token-new");
    expect(limiter.trackedWindows).toBe(1);
    // A dropped window starts empty again: its limit is whole.
    for (let i = 0; i < TIKTOK_RATE_LIMITS.statusFetch - 1; i++)
      await limiter.acquire("statusFetch", "token-new");
    await expect(limiter.acquire("statusFetch", "token-new")).resolves.toBeUndefined();
    expect(now).toBeGreaterThan(30_000 + TIKTOK_RATE_LIMIT_WINDOW_MS + 1); // the 31st call waited for the window
  });
});
