import type { Options as KyOptions, TimeoutError } from "ky";
import { ErrorCode } from "../errors/codes.js";
import { PostkitError } from "../errors/postkit-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { parseResponse } from "../validation/parse.js";
import { type Exchange, isStream, received, sendAttempt, type Transport } from "./attempt.js";
import { supportsRequestStreams } from "./binary-body.js";
import { DEFAULT_MAX_BODY_BYTES } from "./body.js";
import { AppFailure, networkFailure, runApp } from "./failure.js";
import type { Logger } from "./logger.js";
import type { FailureLabel } from "./failure.js";
import { isSecretParam, redactUrl } from "./redact.js";
import { scrubError } from "./redact-error.js";
import type { HttpClient, HttpOptions, HttpRequest, HttpResponse } from "./types.js";
import { MAX_TIMER_MS, resolveRetryPolicy, retryDelay } from "./retry.js";

export type {
  AttemptEnd,
  AttemptInfo,
  HttpClient,
  HttpHooks,
  HttpOptions,
  HttpRequest,
  HttpResponse,
  ResponseContext,
} from "./types.js";

/**
 * An HTTP client on ky for one platform: one send path for every request, ky's retry loop and
 * hooks, per-attempt timeout covering the body, bounded bodies, no redirects with credentials,
 * typed errors redacted in one pass, and retries only for idempotent requests.
 *
 * @group HTTP
 */
