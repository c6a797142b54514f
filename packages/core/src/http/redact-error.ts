// The one redaction pass over an error that leaves the HTTP client: whatever a platform rule
// copied from the response (messages, bodies, headers, codes and reasons, OAuth `error` and
// `error_description`) is scrubbed here, with the request's literal secrets in every encoding.
import { PostkitError } from "../errors/postkit-error.js";
import { boundBody } from "./body.js";
import { redactText, redactValue } from "./redact.js";

/**
 * Redacts `error` in place: its message and stack, every enumerable property (strings as text,
 * objects and arrays deeply, a `body` also cut to a few KB), and its postkit `cause`s.
 * Non-enumerable properties (an upload's `resumeState`) are the caller's and stay as they are.
 * @internal
 */
export function scrubError(error: PostkitError, secrets: readonly string[], depth = 0): void {
  const fields = error as unknown as Record<string, unknown>;
  const message = redactText(error.message, secrets);
  if (message !== error.message) error.message = message;
  if (typeof error.stack === "string") {
    const stack = redactText(error.stack, secrets);
    if (stack !== error.stack) error.stack = stack;
  }
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (typeof value === "string") fields[key] = redactText(value, secrets);
    else if (typeof value === "object" && value !== null) fields[key] = redactValue(value, secrets);
    if (key === "body") fields[key] = boundBody(fields[key]);
  }
  const cause = error.cause;
  if (PostkitError.isInstance(cause)) {
    if (depth < 4) scrubError(cause, secrets, depth + 1);
  } else if (typeof cause === "object" && cause !== null && !(cause instanceof Error)) {
    // A sanitized transport cause ({ name, code, message }).
    (error as { cause: unknown }).cause = redactValue(cause, secrets);
  } else if (cause instanceof Error) {
    cause.message = redactText(cause.message, secrets);
    if (typeof cause.stack === "string") cause.stack = redactText(cause.stack, secrets);
  }
}
