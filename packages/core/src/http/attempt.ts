// One attempt of a request, as ky's `fetch`: ky builds the request, runs the hooks, retries and
// times out; this sends it (upload bodies without a copy), applies the redirect rule, reads the
// body within its cap and turns the response into data or a typed error. ky's timeout covers all
// of it, the body read included.
import { abortRace } from "../abort.js";
import { CapabilityError } from "../errors/capability-error.js";
import { PostkitError } from "../errors/postkit-error.js";
import { binaryBody } from "./binary-body.js";
import { ERROR_BODY_READ_BYTES, readCapped } from "./body.js";
import type { AttemptEnd, HttpHooks, HttpRequest, ResponseContext } from "./types.js";
import {
  bodyTooLarge,
  defaultError,
  type FailureLabel,
  networkFailure,
  redirectRefused,
  runApp,
} from "./failure.js";
import type { Logger } from "./logger.js";
import { parseRetryAfter } from "./retry.js";

/** What every request of one client shares. */
export interface Transport {
  platform: string;
  fetch: typeof globalThis.fetch;
  hooks: HttpHooks | undefined;
  logger: Logger | undefined;
}

/** One request's state across its attempts. */
export interface Exchange<T> {
  readonly request: HttpRequest<T>;
  /** The absolute URL with the query added. */
  readonly url: URL;
  readonly label: FailureLabel;
  /** Never follow a 3xx: the request carries a credential, or asked for it. */
  readonly manual: boolean;
  readonly maxBytes: number;
  /** The attempt being sent, from 1. */
  attempt: number;
  /** A ky `beforeRequest` hook counts the attempts (else {@link sendAttempt} does). */
  hooked: boolean;
  /**
   * Without app hooks, the headers and body the attempt sends (ky's request has neither: it is
   * only the carrier of the method, URL, signal and redirect mode).
   */
  direct: { headers: Record<string, string>; body: BodyInit | undefined } | undefined;
  /** The gate's callback for the attempt being sent. */
  ended: AttemptEnd | undefined;
}

/** The parsed body of a successful attempt, by the response ky resolves with. */
export const received = new WeakMap<Response, unknown>();

/** ky's `fetch` for one request: sends one attempt and settles it. */
export async function sendAttempt<T>(
  transport: Transport,
  exchange: Exchange<T>,
  input: Request,
  init: RequestInit | undefined,
): Promise<Response> {
  const { request, label } = exchange;
  if (!exchange.hooked) exchange.attempt++;
  const attempt = exchange.attempt;
  const ended = exchange.ended;
  exchange.ended = undefined;
  transport.logger?.debug?.(`${label.platform}: ${request.method} ${label.url}`, { attempt });
  const started = Date.now();
  // One listener for the whole attempt (send and body read), so a `fetch` or a body that ignores
  // the signal cannot hang the caller.
  const abort = abortRace(input.signal);
  let response: Response;
  try {
    response = await abort.race(send(transport.fetch, request.body, exchange.direct, input, init));
  } catch (error) {
    abort.done();
    ended?.(undefined);
    // Aborted: the caller's abort or ky's timeout, which ky reports itself.
    if (input.signal.aborted) throw error;
    throw failed(transport, label, error, attempt);
  }
  ended?.({ status: response.status, headers: response.headers });
  transport.logger?.debug?.(`${label.platform}: ${label.method} ${label.url} -> ${response.status}`, {
    attempt,
    durationMs: Date.now() - started,
  });
  let body: unknown;
  try {
    const afterResponse = transport.hooks?.afterResponse;
    if (afterResponse) await runAfterResponse(afterResponse, input, response);
    const status = response.status;
    const accepted = request.accept ? request.accept(status) : status >= 200 && status < 300;
    // A browser hides a 3xx under redirect: "manual" (status 0): a protocol that needs it cannot run.
    if (response.type === "opaqueredirect" && acceptsRedirect(request)) throw hiddenRedirect(label);
    if (!accepted && exchange.manual && isRedirect(response)) {
      response.body?.cancel().catch(() => undefined);
      throw redirectRefused(label, response);
    }
    try {
      body = await abort.race(readBody(response, exchange, accepted));
    } catch (error) {
      if (input.signal.aborted || PostkitError.isInstance(error)) throw error;
      // The connection broke mid-body: no complete response, like no response at all.
      throw failed(transport, label, error, attempt);
    }
    return settleResponse(request, label, response, status, accepted, body);
  } finally {
    abort.done();
  }
}

