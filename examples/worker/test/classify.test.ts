// The error's next step decides BullMQ's retry: each branch, with real postkit errors.
import {
  ConflictError,
  NetworkError,
  OAuthError,
  RateLimitError,
  StoreError,
  UploadError,
  ValidationError,
} from "@postkit/core";
import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { classify, postkitBackoff, RetryLater, toBullmqError } from "../src/classify.js";

const delays = { baseMs: 100, maxMs: 1_000, reconnectMs: 60_000 };

describe("classifying a failed publish by its next step", () => {
  it("after-delay: the platform's retryAfterMs when it said one, else a doubling backoff", () => {
    const limited = new RateLimitError("Slow down.", { source: "platform", retryAfterMs: 7_000 });
    expect(classify(limited, 0, delays)).toEqual({ retry: true, delayMs: 7_000, next: "after-delay" });
    const store = new StoreError("Redis failed the save.", { store: "tokens" });
    expect(classify(store, 0, delays)).toMatchObject({ retry: true, delayMs: 100 });
    expect(classify(store, 2, delays)).toMatchObject({ retry: true, delayMs: 400 });
    expect(classify(store, 9, delays)).toMatchObject({ retry: true, delayMs: 1_000 });
  });

  it("after-reconnect: retried once the user had time to reconnect", () => {
    const gone = new OAuthError("The refresh token was revoked.", {
      code: "REAUTH_REQUIRED",
      error: "invalid_grant",
    });
    expect(classify(gone, 0, delays)).toEqual({ retry: true, delayMs: 60_000, next: "after-reconnect" });
  });

  it("never and reconcile-first: not retried", () => {
    expect(classify(new ValidationError("Bad options."), 0, delays)).toEqual({ retry: false, next: "never" });
    const expired = new UploadError("The session expired.", {
      code: "UPLOAD_SESSION_EXPIRED",
      retryable: false,
    });
    expect(classify(expired, 0, delays)).toMatchObject({ retry: false });
    const lost = new NetworkError("The answer was lost.", {
      method: "POST",
      url: "https://open.tiktokapis.com/",
      next: "reconcile-first",
    });
    expect(classify(lost, 0, delays)).toEqual({ retry: false, next: "reconcile-first" });
    const conflict = new ConflictError("Used with other content.", {
      code: "IDEMPOTENCY_CONFLICT",
      key: "k",
    });
    expect(classify(conflict, 0, delays)).toEqual({ retry: false, next: "never" });
  });

  it("becomes BullMQ's UnrecoverableError or a delay its backoff strategy hands back", () => {
    const never = toBullmqError(new ValidationError("Bad options."), 0, delays);
    expect(never).toBeInstanceOf(UnrecoverableError);
    expect(never.message).toBe("INVALID_INPUT (next: never): Bad options.");
    const later = toBullmqError(
      new RateLimitError("Slow down.", { source: "client", retryAfterMs: 3_000 }),
      0,
      delays,
    );
    expect(later).toBeInstanceOf(RetryLater);
    expect(postkitBackoff(delays)(1, "postkit", later)).toBe(3_000);
    // Something that is not a postkit error (a bug, a crash) is retried with the backoff.
    expect(toBullmqError(new TypeError("x is undefined"), 1, delays)).toBeInstanceOf(RetryLater);
    expect(postkitBackoff(delays)(2, "postkit", new Error("other"))).toBe(200);
  });
});
