// The public shapes of the HTTP client: options, one request, its response and context.
import type { PostkitError } from "../errors/postkit-error.js";
import type { Schema } from "../validation/parse.js";
import type { Logger } from "./logger.js";
import type { RetryPolicy } from "./retry.js";

/**
 * Functions run around every attempt. They see the real request, `Authorization` header and
 * token-bearing URLs included: unlike the `logger`, nothing here is redacted, so do not log what
 * they receive as it is (pass it through `redactUrl`/`redactHeaders` first).
 * @group HTTP
 */
export interface HttpHooks {
  /**
   * Runs before each attempt (ky's `beforeRequest`); may return a replacement request (e.g. to
   * add a header). For binary and stream bodies (upload chunks) the request it sees carries no
   * body, so the chunk is not copied.
   */
  beforeRequest?: (request: Request) => Request | undefined | Promise<Request | undefined>;
  /** Runs after each attempt's response arrives, before postkit reads it. Do not consume the body. */
  afterResponse?: (request: Request, response: Response) => void | Promise<void>;
}

/**
 * Transport options every postkit client accepts.
 * @group HTTP
 */
export interface HttpOptions {
  /**
   * The `fetch` to use: a test double, an emulator, a proxy-aware fetch.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Time limit of one attempt in milliseconds, or `false` for none. Uploads of large chunks may need more.
   * @default 30000
   */
  timeoutMs?: number | false;
  /** Overrides of the `RetryPolicy` for requests that are safe to repeat. */
  retry?: Partial<RetryPolicy>;
  /** Receives redacted request, retry and error events. */
  logger?: Logger;
  /** Functions run around every attempt. */
  hooks?: HttpHooks;
  /** Headers added to every request, e.g. a `User-Agent` for your app. */
  headers?: Record<string, string>;
  /**
   * The largest response body postkit reads, in bytes after decompression; a larger one is a
   * `SecurityError` with code `RESPONSE_TOO_LARGE` (a larger `Content-Length` is refused before
   * reading). Error responses are read up to 64 KiB and cut, never refused.
   * @default 4194304 (4 MiB)
   */
  maxBodyBytes?: number | undefined;
}

/** What an `interpret` function gets to decide whether a response is an error. @group HTTP */
export interface ResponseContext {
  /** The HTTP status. */
  status: number;
  /** The response headers. */
  headers: Headers;
  /** Parsed JSON when the body was JSON, the text otherwise, `undefined` when empty. */
  body: unknown;
  /** The request method. */
  method: string;
  /** Redacted request URL. */
  url: string;
  /** `Retry-After` in milliseconds, when the response had one. */
  retryAfterMs: number | undefined;
  /** Literal secrets of this request (token, client secret, code): pass them to `redactText`/`redactValue`. */
  secrets: readonly string[];
}

