import { sleep } from "@postkit/core";

/**
 * The clock and sleep the client uses for its rate limiter, upload-URL expiry and status polling.
 * Replace them in tests to run without real waits.
 * @group Client
 */
export interface TikTokTimers {
  /** Epoch milliseconds. @default Date.now */
  now(): number;
  /** Waits `ms`, rejecting with `signal.reason` on abort. @default core's `sleep` */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const realTimers: TikTokTimers = { now: () => Date.now(), sleep };
