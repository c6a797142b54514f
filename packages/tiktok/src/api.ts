// Internal: the envelope-aware request helper every Display and Content Posting call goes through.
import {
  createHttpClient,
  type HttpClient,
  type HttpOptions,
  parseResponse,
  type Schema,
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
  const http = createHttpClient("tiktok", options);
  return {
    http,
    async call<T>(call: ApiCall<T>): Promise<T> {
      if (call.bucket) await limiter.acquire(call.bucket, call.accessToken, call.signal);
      const response = await http.request({
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
        idempotent: call.idempotent,
        signal: call.signal,
        what: call.what,
        parseJson: parserFor(call.path),
        interpret: (context) => tiktokErrorFromResponse(context, call.what),
      });
      const envelope = parseResponse(
        z.looseObject({ data: call.data, error: z.optional(envelopeError) }),
        response.data,
        { what: call.what, status: response.status },
      );
      return envelope.data;
    },
  };
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
