// Meta's usage headers, and a gate that slows down before Meta throttles.
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting
import { type AttemptEnd, type Clock, RateLimitError, systemClock } from "@postkit/core";

/** One usage reading: each value is a percentage of the limit. @group Rate limits */
export interface UsageNumbers {
  /** Calls, % of the limit. */
  callCount: number;
  /** CPU time, % of the limit. */
  totalCputime: number;
  /** Total time, % of the limit. */
  totalTime: number;
}

/** One entry of `X-Business-Use-Case-Usage` for one business object. @group Rate limits */
export interface BusinessUseCaseUsage extends UsageNumbers {
  /** `pages`, `instagram`, `ads_management`, … */
  type: string | undefined;
  /** Minutes until the object may call again; 0 when not blocked. */
  estimatedTimeToRegainAccessMinutes: number;
}

/**
 * What the usage headers of one response said. `X-Business-Use-Case-Usage`'s exact text at Meta
 * is UNCONFIRMED; it is parsed defensively (several ids, several entries, missing keys).
 * @group Rate limits
 */
export interface GraphUsage {
  /** `X-App-Usage`: the app's platform limit. */
  app: UsageNumbers | undefined;
  /** `X-Page-Usage`: the Page's limit (legacy; pairs with error 32). */
  page: UsageNumbers | undefined;
  /** `X-Business-Use-Case-Usage`, by business object id (Page, Instagram user, ad account). */
  business: Record<string, BusinessUseCaseUsage[]>;
  /** The highest percentage of any reading. */
  maxPercent: number;
  /** The longest `estimated_time_to_regain_access`, in milliseconds; 0 when nothing is blocked. */
  regainAccessMs: number;
}

function percent(value: unknown): number {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) && number >= 0 ? number : 0;
}

function numbers(value: unknown): UsageNumbers | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  return {
    callCount: percent(fields.call_count),
    totalCputime: percent(fields.total_cputime),
    totalTime: percent(fields.total_time),
  };
}

