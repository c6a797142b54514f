// The errors one attempt can end with, built in one place so each carries only redacted text.
import { ErrorCode } from "../errors/codes.js";
import { HttpError } from "../errors/http-error.js";
import { NetworkError } from "../errors/network-error.js";
import type { PostkitError } from "../errors/postkit-error.js";
import { RateLimitError } from "../errors/rate-limit-error.js";
import { SecurityError } from "../errors/security-error.js";
import { boundBody } from "./body.js";
import type { ResponseContext } from "./types.js";
import { redactHeaders, redactText, redactValue } from "./redact.js";
import { isRetryableStatus } from "./retry.js";
import { originForMessage } from "./trusted-url.js";

/**
 * Wraps an error thrown by the app's own code (a hook, a gate), so it reaches the caller as it is:
 * never retried, never mapped to a network failure.
 */
export class AppFailure {
  readonly cause: unknown;
  constructor(cause: unknown) {
    this.cause = cause;
  }
}

/** Runs the app's code; its failure is passed on as it is. */
export async function runApp<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new AppFailure(error);
  }
}

/** What an attempt's error message names. */
export interface FailureLabel {
  platform: string;
  method: string;
  /** Redacted URL. */
  url: string;
  secrets: readonly string[];
}

/** No response, or a body cut off: a `NetworkError` with a sanitized cause. */
export function networkFailure(label: FailureLabel, error: unknown, timeoutMs?: number): NetworkError {
  const reason =
    timeoutMs !== undefined
      ? `timed out after ${timeoutMs} ms`
      : describeNetworkFailure(error, label.secrets);
  return new NetworkError(`${label.platform}: ${label.method} ${label.url} ${reason}`, {
    method: label.method,
    url: label.url,
    timeout: timeoutMs !== undefined,
    cause: timeoutMs !== undefined ? undefined : networkCause(error, label.secrets),
  });
}

/** A 3xx on a request that does not follow redirects: nothing was sent to the `Location`. */
export function redirectRefused(label: FailureLabel, response: Response): SecurityError {
  const location = response.headers.get("location");
  const target =
    location && URL.canParse(location, label.url)
      ? originForMessage(new URL(location, label.url).href)
      : "an unknown place";
  return new SecurityError(
    `${label.platform}: ${label.method} ${label.url} was redirected (HTTP ${response.status}) to ${target}; postkit does not follow redirects with credentials, so nothing was sent there.`,
    {
      code: ErrorCode.REDIRECT_REFUSED,
      origin: target === "an unknown place" ? undefined : target,
      status: response.status,
      hint: "Check the configured base URLs; a platform endpoint that redirects may have moved or be intercepted.",
    },
  );
}

/** A body over the cap: refused, its stream cancelled. */
export function bodyTooLarge(
  label: FailureLabel,
  status: number,
  maxBytes: number,
  declared: boolean,
): SecurityError {
  return new SecurityError(
    `${label.platform}: the response to ${label.method} ${label.url} is larger than ${maxBytes} bytes${declared ? " (Content-Length)" : ""}; postkit stopped reading it.`,
    {
      code: ErrorCode.RESPONSE_TOO_LARGE,
      origin: originForMessage(label.url),
      status,
      hint: "Raise `maxBodyBytes` (per client or per request) if this response is expected to be that large.",
    },
  );
}

/** The default error of a response no rule accepted or classified. */
export function defaultError(
  label: FailureLabel,
  context: ResponseContext,
  what: string | undefined,
): PostkitError {
  const name = what ?? `${context.method} ${context.url}`;
  if (context.status === 429) {
    return new RateLimitError(`${label.platform}: ${name} was rate limited (HTTP 429).`, {
      source: "platform",
      status: 429,
      retryAfterMs: context.retryAfterMs,
    });
  }
  return new HttpError(`${label.platform}: ${name} failed with HTTP ${context.status}.`, {
    status: context.status,
    method: context.method,
    url: context.url,
    headers: redactHeaders(context.headers, label.secrets),
    body: boundBody(redactValue(context.body, label.secrets)),
    retryable: isRetryableStatus(context.status),
    retryAfterMs: context.retryAfterMs,
  });
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

function describeNetworkFailure(error: unknown, secrets: readonly string[]): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  const message = error instanceof Error ? error.message : String(error);
  return `failed (${redactText(message + cause, secrets)})`;
}
