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
  // Bound late, so a fetch patched after construction (msw, instrumentation) is still used.
  const inner: typeof globalThis.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const http = createHttpClient("tiktok", { ...options, fetch: losslessFetch(inner) });
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
 * Core's HTTP client parses bodies with `JSON.parse`, which rounds integers above 2^53. TikTok's
 * `publicaly_available_post_id` is a list of int64 (19 digits), so for the status endpoint only,
 * this wrapper rewrites the raw JSON text to quote those integers before core parses it.
 * (Core could offer a raw-text or lossless-JSON option instead; see the package README.)
 */
function losslessFetch(inner: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!STATUS_PATH.test(new URL(url).pathname)) return response;
    const text = await response.text();
    return new Response(quoteLargeIds(text), {
      status: response.status,
      statusText: response.statusText,
      headers: withoutLength(response.headers),
    });
  };
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

function withoutLength(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.delete("content-length");
  copy.delete("content-encoding");
  return copy;
}
