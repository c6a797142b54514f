// How a failed publish becomes BullMQ's retry decision: by the error's `next` step, which every
// postkit error carries (see core's errors), never by parsing messages.
import { isPostkitError, type NextStep, type PostkitError } from "@postkit/core";
import { UnrecoverableError } from "bullmq";

/** What to do with a failed attempt. */
export type Disposition =
  | { retry: true; delayMs: number; next: NextStep | "unknown" }
  | { retry: false; next: NextStep };

/** Delays of the classification; the defaults suit a real platform, tests shorten them. */
export interface RetryDelays {
  /** The first delay of an `after-delay` error without `retryAfterMs`; doubles per attempt. @default 5000 */
  baseMs: number;
  /** The longest backoff delay. @default 300000 */
  maxMs: number;
  /** How long to wait for the user to reconnect the account before trying again. @default 900000 */
  reconnectMs: number;
}

export const DEFAULT_DELAYS: RetryDelays = { baseMs: 5_000, maxMs: 300_000, reconnectMs: 900_000 };

/**
 * - `after-delay` (a 5xx, a timeout, Redis down, a rate limit): retry after the error's
 *   `retryAfterMs`, else an exponential backoff.
 * - `after-reconnect` (the grant is gone): retry once the user had time to reconnect; the retry
 *   loads the new grant from the token store.
 * - `reconcile-first` (a write's outcome is unknown): never retried blindly; the job fails and the
 *   app reconciles with `getPublishStatus` before anything could publish twice.
 * - `never` (bad input, missing scopes, an expired upload session): fails at once.
 * Anything that is not a postkit error (a bug, a crash) is retried with the backoff.
 */
export function classify(
  error: unknown,
  attemptsMade: number,
  delays: RetryDelays = DEFAULT_DELAYS,
): Disposition {
  if (!isPostkitError(error)) return { retry: true, delayMs: backoff(attemptsMade, delays), next: "unknown" };
  switch (error.next) {
    case "after-delay":
      return { retry: true, delayMs: error.retryAfterMs ?? backoff(attemptsMade, delays), next: error.next };
    case "after-reconnect":
      return { retry: true, delayMs: delays.reconnectMs, next: error.next };
    default:
      return { retry: false, next: error.next };
  }
}

function backoff(attemptsMade: number, delays: RetryDelays): number {
  return Math.min(delays.maxMs, delays.baseMs * 2 ** Math.max(0, attemptsMade));
}

/**
 * The error a processor throws for BullMQ: `UnrecoverableError` when it must not be retried
 * (BullMQ then fails the job whatever attempts are left), else a {@link RetryLater} whose delay
 * the worker's backoff strategy (`postkitBackoff`) hands to BullMQ. The message is the postkit
 * error's own one sentence (redacted by postkit), prefixed with its code and next step.
 */
export function toBullmqError(error: unknown, attemptsMade: number, delays: RetryDelays): Error {
  const disposition = classify(error, attemptsMade, delays);
  const message = describe(error, disposition.next);
  return disposition.retry ? new RetryLater(message, disposition.delayMs) : new UnrecoverableError(message);
}

/** A failed attempt to repeat after `delayMs`. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = "RetryLater";
  }
}

/** The worker's `settings.backoffStrategy`: the delay the classification chose. */
export function postkitBackoff(delays: RetryDelays) {
  return (attemptsMade: number, _type?: string, error?: Error): number =>
    error instanceof RetryLater ? error.delayMs : backoffAfter(attemptsMade, delays);
}

function backoffAfter(attemptsMade: number, delays: RetryDelays): number {
  return backoff(attemptsMade - 1, delays);
}

function describe(error: unknown, next: string): string {
  if (isPostkitError(error)) return `${(error as PostkitError).code} (next: ${next}): ${error.message}`;
  return `unexpected ${error instanceof Error ? error.name : "failure"} (next: retry)`;
}
