import { ValidationError } from "../errors/validation-error.js";
import { type Clock, systemClock } from "./clock.js";

/** @group Contract */
export interface PollOptions {
  /** First wait between checks, in milliseconds; the platform's pace. */
  intervalMs: number;
  /** Each wait is this many times the previous one. @default 1.5 */
  backoff?: number | undefined;
  /** The longest wait between two checks. @default 30000 */
  maxIntervalMs?: number | undefined;
  /** Stop after this long and return the last value. */
  timeoutMs: number;
  /** Stops waiting at once; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Time, for tests. @default systemClock */
  clock?: Clock | undefined;
}

/**
 * Checks until `done` says so, waiting between checks at the platform's pace (growing by
 * `backoff` up to `maxIntervalMs`), within `timeoutMs`. Resolves with the last value either way:
 * the caller looks at it (a job still `processing` after the bound is not an error).
 * The one waiting helper every platform's `waitForPublish` uses.
 *
 * @group Contract
 * @throws {@link ValidationError} when the options are invalid; whatever `check` throws, and the signal's reason on abort.
 */
export async function pollUntil<T>(
  check: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const backoff = options.backoff ?? 1.5;
  const maxInterval = options.maxIntervalMs ?? 30_000;
  if (!(options.intervalMs > 0) || !(options.timeoutMs >= 0) || !(backoff >= 1) || !(maxInterval > 0)) {
    throw new ValidationError(
      "Polling needs a positive interval, a backoff of at least 1 and a timeout of 0 or more.",
    );
  }
  const deadline = clock.now() + options.timeoutMs;
  let interval = options.intervalMs;
  for (;;) {
    const value = await check();
    if (done(value)) return value;
    const left = deadline - clock.now();
    if (left <= 0) return value;
    await clock.sleep(Math.min(interval, left), options.signal);
    interval = Math.min(maxInterval, interval * backoff);
  }
}