function json(text: string | null): unknown {
  if (!text || text.length > 16_384) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const peak = (reading: UsageNumbers | undefined): number =>
  reading ? Math.max(reading.callCount, reading.totalCputime, reading.totalTime) : 0;

/**
 * Reads `X-App-Usage`, `X-Page-Usage` and `X-Business-Use-Case-Usage`; `undefined` when the
 * response had none of them (or none parsed).
 * @group Rate limits
 */
export function parseUsageHeaders(headers: Headers): GraphUsage | undefined {
  const app = numbers(json(headers.get("x-app-usage")));
  const page = numbers(json(headers.get("x-page-usage")));
  const business: Record<string, BusinessUseCaseUsage[]> = {};
  const buc = json(headers.get("x-business-use-case-usage"));
  if (typeof buc === "object" && buc !== null && !Array.isArray(buc)) {
    for (const [id, list] of Object.entries(buc as Record<string, unknown>)) {
      if (!Array.isArray(list)) continue;
      const entries: BusinessUseCaseUsage[] = [];
      for (const item of list) {
        const reading = numbers(item);
        if (!reading) continue;
        const fields = item as Record<string, unknown>;
        entries.push({
          ...reading,
          type: typeof fields.type === "string" ? fields.type : undefined,
          estimatedTimeToRegainAccessMinutes: percent(fields.estimated_time_to_regain_access),
        });
      }
      if (entries.length) business[id] = entries;
    }
  }
  const entries = Object.values(business).flat();
  if (!app && !page && !entries.length) return undefined;
  return {
    app,
    page,
    business,
    maxPercent: Math.max(peak(app), peak(page), ...entries.map(peak)),
    regainAccessMs: Math.max(0, ...entries.map((entry) => entry.estimatedTimeToRegainAccessMinutes * 60_000)),
  };
}

/** How the client paces itself on Meta's usage headers. @group Rate limits */
export interface UsageGateOptions {
  /**
   * `wait`: above `threshold`, pause before each call; when Meta says access is blocked, wait
   * for it (up to `maxWaitMs`). `throw`: refuse instead of waiting (a `RateLimitError` with
   * `source: "client"`). `off`: send regardless (Meta may answer 4, 17, 32 or 613).
   * @default "wait"
   */
  mode?: "wait" | "throw" | "off" | undefined;
  /** The percentage above which calls slow down. @default 90 */
  threshold?: number | undefined;
  /** The pause before each call above the threshold. @default 2000 */
  slowdownMs?: number | undefined;
  /** The longest wait; a longer one throws. @default 60000 */
  maxWaitMs?: number | undefined;
  /** A reading older than this is forgotten. @default 300000 */
  staleAfterMs?: number | undefined;
  /** Receives every usage reading, with the key it is filed under (`app` or a token's hash). */
  onUsage?: ((usage: GraphUsage, key: string) => void) | undefined;
  /** Time, for tests. */
  clock?: Clock | undefined;
}

interface Reading {
  at: number;
  percent: number;
  blockedUntil: number;
}

/**
 * Remembers the last usage Meta reported, app-wide and per access token (hashed), and paces the
 * next calls: above `threshold` each call waits `slowdownMs`; at 100% or while Meta says access
 * is blocked (`estimated_time_to_regain_access`), calls wait until then or are refused. Used as
 * the pipeline's per-attempt `gate`, so every retry is paced too.
 * @group Rate limits
 */
export class GraphUsageGate {
  readonly #readings = new Map<string, Reading>();
  readonly #mode: "wait" | "throw" | "off";
  readonly #threshold: number;
  readonly #slowdownMs: number;
  readonly #maxWaitMs: number;
  readonly #staleAfterMs: number;
  readonly #clock: Clock;
  readonly #onUsage: UsageGateOptions["onUsage"];

  constructor(options: UsageGateOptions = {}) {
    this.#mode = options.mode ?? "wait";
    this.#threshold = options.threshold ?? 90;
    this.#slowdownMs = options.slowdownMs ?? 2_000;
    this.#maxWaitMs = options.maxWaitMs ?? 60_000;
    this.#staleAfterMs = options.staleAfterMs ?? 300_000;
    this.#clock = options.clock ?? systemClock;
    this.#onUsage = options.onUsage;
  }

  /** The latest reading filed under `key` (`app` or a token's hash), as a percentage; 0 when none. */
  percent(key: string): number {
    return this.#fresh(key)?.percent ?? 0;
  }

  /**
   * Waits (or throws) as the readings for `accessToken` and the app require, then returns the
   * function that files the attempt's usage headers.
   */
  async pass(accessToken: string | undefined, signal: AbortSignal | undefined): Promise<AttemptEnd> {
    const key = accessToken ? hashToken(accessToken) : undefined;
    const end: AttemptEnd = (response) => {
      if (response) this.record(response.headers, key);
    };
    if (this.#mode === "off") return end;
    const now = this.#clock.now();
    const readings = [this.#fresh("app"), key ? this.#fresh(key) : undefined];
    const percent = Math.max(0, ...readings.map((reading) => reading?.percent ?? 0));
    const blockedUntil = Math.max(0, ...readings.map((reading) => reading?.blockedUntil ?? 0));
    let waitMs = 0;
    if (blockedUntil > now) waitMs = blockedUntil - now;
    else if (percent >= 100) waitMs = this.#maxWaitMs;
    else if (percent >= this.#threshold) waitMs = this.#slowdownMs;
    if (waitMs === 0) return end;
    if (this.#mode === "throw" || waitMs > this.#maxWaitMs) {
      throw new RateLimitError(
        `meta: the last usage headers said ${Math.round(percent)}% of Meta's limit, so postkit did not send this call.`,
        {
          source: "client",
          retryAfterMs: waitMs,
          hint: "Wait retryAfterMs before calling again, or raise usage.maxWaitMs to let postkit wait.",
        },
      );
    }
    await this.#clock.sleep(waitMs, signal);
    return end;
  }

  /** Files the usage headers of a response under the app and under `key`. */
  record(headers: Headers, key: string | undefined): void {
    const usage = parseUsageHeaders(headers);
    if (!usage) return;
    const at = this.#clock.now();
    if (usage.app) this.#readings.set("app", { at, percent: peak(usage.app), blockedUntil: 0 });
    if (key) {
      const business = Object.values(usage.business).flat();
      this.#readings.set(key, {
        at,
        percent: Math.max(peak(usage.page), ...business.map(peak), 0),
        blockedUntil: usage.regainAccessMs > 0 ? at + usage.regainAccessMs : 0,
      });
    }
    this.#onUsage?.(usage, key ?? "app");
  }

  #fresh(key: string): Reading | undefined {
    const reading = this.#readings.get(key);
    if (!reading) return undefined;
    if (this.#clock.now() - reading.at > this.#staleAfterMs && reading.blockedUntil <= this.#clock.now()) {
      this.#readings.delete(key);
      return undefined;
    }
    return reading;
  }
}

/** FNV-1a over the token, so the gate's keys are not the token itself. @internal */
export function hashToken(token: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `t${hash.toString(16)}:${token.length}`;
}