export function createHttpClient(platform: string, options: HttpOptions = {}): HttpClient {
  if (typeof (options.fetch ?? globalThis.fetch) !== "function") {
    throw new PostkitError("No fetch implementation: pass `fetch` in the client options.", {
      code: ErrorCode.INVALID_INPUT,
    });
  }
  // Checked now, so a bad option fails at construction rather than on the first request.
  const policy = resolveRetryPolicy(options.retry);
  const clientTimeout = checkTimeout(options.timeoutMs ?? 30_000, "timeoutMs");
  const clientMaxBytes = checkMaxBytes(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, "maxBodyBytes");
  const logger = options.logger;
  const transport: Transport = {
    platform,
    // The global is looked up on each request, so a fetch patched after the client was created
    // (msw, instrumentation, a test double) is still the one used.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    hooks: options.hooks,
    logger,
  };
  const defaultHeaders = options.headers;

  async function send<T>(request: HttpRequest<T>, exchange: Exchange<T>): Promise<HttpResponse<T>> {
    const timeout = request.timeoutMs ?? clientTimeout;
    // A plain record with lower-case names (ky builds its Headers from it): one copy fewer.
    const headers: Record<string, string> = {};
    if (defaultHeaders)
      for (const name of Object.keys(defaultHeaders))
        headers[name.toLowerCase()] = defaultHeaders[name] as string;
    if (request.headers)
      for (const name of Object.keys(request.headers))
        headers[name.toLowerCase()] = request.headers[name] as string;
    if (request.accessToken) headers.authorization = `Bearer ${request.accessToken}`;
    let body: BodyInit | undefined;
    if (request.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = toForm(request.form);
    } else if (
      request.body !== undefined &&
      !(request.body instanceof Uint8Array) &&
      !isStream(request.body)
    ) {
      body = request.body;
    }
    // A stream is read once; a non-idempotent request is never repeated.
    const limit = request.idempotent && !isStream(request.body) ? policy.retries : 0;
    const { beforeRequest } = transport.hooks ?? {};
    let delayMs = 0;
    // Only what differs from ky's defaults: ky copies its options several times per request.
    // Without app hooks nobody looks at ky's Request: headers and body go straight to the attempt's
    // fetch, and ky builds (and clones, per attempt) a request without them.
    const direct = !transport.hooks?.beforeRequest && !transport.hooks?.afterResponse;
    if (direct) exchange.direct = { headers, body };
    const options: KyOptions = {
      method: request.method,
      timeout,
      throwHttpErrors: false,
      fetch: (input, init) => sendAttempt(transport, exchange, input as Request, init),
      retry:
        limit === 0
          ? 0
          : {
              limit,
              methods: RETRY_METHODS,
              delay: () => delayMs,
              shouldRetry: ({ error, retryCount }) => {
                if (request.signal?.aborted) return false;
                const failure = settle(error, exchange, timeout, logger);
                if (!PostkitError.isInstance(failure)) return false;
                // Redacted even if it is dropped: an attempt's error must not hold a secret either.
                scrubError(failure, exchange.label.secrets);
                const own = request.shouldRetry?.(failure, retryCount);
                if (own === false) return false;
                const wait = retryDelay(failure, retryCount, policy, own === true);
                if (wait === undefined) return false;
                delayMs = wait;
                logger?.info?.(
                  `${platform}: retrying ${request.method} ${exchange.label.url} in ${wait} ms`,
                  {
                    attempt: retryCount,
                    reason: failure.code,
                  },
                );
                return true;
              },
            },
    };
    if (!direct) {
      options.headers = headers;
      if (body !== undefined) options.body = body;
    }
    if (request.signal) options.signal = request.signal;
    if (exchange.manual) options.redirect = "manual";
    // A hook only when there is something to run before an attempt (the app's hook, a gate);
    // otherwise the attempt is counted when it is sent.
    if (beforeRequest || request.gate) {
      exchange.hooked = true;
      options.hooks = {
        beforeRequest: [
          async (kyRequest, _options, { retryCount }) => {
            const attempt = retryCount + 1;
            exchange.attempt = attempt;
            const replaced = beforeRequest ? await runApp(() => beforeRequest(kyRequest)) : undefined;
            // The gate goes last, right before the send: a slot is taken as late as possible.
            if (request.gate) {
              const gate = request.gate;
              exchange.ended = await runApp(() => gate({ attempt, signal: request.signal }));
            }
            return replaced;
          },
        ],
      };
    }
    const { default: ky } = kyModule ?? (await loadKy());
    const response = await ky(exchange.url, options);
    const data = received.get(response);
    return {
      status: response.status,
      headers: response.headers,
      data: request.schema
        ? parseResponse(request.schema, data, {
            what: request.what ?? `${platform} ${request.method}`,
            status: response.status,
            secrets: exchange.label.secrets,
          })
        : (data as T),
    };
  }

  return {
    platform,
    async request<T>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
      let exchange: Exchange<T> | undefined;
      try {
        exchange = prepare(platform, request, clientMaxBytes);
        if (isStream(request.body) && !supportsRequestStreams()) {
          throw new PostkitError(
            `${platform}: this runtime's fetch cannot send a streamed request body; send the data in chunks instead.`,
            { code: ErrorCode.INVALID_INPUT },
          );
        }
        return await send(request, exchange);
      } catch (error) {
        // An abort is the app's own doing: its reason, as it is.
        if (request.signal?.aborted) throw request.signal.reason;
        const failure = exchange
          ? settle(error, exchange, request.timeoutMs ?? clientTimeout, logger)
          : error;
        if (failure instanceof AppFailure) throw failure.cause;
        if (PostkitError.isInstance(failure)) {
          // The one redaction pass over everything the response put in the error.
          if (exchange) scrubError(failure, exchange.label.secrets);
          // The failure the app receives (retries, if any, are over), logged once.
          logger?.error?.(
            `${platform}: ${request.what ?? request.method} ${exchange ? exchange.label.url : "(invalid URL)"} failed`,
            { code: failure.code, status: failure.status, retryable: failure.retryable },
          );
        }
        throw failure;
      }
    },
  };
}

type KyModule = typeof import("ky");
/** ky, once loaded. */
let kyModule: KyModule | undefined;
/**
 * ky is loaded with the first request, not with postkit: importing it builds a `Request` (its
 * feature checks), which makes Node load its whole fetch implementation at import time.
 */
async function loadKy(): Promise<KyModule> {
  kyModule = await import("ky");
  return kyModule;
}

/** Methods ky may repeat: all of them; whether a request is repeated is its `idempotent` flag (the retry limit). */
const RETRY_METHODS = ["get", "post", "put", "patch", "delete", "head"];

