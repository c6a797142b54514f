import ky from "ky";
import { ErrorCode } from "../errors/codes.js";
import { HttpError } from "../errors/http-error.js";
import { NetworkError } from "../errors/network-error.js";
import { PostkitError } from "../errors/postkit-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { raceAbort } from "../abort.js";
import { RateLimitError } from "../errors/rate-limit-error.js";
import { parseResponse, type Schema } from "../validation/parse.js";
import { anySignal, binaryBody, supportsRequestStreams } from "./binary-body.js";
import type { Logger } from "./logger.js";
import { redactHeaders, redactText, redactUrl, redactValue } from "./redact.js";
import {
  isRetryableStatus,
  MAX_TIMER_MS,
  parseRetryAfter,
  type RetryPolicy,
  resolveRetryPolicy,
  withRetry,
} from "./retry.js";

/**
 * Functions run around every attempt. They see the real request, `Authorization` header and
 * token-bearing URLs included: unlike the `logger`, nothing here is redacted, so do not log what
 * they receive as it is (pass it through `redactUrl`/`redactHeaders` first).
 * @group HTTP
 */
export interface HttpHooks {
  /**
   * Runs before each attempt; may return a replacement request (e.g. to add a header). For
   * binary bodies (upload chunks) the request it sees carries no body, so the chunk is not copied.
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
   * What to do with a 3xx answer. `"manual"` hands it back as the response, for protocols where
   * a 3xx is not a redirect (a resumable upload's `308 Resume Incomplete`).
   * @default "follow"
   */
  redirect?: "follow" | "manual" | undefined;
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

/**
 * An HTTP client on ky for one platform: injectable `fetch`, per-attempt timeout, abort, logging
 * with redaction, errors mapped to postkit's typed errors, and retries only for idempotent requests.
 *
 * @group HTTP
 */
export function createHttpClient(platform: string, options: HttpOptions = {}): HttpClient {
  if (typeof (options.fetch ?? globalThis.fetch) !== "function") {
    throw new PostkitError("No fetch implementation: pass `fetch` in the client options.", {
      code: ErrorCode.INVALID_INPUT,
    });
  }
  // The global is looked up on each request, so a fetch patched after the client was created
  // (msw, instrumentation, a test double) is still the one used.
  const fetchImpl: typeof globalThis.fetch =
    options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // Checked now, so a bad policy fails at construction rather than on the first retry.
  resolveRetryPolicy(options.retry);
  const logger = options.logger;
  const clientTimeout = checkTimeout(options.timeoutMs ?? 30_000, "timeoutMs");

  async function attempt<T>(request: HttpRequest<T>, attemptNumber: number): Promise<HttpResponse<T>> {
    const url = buildUrl(request);
    const timeout = request.timeoutMs ?? clientTimeout;
    const safeUrl = redactUrl(url);
    const secrets = [...(request.secrets ?? []), ...(request.accessToken ? [request.accessToken] : [])];
    const headers = new Headers(options.headers);
    for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value);
    if (request.accessToken) headers.set("authorization", `Bearer ${request.accessToken}`);
    let body: BodyInit | undefined;
    if (request.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = toForm(request.form);
    } else if (request.body !== undefined) {
      body = request.body as BodyInit;
    }

    logger?.debug?.(`${platform}: ${request.method} ${safeUrl}`, { attempt: attemptNumber });
    const started = Date.now();
    // One deadline for the whole attempt: sending, the response headers and reading the body.
    const deadline = timeout === false ? undefined : AbortSignal.timeout(timeout);
    const combined = anySignal([request.signal, deadline]);
    const send: Send = {
      url,
      method: request.method,
      headers,
      signal: combined.signal,
      redirect: request.redirect,
    };
    let response: Response;
    let received: unknown;
    try {
      // Raced against the signal too, so a `fetch` that ignores its signal cannot hang the caller.
      response = await raceAbort(
        request.body instanceof Uint8Array
          ? sendDirect(send, binaryBody(request.body), request.body.byteLength)
          : isStream(request.body)
            ? sendDirect(send, { body: request.body, duplex: "half" }, undefined)
            : sendWithKy(send, body),
        send.signal,
      );
      received = await raceAbort(
        readBody(response, request.method, request.parseJson ?? JSON.parse),
        send.signal,
      );
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      // The app's own hook failed: its error, as it is, and nothing to retry.
      if (error instanceof HookFailure) throw error.cause;
      const timedOut = deadline?.aborted === true;
      const reason = timedOut ? `timed out after ${timeout} ms` : describeNetworkFailure(error, secrets);
      logger?.warn?.(`${platform}: ${request.method} ${safeUrl} failed: ${reason}`, {
        attempt: attemptNumber,
      });
      throw new NetworkError(`${platform}: ${request.method} ${safeUrl} ${reason}`, {
        method: request.method,
        url: safeUrl,
        timeout: timedOut,
        cause: networkCause(error, secrets),
      });
    } finally {
      combined.dispose();
    }

    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    logger?.debug?.(`${platform}: ${request.method} ${safeUrl} -> ${response.status}`, {
      attempt: attemptNumber,
      durationMs: Date.now() - started,
    });
    const context: ResponseContext = {
      status: response.status,
      headers: response.headers,
      body: received,
      method: request.method,
      url: safeUrl,
      retryAfterMs,
      secrets,
    };
    const interpreted = request.interpret?.(context);
    if (interpreted) throw interpreted;
    const accepted = request.accept ? request.accept(response.status) : response.ok;
    if (!accepted) throw defaultError(platform, context, secrets, request.what);
    const data = request.schema
      ? parseResponse(request.schema, received, {
          what: request.what ?? `${platform} ${request.method}`,
          status: response.status,
          secrets,
        })
      : (received as T);
    return { status: response.status, headers: response.headers, data };
  }

