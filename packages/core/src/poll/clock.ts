import { sleep } from "../http/sleep.js";

/**
 * Time, as postkit's waiting helpers see it: inject one in tests to drive polling without real
 * waits.
 * @group Contract
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Waits `ms`, or rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal | undefined): Promise<void>;
}

/** The real clock. @group Contract */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number, signal?: AbortSignal) => sleep(ms, signal),
});
