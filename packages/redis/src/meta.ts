/**
 * @postkit/redis/meta: Meta's usage headers shared in Redis, so every worker paces itself on what
 * any of them last heard. Pass {@link RedisGraphUsageGate} as the Meta client's `usage`.
 *
 * @packageDocumentation
 */
import { type AttemptEnd, RateLimitError, sleep } from "@postkit/core";
import { GraphUsageGate, parseUsageHeaders, type UsageGateOptions, type UsageNumbers } from "@postkit/meta";
import { bounded, type RedisStoreOptions, type Resolved, resolve, sha256 } from "./client.js";

/** @group Rate limits */
export interface RedisGraphUsageGateOptions
  extends RedisStoreOptions,
    Omit<UsageGateOptions, "clock" | "mode"> {
  /**
   * `wait`: above `threshold`, pause before each call; while Meta says access is blocked, wait
   * for it (up to `maxWaitMs`). `throw`: refuse instead (`RateLimitError`, `source: "client"`).
   * @default "wait"
   */
  mode?: "wait" | "throw" | undefined;
}

/** One reading as stored: the highest percentage and until when Meta blocks access (epoch ms). */
interface Reading {
  percent: number;
  blockedUntil: number;
}

/**
 * The Meta client's usage gate with its readings in Redis: `X-App-Usage` under the app, and
 * `X-Page-Usage` / `X-Business-Use-Case-Usage` under the access token's SHA-256 (never the token),
 * written by whichever worker got the answer and read by every worker before each attempt. The
 * pacing rules are `GraphUsageGate`'s: above `threshold` each call waits `slowdownMs`; at
 * 100%, or while Meta says access is blocked (`estimated_time_to_regain_access`), calls wait until
 * then or are refused. Readings expire after `staleAfterMs` (or when the block ends, if later).
 *
 * Reading Redis before an attempt is bounded by `timeoutMs` (a `StoreError` then: nothing is
 * sent); a reading that cannot be written is dropped (the next answer brings a new one).
 *
 * @example
 * ```ts
 * import { RedisGraphUsageGate } from "@postkit/redis/meta";
 *
 * const meta = new Meta({ appId, appSecret, redirectUri, usage: new RedisGraphUsageGate({ client: redis }) });
 * ```
 * @group Rate limits
 */
export class RedisGraphUsageGate extends GraphUsageGate {
  readonly #redis: Resolved;
  readonly #mode: "wait" | "throw";
  readonly #threshold: number;
  readonly #slowdownMs: number;
  readonly #maxWaitMs: number;
  readonly #staleAfterMs: number;

  constructor(options: RedisGraphUsageGateOptions) {
    super(options);
    this.#redis = resolve(options, "RedisGraphUsageGate");
    this.#mode = options.mode ?? "wait";
    this.#threshold = options.threshold ?? 90;
    this.#slowdownMs = options.slowdownMs ?? 2_000;
    this.#maxWaitMs = options.maxWaitMs ?? 60_000;
    this.#staleAfterMs = options.staleAfterMs ?? 300_000;
  }

  /** Waits (or throws) as the fleet's readings for `accessToken` and the app require. */
  override async pass(accessToken: string | undefined, signal: AbortSignal | undefined): Promise<AttemptEnd> {
    const token = accessToken ? await this.#tokenKey(accessToken) : undefined;
    const end: AttemptEnd = (response) => {
      if (response) this.#record(response.headers, token);
    };
    const keys = [this.#appKey(), ...(token ? [token] : [])];
    const values = await bounded(this.#redis, "rate-limit", "read of Meta's usage", () =>
      this.#redis.client.mget(...keys),
    );
    const readings = values.map(readingOf);
    const now = Date.now();
    const percent = Math.max(0, ...readings.map((reading) => reading?.percent ?? 0));
    const blockedUntil = Math.max(0, ...readings.map((reading) => reading?.blockedUntil ?? 0));
    let waitMs = 0;
    if (blockedUntil > now) waitMs = blockedUntil - now;
    else if (percent >= 100) waitMs = this.#maxWaitMs;
    else if (percent >= this.#threshold) waitMs = this.#slowdownMs;
    if (waitMs === 0) return end;
    if (this.#mode === "throw" || waitMs > this.#maxWaitMs) {
      throw new RateLimitError(
        `meta: the fleet's last usage headers said ${Math.round(percent)}% of Meta's limit, so postkit did not send this call.`,
        {
          source: "client",
          retryAfterMs: waitMs,
          hint: "Wait retryAfterMs before calling again, or raise maxWaitMs to let postkit wait.",
        },
      );
    }
    await sleep(waitMs, signal);
    return end;
  }

  /** Files the headers in this process (and `onUsage`) and in Redis for the fleet. */
  #record(headers: Headers, token: string | undefined): void {
    super.record(headers, token);
    const usage = parseUsageHeaders(headers);
    if (!usage) return;
    const now = Date.now();
    const writes: Array<[string, Reading]> = [];
    if (usage.app) writes.push([this.#appKey(), { percent: peak(usage.app), blockedUntil: 0 }]);
    if (token) {
      const business = Object.values(usage.business).flat();
      writes.push([
        token,
        {
          percent: Math.max(peak(usage.page), ...business.map(peak), 0),
          blockedUntil: usage.regainAccessMs > 0 ? now + usage.regainAccessMs : 0,
        },
      ]);
    }
    for (const [key, reading] of writes) {
      const ttl = Math.max(this.#staleAfterMs, reading.blockedUntil - now);
      bounded(this.#redis, "rate-limit", "write of Meta's usage", () =>
        this.#redis.client.set(key, JSON.stringify(reading), "PX", ttl),
      ).catch(() => undefined);
    }
  }

  #appKey(): string {
    return `${this.#redis.prefix}meta:usage:app`;
  }

  async #tokenKey(accessToken: string): Promise<string> {
    return `${this.#redis.prefix}meta:usage:${(await sha256(accessToken)).slice(0, 32)}`;
  }
}

/** A stored reading, or `undefined` for none or one that is not a reading (then it paces nothing). */
function readingOf(value: string | null): Reading | undefined {
  if (!value) return undefined;
  try {
    const reading = JSON.parse(value) as Partial<Reading>;
    return typeof reading.percent === "number" && typeof reading.blockedUntil === "number"
      ? { percent: reading.percent, blockedUntil: reading.blockedUntil }
      : undefined;
  } catch {
    return undefined;
  }
}

const peak = (reading: UsageNumbers | undefined): number =>
  reading ? Math.max(reading.callCount, reading.totalCputime, reading.totalTime) : 0;