  function sendWithKy(send: Send, body: BodyInit | undefined): Promise<Response> {
    const { beforeRequest, afterResponse } = options.hooks ?? {};
    return ky(send.url, {
      method: send.method,
      headers: send.headers,
      body,
      fetch: fetchImpl,
      // The attempt's own deadline (in `send.signal`) also covers reading the body.
      timeout: false,
      retry: 0,
      throwHttpErrors: false,
      signal: send.signal,
      ...(send.redirect ? { redirect: send.redirect } : {}),
      hooks: {
        beforeRequest: beforeRequest ? [(request) => runHook(() => beforeRequest(request))] : [],
        afterResponse: afterResponse
          ? [
              async (request, _options, response) => {
                await runAfterResponse(afterResponse, request, response);
              },
            ]
          : [],
      },
    });
  }

  // Upload bodies bypass ky, whose request clone would buffer the whole body again (see
  // binary-body.ts). Hooks still run; the request they see carries no body.
  async function sendDirect(
    send: Send,
    payload: { body: BodyInit; duplex?: "half" },
    length: number | undefined,
  ): Promise<Response> {
    const { beforeRequest, afterResponse } = options.hooks ?? {};
    let target = send.url.toString();
    let sendHeaders = send.headers;
    const replaced = beforeRequest
      ? await runHook(() => beforeRequest(new Request(target, { method: send.method, headers: sendHeaders })))
      : undefined;
    if (replaced) {
      target = replaced.url;
      sendHeaders = new Headers(replaced.headers);
    }
    // A stream body would otherwise go out with chunked transfer encoding.
    if (length !== undefined) sendHeaders.set("content-length", String(length));
    const response = await fetchImpl(target, {
      method: send.method,
      headers: sendHeaders,
      ...payload,
      ...(send.redirect ? { redirect: send.redirect } : {}),
      signal: send.signal,
    } as RequestInit);
    if (afterResponse) {
      await runAfterResponse(
        afterResponse,
        new Request(target, { method: send.method, headers: sendHeaders }),
        response,
      );
    }
    return response;
  }

  function send<T>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
    if (request.timeoutMs !== undefined) checkTimeout(request.timeoutMs, "request timeoutMs");
    if (isStream(request.body)) {
      if (!supportsRequestStreams()) {
        throw new PostkitError(
          `${platform}: this runtime's fetch cannot send a streamed request body; send the data in chunks instead.`,
          { code: ErrorCode.INVALID_INPUT },
        );
      }
      // A stream is read once: it cannot be sent again.
      return attempt(request, 1);
    }
    if (!request.idempotent) return attempt(request, 1);
    return withRetry((attemptNumber) => attempt(request, attemptNumber), {
      policy: options.retry,
      signal: request.signal,
      onRetry: ({ attempt: failed, delayMs, error }) =>
        logger?.info?.(
          `${platform}: retrying ${request.method} ${redactUrl(buildUrl(request))} in ${delayMs} ms`,
          {
            attempt: failed,
            reason: PostkitError.isInstance(error) ? error.code : "unknown",
          },
        ),
    });
  }

  return {
    platform,
    async request<T>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
      try {
        return await send(request);
      } catch (error) {
        // The failure the app receives (retries, if any, are over). An abort is the app's own doing.
        if (!request.signal?.aborted && PostkitError.isInstance(error)) {
          logger?.error?.(
            `${platform}: ${request.what ?? request.method} ${URL.canParse(request.url.toString()) ? redactUrl(buildUrl(request)) : "(invalid URL)"} failed`,
            {
              code: error.code,
              status: (error as { status?: unknown }).status,
              retryable: error.retryable,
            },
          );
        }
        throw error;
      }
    },
  };
}