/** One request through {@link HttpClient.request}. @group HTTP */
export interface HttpRequest<T> {
  /** The HTTP method. */
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  /** The absolute URL. */
  url: string | URL;
  /** Query parameters added to the URL; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Headers for this request, on top of the client's. */
  headers?: Record<string, string>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`; `undefined` values are left out. */
  form?: Record<string, string | undefined>;
  /**
   * A raw body. Upload chunks should be a `Uint8Array`: it is sent without extra copies (streamed
   * as views where the runtime supports request streams), and can be re-sent on a retry.
   *
   * A `ReadableStream` is streamed as it is read (`duplex: "half"`): it can be read only once, so
   * the request is never retried whatever `idempotent` says, and runtimes without request
   * streams (see `supportsRequestStreams`) get an `INVALID_INPUT` error before anything is sent.
   * Set `content-length` in `headers` when the length is known.
   */
  body?: Uint8Array | Blob | string | ReadableStream<Uint8Array>;
  /** Sent as `Authorization: Bearer …` and scrubbed from anything postkit reports. */
  accessToken?: string;
  /**
   * Whether repeating the request is harmless. Only idempotent requests are retried; publish,
   * upload init and code exchange must say `false`. Required so every call site decides.
   */
  idempotent: boolean;
  /** Aborts the request and any retry wait. */
  signal?: AbortSignal | undefined;
  /**
   * Time limit of each attempt of this request in milliseconds, or `false` for none; overrides
   * the client's `timeoutMs` (an upload chunk needs longer than an API call).
   */
  timeoutMs?: number | false | undefined;
  /**
   * What to do with a 3xx answer. A request that carries a credential (see `credentialed`) never
   * follows one: it is sent with `redirect: "manual"`, and a 3xx that `accept` does not take is a
   * `SecurityError` with code `REDIRECT_REFUSED` (nothing goes to the `Location`). `"manual"`
   * does the same for any request; `accept` a 3xx to read it as an answer (a resumable upload's
   * `308 Resume Incomplete`).
   * @default "follow" without credentials, "manual" with them
   */
  redirect?: "follow" | "manual" | undefined;
  /**
   * Marks a request as carrying a credential postkit cannot see (a signature in a JSON body):
   * then it never follows a redirect. Detected anyway, whatever this says: an `accessToken`,
   * `secrets`, an `Authorization` or `Cookie` header, or a secret query or form parameter
   * (`access_token`, `upload_token`, `code`, `client_secret`…).
   */
  credentialed?: boolean | undefined;
  /**
   * Runs before each attempt (the first and every retry), after the client's `beforeRequest`
   * hook, and may wait: a client-side rate limiter takes a slot here, so each attempt takes one.
   * It may return a function called once when that attempt ends (with the response's status and
   * headers, or `undefined` when no response came), e.g. to count the request when it arrived or
   * to read usage headers. An error it throws reaches the caller as it is, never retried.
   */
  gate?: ((attempt: AttemptInfo) => AttemptEnd | undefined | Promise<AttemptEnd | undefined>) | undefined;
  /**
   * Decides whether a failed attempt is repeated, before the default rule (a retryable error,
   * `Retry-After` within `maxRetryAfterMs`): `false` stops, `true` repeats, `undefined` falls
   * back to the rule. Only consulted for idempotent requests: others are never repeated.
   */
  shouldRetry?: ((error: PostkitError, attempt: number) => boolean | undefined) | undefined;
  /** Overrides the client's `maxBodyBytes` for this request. */
  maxBodyBytes?: number | undefined;
  /** Which statuses count as success. @default 2xx */
  accept?: (status: number) => boolean;
  /**
   * The platform's error rules: return an error to throw it (also for a 2xx, for APIs that report
   * errors with 200), or `undefined` to fall back to the defaults.
   */
  interpret?: (context: ResponseContext) => PostkitError | undefined;
  /** Validates the parsed body of an accepted response. */
  schema?: Schema<T>;
  /**
   * Parses a non-empty response body (a body it cannot parse is kept as text). For APIs whose
   * JSON carries integers beyond 2^53, which `JSON.parse` would round: quote them first.
   * @default JSON.parse
   */
  parseJson?: ((text: string) => unknown) | undefined;
  /** Names the operation in messages, e.g. `"TikTok user info"`. */
  what?: string;
  /** Further literal secrets (e.g. a client secret) to scrub from reports. */
  secrets?: readonly string[];
}

/** What a request's `gate` learns about the attempt about to be sent. @group HTTP */
export interface AttemptInfo {
  /** The attempt number, from 1. */
  attempt: number;
  /** The caller's signal: a gate that waits should stop when it aborts. */
  signal: AbortSignal | undefined;
}

/**
 * Called once when an attempt ends: with the response's status and headers as soon as they
 * arrived, or `undefined` when the attempt failed without a response.
 * @group HTTP
 */
export type AttemptEnd = (response: { status: number; headers: Headers } | undefined) => void;

/** @group HTTP */
export interface HttpResponse<T> {
  /** The HTTP status. */
  status: number;
  /** The response headers. */
  headers: Headers;
  /** The parsed body: validated by the request's `schema` when it had one. */
  data: T;
}

/** @group HTTP */
export interface HttpClient {
  /** The platform name used in messages and logs. */
  readonly platform: string;
  /** Sends one request: retried only when `idempotent`, errors mapped by `interpret` and the defaults, the body validated by `schema`. */
  request<T = unknown>(request: HttpRequest<T>): Promise<HttpResponse<T>>;
}