function settleResponse<T>(
  request: HttpRequest<T>,
  label: FailureLabel,
  response: Response,
  status: number,
  accepted: boolean,
  body: unknown,
): Response {
  const context: ResponseContext = {
    status,
    headers: response.headers,
    body,
    method: label.method,
    // Redacted on first use: only a rule that builds an error reads it.
    get url() {
      return label.url;
    },
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    secrets: label.secrets,
  };
  const interpreted = request.interpret?.(context);
  if (interpreted) throw interpreted;
  if (!accepted) throw defaultError(label, context, request.what);
  received.set(response, body);
  return response;
}

/**
 * Upload bodies go to `fetch` directly (ky's per-attempt clone would buffer them), and so do the
 * headers and body of a request without app hooks; the rest as ky built them.
 */
function send(
  fetch: typeof globalThis.fetch,
  body: HttpRequest<unknown>["body"],
  direct: Exchange<unknown>["direct"],
  input: Request,
  init: RequestInit | undefined,
): Promise<Response> {
  const upload = body instanceof Uint8Array || isStream(body);
  if (!upload && !direct) return fetch(input, init);
  let headers: HeadersInit = direct ? direct.headers : input.headers;
  if (body instanceof Uint8Array) {
    // A stream body would otherwise go out with chunked transfer encoding.
    headers = new Headers(headers);
    headers.set("content-length", String(body.byteLength));
  }
  // A fresh stream of views for each attempt: the chunk is re-sent on a retry, never copied.
  const payload = !upload
    ? { body: direct?.body }
    : body instanceof Uint8Array
      ? binaryBody(body)
      : { body, duplex: "half" as const };
  return fetch(input.url, {
    ...init,
    method: input.method,
    headers,
    ...payload,
    redirect: input.redirect,
    signal: input.signal,
  } as RequestInit);
}

/** The body as JSON (or text), within the cap; an error response's is cut, never refused. */
async function readBody(
  response: Response,
  exchange: Exchange<unknown>,
  accepted: boolean,
): Promise<unknown> {
  const { request, label, maxBytes } = exchange;
  if (request.method === "HEAD" || response.status === 204 || response.status === 304) {
    response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const read = accepted
    ? await readCapped(response, maxBytes, "refuse")
    : await readCapped(response, Math.min(maxBytes, ERROR_BODY_READ_BYTES), "truncate");
  if ("tooLarge" in read) throw bodyTooLarge(label, response.status, maxBytes, read.declared);
  if (read.text === "") return undefined;
  // A cut body is not valid JSON: kept as text.
  if (read.truncated) return read.text;
  try {
    return (request.parseJson ?? JSON.parse)(read.text);
  } catch {
    return read.text;
  }
}

/** Runs the app's `afterResponse`; if it throws, nobody will read the body, so it is released. */
async function runAfterResponse(
  hook: NonNullable<HttpHooks["afterResponse"]>,
  request: Request,
  response: Response,
): Promise<void> {
  await runApp(() => hook(request, response)).catch((error: unknown) => {
    response.body?.cancel().catch(() => undefined);
    throw error;
  });
}

function failed(transport: Transport, label: FailureLabel, error: unknown, attempt: number): PostkitError {
  const failure = networkFailure(label, error);
  transport.logger?.warn?.(failure.message, { attempt });
  return failure;
}

/** Whether the request takes a 3xx as an answer (YouTube's `308 Resume Incomplete`). */
function acceptsRedirect(request: HttpRequest<unknown>): boolean {
  return request.accept !== undefined && [301, 302, 303, 307, 308].some((status) => request.accept!(status));
}

/**
 * A browser's fetch under `redirect: "manual"` hides a 3xx behind an opaque response (status 0, no
 * headers): a protocol that answers with one cannot run there, whatever is retried.
 */
function hiddenRedirect(label: FailureLabel): CapabilityError {
  return new CapabilityError(
    `${label.platform}: ${label.method} ${label.url} was answered with a redirect status this runtime's fetch does not let postkit read (a browser's opaque redirect); this protocol cannot run here.`,
    {
      platform: label.platform,
      operation: `${label.method} answered with a 3xx`,
      hint: "Run uploads on a server (Node, Deno, Bun or an edge worker); see the browser section of docs/runtimes.md.",
    },
  );
}

function isRedirect(response: Response): boolean {
  return response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400);
}

/** Whether `body` is a `ReadableStream` (sent once, never retried). */
export function isStream(body: unknown): body is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
}
