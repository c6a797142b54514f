// Internal: the envelope-aware request helper every Display and Content Posting call goes through.
// Retries, the limiter (a per-attempt gate) and logging are core's client's: one pipeline.
import {
  createHttpClient,
  type HttpClient,
  type HttpOptions,
  type PostkitError,
  RateLimitError,
  type Schema,
} from "@postkit/core";
import * as z from "zod/mini";
import { joinUrl } from "./endpoints.js";
import { tiktokErrorFromResponse } from "./errors.js";
import type { TikTokLimiter, TikTokRateLimitBucket } from "./rate-limit.js";

/** One call to a v2 endpoint with the `{ data, error }` envelope. */
export interface ApiCall<T> {
  method: "GET" | "POST";
  path: string;
  accessToken: string;
  query?: Record<string, string | undefined>;
  json?: unknown;
  /** Schema of `data`; build it once (module level or cached), not per call. */
  data: Schema<T>;
  /**
   * Whether a failed attempt may be repeated (reads, status): each repeat takes its own limiter
   * slot. Init calls say `false` and are sent exactly once.
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

// Not `json:` (core would send a bare `application/json`): TikTok documents the charset.
const JSON_HEADERS = Object.freeze({ "content-type": "application/json; charset=UTF-8" });

export function createApi(
  apiBase: string,
  options: HttpOptions,
  limiter: TikTokLimiter,
  /** `false` when the limiter is off: then no request has a gate to run. */
  paced = true,
): Api {
  const http = createHttpClient("tiktok", options);
  return {
    http,
    async call<T>(call: ApiCall<T>): Promise<T> {
      const { bucket, accessToken, signal } = call;
      const response = await http.request({
        method: call.method,
        url: joinUrl(apiBase, call.path),
        query: call.query,
        ...(call.json !== undefined ? { body: JSON.stringify(call.json), headers: JSON_HEADERS } : {}),
        accessToken,
        idempotent: call.idempotent,
        signal,
        what: call.what,
        parseJson: parserFor(call.path),
        // TikTok counts every request it receives, a repeat after a lost response included: each
        // attempt takes a slot, which counts from when the attempt ended (the request arrived).
        gate: bucket && paced ? () => limiter.reserve(bucket, accessToken, signal) : undefined,
        shouldRetry: unpacedRateLimit,
        schema: envelopeOf(call.data),
        interpret: (context) => tiktokErrorFromResponse(context, call.what),
      });
      return response.data.data;
    },
  };
}

/** TikTok's 429 without `Retry-After` is not repeated on a backoff guess: the limiter paces, the app decides. */
function unpacedRateLimit(error: PostkitError): false | undefined {
  return RateLimitError.isInstance(error) && error.source === "platform" && error.retryAfterMs === undefined
    ? false
    : undefined;
}

const envelopeError = z.looseObject({ code: z.string() });
const envelopes = new WeakMap<Schema<unknown>, Schema<{ data: unknown }>>();

/** The `{ data, error }` envelope around `data`, built once per data schema. */
function envelopeOf<T>(data: Schema<T>): Schema<{ data: T }> {
  let envelope = envelopes.get(data);
  if (!envelope) {
    envelope = z.looseObject({ data, error: z.optional(envelopeError) }) as Schema<{ data: unknown }>;
    envelopes.set(data, envelope);
  }
  return envelope as Schema<{ data: T }>;
}

const STATUS_PATH = /\/v2\/post\/publish\/status\/fetch\/?$/;
const POST_IDS = /("publicaly_available_post_id"\s*:\s*\[)([^\]]*)(\])/g;
const parseStatus = (text: string): unknown => JSON.parse(quoteLargeIds(text));

/**
 * `JSON.parse` rounds integers above 2^53, and TikTok's `publicaly_available_post_id` is a list
 * of int64 (19 digits): for the status endpoint, those integers are quoted before parsing.
 */
function parserFor(path: string): ((text: string) => unknown) | undefined {
  return STATUS_PATH.test(path) ? parseStatus : undefined;
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