/** Timers hold at most 2^31-1 ms; anything else is a mistake better caught before a request. */
function checkTimeout(value: number | false, what: string): number | false {
  if (value === false || (Number.isInteger(value) && value >= 1 && value <= MAX_TIMER_MS)) return value;
  throw new ValidationError(
    `${what} must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}, or false.`,
    {
      issues: [{ path: [what], message: `got ${String(value)}` }],
    },
  );
}

/** What one attempt sends, whichever way it goes out. */
interface Send {
  url: URL;
  method: string;
  headers: Headers;
  /** The caller's signal and the attempt's deadline together. */
  signal: AbortSignal | undefined;
  redirect: "follow" | "manual" | undefined;
}

/** Wraps an error thrown by an app's hook, so it is passed on as it is rather than as a network failure. */
class HookFailure {
  readonly cause: unknown;
  constructor(cause: unknown) {
    this.cause = cause;
  }
}

/** Runs the app's `afterResponse`; if it throws, nobody will read the body, so it is released. */
async function runAfterResponse(
  hook: NonNullable<HttpHooks["afterResponse"]>,
  request: Request,
  response: Response,
): Promise<void> {
  try {
    await hook(request, response);
  } catch (error) {
    // Not awaited: under ky this is a clone, and a tee branch's cancel waits for the other branch.
    response.body?.cancel().catch(() => undefined);
    throw new HookFailure(error);
  }
}

async function runHook<T>(hook: () => T | Promise<T>): Promise<T> {
  try {
    return await hook();
  } catch (error) {
    throw new HookFailure(error);
  }
}

/** The transport error's name and code (`ECONNREFUSED`, `UND_ERR_SOCKET`…), without anything secret. */
function networkCause(
  error: unknown,
  secrets: readonly string[],
): { name: string; code?: string; message: string } {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const name = inner instanceof Error ? inner.name : typeof inner;
  const code = (inner as { code?: unknown } | null)?.code;
  const message = inner instanceof Error ? redactText(inner.message, secrets) : "";
  return typeof code === "string" ? { name, code, message } : { name, message };
}

function isStream(body: unknown): body is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
}

function buildUrl(request: HttpRequest<unknown>): URL {
  // Not echoed: a malformed URL may still hold a token.
  if (!URL.canParse(request.url.toString())) {
    throw new ValidationError(`${request.what ?? "request"}: the URL is not an absolute URL.`, {
      issues: [{ path: ["url"], message: "must be an absolute URL" }],
    });
  }
  const url = new URL(request.url.toString());
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url;
}

function toForm(fields: Record<string, string | undefined>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
  return form;
}

async function readBody(
  response: Response,
  method: string,
  parseJson: (text: string) => unknown,
): Promise<unknown> {
  if (method === "HEAD" || response.status === 204) {
    await response.body?.cancel();
    return undefined;
  }
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return parseJson(text);
  } catch {
    return text;
  }
}

function describeNetworkFailure(error: unknown, secrets: readonly string[]): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  const message = error instanceof Error ? error.message : String(error);
  return `failed (${redactText(message + cause, secrets)})`;
}

function defaultError(
  platform: string,
  context: ResponseContext,
  secrets: readonly string[],
  what: string | undefined,
): PostkitError {
  const label = what ?? `${context.method} ${context.url}`;
  if (context.status === 429) {
    return new RateLimitError(`${platform}: ${label} was rate limited (HTTP 429).`, {
      source: "platform",
      status: 429,
      retryAfterMs: context.retryAfterMs,
    });
  }
  return new HttpError(`${platform}: ${label} failed with HTTP ${context.status}.`, {
    status: context.status,
    method: context.method,
    url: context.url,
    headers: redactHeaders(context.headers),
    body: redactValue(context.body, secrets),
    retryable: isRetryableStatus(context.status),
    retryAfterMs: context.retryAfterMs,
  });
}
