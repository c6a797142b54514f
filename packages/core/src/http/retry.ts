import * as z from "zod/mini";
import { PostkitError } from "../errors/postkit-error.js";
import { parseInput } from "../validation/parse.js";
import { sleep } from "./sleep.js";

/**
 * When and how long postkit waits before repeating a request that is safe to repeat.
 * Non-idempotent requests (publish, upload init, code exchange) are never repeated, whatever this says.
 *
 * @group HTTP
 */
export interface RetryPolicy {
  /**
   * Repeats after the first attempt.
   * @default 3
   */
  retries: number;
  /**
   * Backoff before the first repeat, doubled for each further one.
   * @default 500
   */
  minDelayMs: number;
  /**
   * Upper bound of one backoff delay.
   * @default 20000
   */
  maxDelayMs: number;
  /**
   * The longest `Retry-After` postkit waits for. A server asking for longer gets its error
   * surfaced at once (with `retryAfterMs`) so the app can schedule the work instead of blocking.
   * @default 60000
   */
  maxRetryAfterMs: number;
  /**
   * Randomize each backoff delay between half and all of its value, so many clients do not retry in step.
   * @default true
   */
  jitter: boolean;
}

/** @group HTTP */
export const defaultRetryPolicy: Readonly<RetryPolicy> = Object.freeze({
  retries: 3,
  minDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  jitter: true,
});

/** What {@link withRetry} tells `onRetry` before it waits. @group HTTP */
export interface RetryAttempt {
  /** The attempt that failed, from 1. */
  attempt: number;
  /** Why the attempt failed. */
  error: unknown;
  /** How long postkit waits before the next attempt. */
  delayMs: number;
}

/** @group HTTP */
export interface RetryOptions {
  /** Overrides of the default retry policy. */
  policy?: Partial<RetryPolicy> | undefined;
  /** Stops retrying (and waiting) when aborted. */
  signal?: AbortSignal | undefined;
  /** Called before each wait; for logging and progress UIs. */
  onRetry?: ((attempt: RetryAttempt) => void) | undefined;
}

/**
 * Statuses that say "try again": 408, 429 and every 5xx except 501 (Not Implemented) and 505.
 * @group HTTP
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/**
 * A `Retry-After` header (delta-seconds or an HTTP date) in milliseconds; `undefined` when absent or unparseable.
 * @group HTTP
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only the HTTP-date forms (RFC 9110 §5.6.7): Date.parse alone reads junk such as "5, 5" as a date.
  if (!HTTP_DATE.some((form) => form.test(trimmed))) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "\\d{2}:\\d{2}:\\d{2}";
const HTTP_DATE = [
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`),
  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
  new RegExp(
    `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`,
  ),
  // asctime: Sun Nov  6 08:49:37 1994
  new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`),
];

/**
 * The backoff before repeat number `attempt` (from 1): exponential from `minDelayMs`, capped at
 * `maxDelayMs`, with half jitter when enabled.
 * @group HTTP
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.max(0, attempt - 1));
  return policy.jitter ? Math.round(exponential / 2 + (random() * exponential) / 2) : exponential;
}

/**
 * Runs `operation` and repeats it while it fails with a retryable postkit error
 * (`error.retryable`), waiting `Retry-After` when the server gave one and a jittered backoff
 * otherwise. Only wrap operations that are safe to repeat.
 *
 * @group HTTP
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const policy = resolveRetryPolicy(options.policy);
  const decide = (error: unknown, attempt: number) => retryDelay(error, attempt, policy);
  let pending: number | undefined;
  try {
    // Loaded on first use: most apps never call withRetry, and nothing else needs p-retry.
    const { default: pRetry } = await import("p-retry");
    return await pRetry(operation, {
      retries: policy.retries,
      // p-retry counts attempts, stops on abort and on errors we refuse; the delays are ours.
      minTimeout: 0,
      maxTimeout: 0,
      randomize: false,
      signal: options.signal,
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        pending = retriesLeft > 0 ? decide(error, attemptNumber) : undefined;
        if (pending === undefined) return;
        options.onRetry?.({ attempt: attemptNumber, error, delayMs: pending });
        await sleep(pending, options.signal);
      },
      shouldRetry: () => pending !== undefined,
    });
  } catch (error) {
    // p-retry turns a non-Error abort reason into a TypeError; the caller gets its own reason.
    if (options.signal?.aborted) throw options.signal.reason;
    throw error;
  }
}

/**
 * How long to wait before repeating after `error` failed attempt number `attempt`, or
 * `undefined` when it must not be repeated: not a retryable postkit error, or a `Retry-After`
 * longer than `maxRetryAfterMs` (surfaced so the app can schedule the work). `force` skips the
 * `retryable` check (a request's own `shouldRetry` said yes).
 * @internal
 */
export function retryDelay(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  force = false,
): number | undefined {
  if (!PostkitError.isInstance(error) || !(force || error.retryable)) return undefined;
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) return retryAfter <= policy.maxRetryAfterMs ? retryAfter : undefined;
  return backoffDelay(attempt, policy);
}

/** The longest delay a timer can hold (2^31-1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647;

const delay = z.number().check(z.nonnegative(), z.lte(MAX_TIMER_MS));
const retryPolicySchema = z.object({
  // A whole number, or Infinity (p-retry's "until it works"; zod's number() refuses Infinity).
  retries: z.union([
    z.number().check(z.int(), z.nonnegative()),
    z.custom<number>((value) => value === Number.POSITIVE_INFINITY),
  ]),
  minDelayMs: delay,
  maxDelayMs: delay,
  maxRetryAfterMs: delay,
  jitter: z.boolean(),
});

/**
 * A full policy from defaults and overrides (`undefined` fields keep the default). Throws a
 * `ValidationError` for a negative or fractional count or a negative delay.
 * @group HTTP
 */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const merged: RetryPolicy = { ...defaultRetryPolicy };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return parseInput(retryPolicySchema, merged, "retry policy");
}

function retryAfterOf(error: PostkitError): number | undefined {
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
