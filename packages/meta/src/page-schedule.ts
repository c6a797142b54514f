// Scheduled Page publishing: Meta's window and the unix seconds it takes
// (https://developers.facebook.com/docs/pages-api/posts , "Notes about scheduled posts").
import { ValidationError } from "@postkit/core";

/** Meta: "The publish date must be between 10 minutes and 30 days from the time of the API request." */
export const SCHEDULE_MIN_MS = 10 * 60 * 1000;
/** The far end of the window: 30 days. */
export const SCHEDULE_MAX_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * A publish time (a `Date` or epoch milliseconds) as the unix seconds Meta takes, checked against
 * the window before any request: a `ValidationError` when it is not between 10 minutes and 30
 * days from `now`.
 * @internal
 */
export function scheduleSeconds(when: Date | number, now: number, field: string): number {
  const ms = when instanceof Date ? when.getTime() : when;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new ValidationError(`meta: ${field} is not a date.`, {
      issues: [{ path: [field], message: "must be a Date or epoch milliseconds" }],
    });
  }
  if (ms < now + SCHEDULE_MIN_MS || ms > now + SCHEDULE_MAX_MS) {
    throw new ValidationError(`meta: ${field} must be between 10 minutes and 30 days from now.`, {
      issues: [{ path: [field], message: "outside Meta's scheduling window" }],
      hint: "Meta refuses scheduled Page posts outside that window; nothing was sent.",
    });
  }
  return Math.floor(ms / 1000);
}
