import { ErrorCode } from "./codes.js";
import { hasMarker, mark, PostkitError } from "./postkit-error.js";

const MARKER = Symbol.for("postkit.error.scope");

/**
 * The token's granted scopes do not cover an operation. Raised before the request is sent.
 * `missing` lists exactly the scopes to add to the authorization request.
 *
 * @group Errors
 */
export class ScopeError extends PostkitError {
  declare readonly code: typeof ErrorCode.MISSING_SCOPES;
  /** The platform whose scopes are missing. */
  readonly platform: string;
  /** The scopes the operation needs that were not granted. */
  readonly missing: readonly string[];
  /** The scopes the token has. */
  readonly granted: readonly string[];

  /**
   * The platform's own code when the platform refused the call (TikTok `scope_not_authorized`);
   * `undefined` when postkit refused it before sending anything.
   */
  readonly platformCode: string | undefined;
  /** The platform's trace id for support requests, when the platform refused the call. */
  readonly traceId: string | undefined;

  constructor(
    message: string,
    options: {
      platform: string;
      missing: readonly string[];
      granted: readonly string[];
      platformCode?: string | undefined;
      traceId?: string | undefined;
      status?: number | undefined;
      hint?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, {
      code: ErrorCode.MISSING_SCOPES,
      status: options.status,
      // Scopes are granted at login: asking again is the only cure.
      next: "after-reconnect",
      hint:
        options.hint ??
        (options.missing.length
          ? `Request ${options.missing.join(", ")} in the authorization URL and have the user connect again.`
          : undefined),
      cause: options.cause,
    });
    this.platformCode = options.platformCode;
    this.traceId = options.traceId;
    this.name = "ScopeError";
    this.platform = options.platform;
    this.missing = [...options.missing];
    this.granted = [...options.granted];
    mark(this, MARKER);
  }

  static override isInstance(value: unknown): value is ScopeError {
    return hasMarker(value, MARKER);
  }
}