/** ky's timeout becomes postkit's typed error (logged once per attempt); other errors pass. */
function settle(
  error: unknown,
  exchange: Exchange<unknown>,
  timeout: number | false,
  logger?: Logger,
): unknown {
  // ky is loaded by the time an attempt can fail with its timeout.
  if (!kyModule || !(error instanceof kyModule.TimeoutError)) return error;
  let failure = timeouts.get(error);
  if (!failure) {
    failure = networkFailure(exchange.label, error, timeout === false ? 0 : timeout);
    timeouts.set(error, failure);
    logger?.warn?.(failure.message, { attempt: exchange.attempt });
  }
  return failure;
}

/** Each ky timeout maps to one error (seen by `shouldRetry`, then maybe by the caller). */
const timeouts = new WeakMap<TimeoutError, PostkitError>();

/** Validates the request and works out what every attempt shares. */
function prepare<T>(platform: string, request: HttpRequest<T>, clientMaxBytes: number): Exchange<T> {
  if (request.timeoutMs !== undefined) checkTimeout(request.timeoutMs, "request timeoutMs");
  const maxBytes =
    request.maxBodyBytes === undefined
      ? clientMaxBytes
      : checkMaxBytes(request.maxBodyBytes, "request maxBodyBytes");
  const url = buildUrl(request);
  const secrets = request.secrets ? [...request.secrets] : [];
  if (request.accessToken) secrets.push(request.accessToken);
  // Secret query and form parameters (an upload URL's `upload_token`) are literal secrets too.
  if (url.search)
    for (const [name, value] of url.searchParams) if (value && isSecretParam(name)) secrets.push(value);
  if (request.form) {
    for (const [name, value] of Object.entries(request.form))
      if (value && isSecretParam(name)) secrets.push(value);
  }
  // Detection cannot be switched off: `credentialed: true` only adds what postkit cannot see.
  const credentialed = request.credentialed === true || carriesCredential(request, url, secrets);
  return {
    request,
    url,
    label: lazyLabel(platform, request.method, url, secrets),
    manual: credentialed || request.redirect === "manual",
    maxBytes,
    attempt: 0,
    hooked: false,
    direct: undefined,
    ended: undefined,
  };
}

/** The label's redacted URL is only needed by errors and log lines: worked out on first use. */
function lazyLabel(platform: string, method: string, url: URL, secrets: readonly string[]): FailureLabel {
  let redacted: string | undefined;
  return {
    platform,
    method,
    secrets,
    get url() {
      redacted ??= redactUrl(url);
      return redacted;
    },
  };
}

/** A token, a secret, an auth header or a secret parameter: such a request never follows a redirect. */
function carriesCredential(request: HttpRequest<unknown>, url: URL, secrets: readonly string[]): boolean {
  if (secrets.length > 0) return true;
  for (const name of Object.keys(request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === "authorization" || lower === "cookie" || isSecretParam(lower)) return true;
  }
  for (const name of url.searchParams.keys()) if (isSecretParam(name)) return true;
  return Object.keys(request.form ?? {}).some(isSecretParam);
}

/** Timers hold at most 2^31-1 ms; anything else is a mistake better caught before a request. */
function checkTimeout(value: number | false, what: string): number | false {
  if (value === false || (Number.isInteger(value) && value >= 1 && value <= MAX_TIMER_MS)) return value;
  throw new ValidationError(
    `${what} must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}, or false.`,
    { issues: [{ path: [what], message: `got ${String(value)}` }] },
  );
}

function checkMaxBytes(value: number, what: string): number {
  if (Number.isSafeInteger(value) && value >= 1) return value;
  throw new ValidationError(`${what} must be a whole number of bytes, at least 1.`, {
    issues: [{ path: [what], message: `got ${String(value)}` }],
  });
}

function buildUrl(request: HttpRequest<unknown>): URL {
  let url: URL;
  try {
    url = new URL(request.url.toString());
  } catch {
    // Not echoed: a malformed URL may still hold a token.
    throw new ValidationError(`${request.what ?? "request"}: the URL is not an absolute URL.`, {
      issues: [{ path: ["url"], message: "must be an absolute URL" }],
    });
  }
  if (request.query) {
    for (const [name, value] of Object.entries(request.query)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
  }
  return url;
}

function toForm(fields: Record<string, string | undefined>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
  return form;
}
