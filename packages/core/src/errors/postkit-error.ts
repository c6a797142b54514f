import { ErrorCode, type NextStep } from "./codes.js";

const BASE_MARKER = Symbol.for("postkit.error");

/** @group Errors */
export interface PostkitErrorOptions {
  /** A stable string code from `ErrorCode`. */
  code: ErrorCode;
  /** Whether repeating the same request later may succeed. */
  retryable?: boolean | undefined;
  /** What the app should do next; derived from `code` and `retryable` when left out. */
  next?: NextStep | undefined;
  /** Advice on what to do about it, one or two sentences; the message says only what happened. */
  hint?: string | undefined;
  /** The HTTP status of the response behind the error, when there was one. */
  status?: number | undefined;
  /** How long to wait before trying again, when the platform or a limiter said. */
  retryAfterMs?: number | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** Codes whose cure is a new login, whatever else is known. */
const RECONNECT: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.REAUTH_REQUIRED,
  ErrorCode.ACCESS_TOKEN_INVALID,
]);

/**
 * The base of every error postkit throws. Use {@link isPostkitError} (or a class's `isInstance`)
 * rather than `instanceof`: it also works when two copies of the package are loaded, and narrows
 * by code.
 *
 * Every error has a one-sentence `message` (what happened), an optional `hint` (what to do), a
 * stable `code`, and `next`, the step the app should take. Messages and properties never contain
 * access tokens, refresh tokens, client secrets or authorization codes.
 *
 * @group Errors
 */
export class PostkitError extends Error {
  /** A stable string code from `ErrorCode`. */
  readonly code: ErrorCode;
  /** `true` when the same request may succeed if repeated later. */
  readonly retryable: boolean;
  /** What the app should do next. */
  readonly next: NextStep;
  /** Advice on what to do about it, when there is any beyond `next`. */
  readonly hint: string | undefined;
  /** The HTTP status of the response behind the error, when there was one. */
  readonly status: number | undefined;
  /** How long to wait before trying again, in milliseconds, when known. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: PostkitErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PostkitError";
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    this.next =
      options.next ??
      (RECONNECT.has(options.code) ? "after-reconnect" : this.retryable ? "after-delay" : "never");
    this.hint = options.hint;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    // Assigned (not defined) so the marker lands on the instance like any other field.
    (this as Record<symbol, unknown>)[BASE_MARKER] = true;
  }

  /** Whether `value` is a postkit error, from this copy of the package or another one. */
  static isInstance(value: unknown): value is PostkitError {
    return hasMarker(value, BASE_MARKER);
  }

  /**
   * A plain object for logs and job records: name, message and every public field (the `cause`
   * as its name and message). Non-enumerable fields such as an upload's `resumeState` stay out.
   */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) if (value !== undefined) json[key] = value;
    if (this.cause instanceof Error) json.cause = { name: this.cause.name, message: this.cause.message };
    return json;
  }
}

/** Tags an error with a class marker so `isInstance` works across package copies. @internal */
export function mark(error: PostkitError, marker: symbol): void {
  (error as unknown as Record<symbol, unknown>)[marker] = true;
}

/** @internal */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}
