// Internal: the envelope-aware request helper every Display and Content Posting call goes through.
import {
  createHttpClient,
  type HttpClient,
  type HttpOptions,
  type HttpResponse,
  type Logger,
  PostkitError,
  parseResponse,
  RateLimitError,
  redactUrl,
  type Schema,
  withRetry,
} from "@postkit/core";
import * as z from "zod/mini";
import { joinUrl } from "./endpoints.js";
import { tiktokErrorFromResponse } from "./errors.js";
import type { TikTokRateLimitBucket, TikTokRateLimiter } from "./rate-limit.js";

/** One call to a v2 endpoint with the `{ data, error }` envelope. */
export interface ApiCall<T> {
  method: "GET" | "POST";
  path: string;
  accessToken: string;
  query?: Record<string, string | undefined>;
  json?: unknown;
  /** Schema of `data`. */
  data: Schema<T>;
  /**
   * Whether a failed attempt may be repeated (reads, status): repeats run in `call`, each with
   * its own limiter slot. Init calls say `false` and are sent exactly once.
   */
  idempotent: boolean;
  what: string;
  bucket?: TikTokRateLimitBucket;
  signal?: AbortSignal | undefined;
}

export interface Api {
  http: HttpClient;
  call<T>(call: ApiCall<T>): Promise<T>;
}

const envelopeError = z.looseObject({ code: z.string() });

export function createApi(apiBase: string, options: HttpOptions, limiter: TikTokRateLimiter): Api {
  // Retries run here, not in core's client, so core would log every failed attempt at `error`;
  // the failure the caller finally receives is logged once, below.
  const logger = options.logger;
  // Methods are called on the app's logger itself (pino and winston keep them on a prototype).
  const attemptLogger: Logger | undefined = logger && {
    debug: (message, fields) => logger.debug?.(message, fields),
    info: (message, fields) => logger.info?.(message, fields),
    warn: (message, fields) => logger.warn?.(message, fields),
  };
  const http = createHttpClient("tiktok", { ...options, logger: attemptLogger });

  /** One attempt, sent once: core's client never repeats it (a repeat would bypass the limiter). */
  const send = (call: ApiCall<unknown>): Promise<HttpResponse<unknown>> =>
    http.request({
      method: call.method,
      url: joinUrl(apiBase, call.path),
      query: call.query,
      // Not `json:` (core would send a bare `application/json`): TikTok documents the charset.
      ...(call.json !== undefined
        ? {
            body: JSON.stringify(call.json),
            headers: { "content-type": "application/json; charset=UTF-8" },
          }
        : {}),
      accessToken: call.accessToken,
      idempotent: false,
      signal: call.signal,
      what: call.what,
      parseJson: parserFor(call.path),
      interpret: (context) => tiktokErrorFromResponse(context, call.what),
    });

  /**
   * Every attempt takes its own limiter slot, since TikTok counts every request it receives
   * (a repeat after a lost response included); so retries run here rather than in core's client.
   * The limiter's refusal, an abort, a non-idempotent call's failure, and a 429 without
   * `Retry-After` (which the limiter, not a blind backoff, should pace) end the call at once.
   */
  const attempt = async (call: ApiCall<unknown>): Promise<Outcome> => {
    try {
      if (call.bucket) await limiter.acquire(call.bucket, call.accessToken, call.signal);
    } catch (error) {
      return { failed: error };
    }
    try {
      return { response: await send(call) };
    } catch (error) {
      if (!call.idempotent || call.signal?.aborted || isUnpacedRateLimit(error)) return { failed: error };
      throw error;
    }
  };

  return {
    http,
    async call<T>(call: ApiCall<T>): Promise<T> {
      try {
        return await run(call);
      } catch (error) {
        if (!call.signal?.aborted && PostkitError.isInstance(error)) {
          logger?.error?.(`tiktok: ${call.what} ${safeUrl(apiBase, call)} failed`, {
            code: error.code,
            status: (error as { status?: unknown }).status,
            retryable: error.retryable,
          });
        }
        throw error;
      }
    },
  };

  async function run<T>(call: ApiCall<T>): Promise<T> {
    const outcome = call.idempotent
      ? await withRetry(() => attempt(call), {
          policy: options.retry,
          signal: call.signal,
          onRetry: ({ attempt: failed, delayMs, error }) =>
            options.logger?.info?.(
              `tiktok: retrying ${call.method} ${safeUrl(apiBase, call)} in ${delayMs} ms`,
              {
                attempt: failed,
                reason: PostkitError.isInstance(error) ? error.code : "unknown",
              },
            ),
        })
      : await attempt(call);
    if ("failed" in outcome) throw outcome.failed;
    const { response } = outcome;
    const envelope = parseResponse(
      z.looseObject({ data: call.data, error: z.optional(envelopeError) }),
      response.data,
      { what: call.what, status: response.status },
    );
    return envelope.data;
  }
}

/** What one attempt ended with: a response, or an error that must not be retried. */
type Outcome = { response: HttpResponse<unknown> } | { failed: unknown };

/** TikTok's 429 without `Retry-After`: not repeated after a backoff guess; it surfaces as it is. */
function isUnpacedRateLimit(error: unknown): boolean {
  return RateLimitError.isInstance(error) && error.source === "platform" && error.retryAfterMs === undefined;
}

/** The request URL for a log line, with token-like query parameters redacted. */
function safeUrl(apiBase: string, call: ApiCall<unknown>): string {
  const url = new URL(joinUrl(apiBase, call.path));
  for (const [name, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return redactUrl(url);
}

const STATUS_PATH = /\/v2\/post\/publish\/status\/fetch\/?$/;
const POST_IDS = /("publicaly_available_post_id"\s*:\s*\[)([^\]]*)(\])/g;

/**
 * `JSON.parse` rounds integers above 2^53, and TikTok's `publicaly_available_post_id` is a list
 * of int64 (19 digits): for the status endpoint, those integers are quoted before parsing.
 */
function parserFor(path: string): ((text: string) => unknown) | undefined {
  return STATUS_PATH.test(path) ? (text) => JSON.parse(quoteLargeIds(text)) : undefined;
}

/** Quotes the bare integers of `publicaly_available_post_id` so they parse as exact strings. */
export function quoteLargeIds(json: string): string {
  return json.replace(
    POST_IDS,
    (_match, open: string, items: string, close: string) =>
      open +
      items.replace(/(^|,)\s*(-?\d+)\s*(?=,|$)/g, (_m, sep: string, digits: string) => `${sep}"${digits}"`) +
      close,
  );
}
