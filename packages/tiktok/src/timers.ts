import { type Clock, systemClock } from "@postkit/core";

/**
 * The clock the client uses for its rate limiter, upload-URL expiry and status polling: core's
 * `Clock`. Pass one as the client's `clock` in tests to run without real waits.
 * @group Client
 */
export type TikTokTimers = Clock;

/** The real clock. */
export const realTimers: TikTokTimers = systemClock;
