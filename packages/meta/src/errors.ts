// Graph error bodies as typed errors. The shape and the codes:
// https://developers.facebook.com/docs/graph-api/guides/error-handling ,
// https://developers.facebook.com/documentation/pages-api/error-codes ,
// https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/error-codes .
import {
  ErrorCode,
  isRetryableStatus,
  type NextStep,
  PlatformError,
  type PostkitError,
  RateLimitError,
  type ResponseContext,
  redactValue,
  ScopeError,
} from "@postkit/core";
import { type GraphErrorKind, ruleFor } from "./error-rules.js";

export type { GraphErrorKind } from "./error-rules.js";

/**
 * What a Graph error body says, as Meta sent it (redacted): `{"error":{"message","type","code",
 * "error_subcode","error_user_title","error_user_msg","fbtrace_id","is_transient"}}`.
 * @group Errors
 */
export interface GraphErrorDetails {
  /** `error.code`, e.g. `190`. */
  code: number;
  /** `error.error_subcode`, e.g. `463`, when present. */
  subcode: number | undefined;
  /** `error.type`, e.g. `OAuthException`. */
  type: string | undefined;
  /** `error.message`, Meta's developer-facing text. */
  message: string | undefined;
  /** `error.error_user_title`, localized for the user. */
  userTitle: string | undefined;
  /** `error.error_user_msg`, localized for the user. */
  userMessage: string | undefined;
  /** `error.fbtrace_id`: quote it to Meta's support. */
  fbtraceId: string | undefined;
  /** `error.is_transient`: Meta's own say on whether a repeat may work. */
  isTransient: boolean | undefined;
  /** The class postkit put the error in. */
  kind: GraphErrorKind;
}

/**
 * A Graph API error that is neither a permission (`ScopeError`) nor a throttle
 * (`RateLimitError`): token errors (code `ACCESS_TOKEN_INVALID`), transient, policy, invalid
 * parameter, Instagram media and any other code. `graph` holds everything Meta said.
 * @group Errors
 */
export class MetaGraphError extends PlatformError {
  /** The Graph error body's fields and postkit's classification. */
  readonly graph: GraphErrorDetails;

  /** @internal Built by {@link metaErrorFromResponse}. */
  constructor(
    message: string,
    options: ConstructorParameters<typeof PlatformError>[1] & { graph: GraphErrorDetails },
  ) {
    super(message, options);
    this.name = "MetaGraphError";
    this.graph = options.graph;
  }
}

/**
 * The Graph details behind a postkit error: its own (`MetaGraphError`), or those of its `cause`
 * (a `ScopeError` or `RateLimitError` built from a Graph error keeps the `MetaGraphError` there).
 * @group Errors
 */
export function graphErrorOf(error: unknown): GraphErrorDetails | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if (PlatformError.isInstance(current) && "graph" in current) return (current as MetaGraphError).graph;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Reads `{ error: { … } }`; `undefined` for any other body. @internal */
export function readGraphError(body: unknown): Omit<GraphErrorDetails, "kind"> | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const fields = error as Record<string, unknown>;
  const code = toInt(fields.code);
  if (code === undefined) return undefined;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  return {
    code,
    subcode: toInt(fields.error_subcode),
    type: text(fields.type),
    message: text(fields.message),
    userTitle: text(fields.error_user_title),
    userMessage: text(fields.error_user_msg),
    fbtraceId: text(fields.fbtrace_id),
    isTransient: typeof fields.is_transient === "boolean" ? fields.is_transient : undefined,
  };
}

function toInt(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d{1,10}$/.test(value)) return Number(value);
  return undefined;
}

/** The first sentence of Meta's text, short, without its final stop: postkit messages are one sentence. @internal */
export function firstSentence(text: string): string {
  const first = text.split(/(?<=[.!?])\s+(?=[A-Z(])/)[0] ?? text;
  const short = first.length > 200 ? `${first.slice(0, 199)}…` : first;
  return short.replace(/[.!?]+$/, "");
}

/**
 * Turns a Graph error body into a typed error, whatever the HTTP status (usually 400, sometimes
 * 500 for codes 1 and 2), with Meta's fields redacted:
 *
 * - permission (3, 10, 200–299) → `ScopeError` (the user must grant the permission again);
 * - throttling (4, 17, 32, 341, 613, and 9/2207042) → `RateLimitError` (`source: "platform"`);
 * - anything else → {@link MetaGraphError}: 190 and 102 with `ACCESS_TOKEN_INVALID` (reconnect),
 *   1 and 2 retryable, 368 policy, 100 invalid parameter, Instagram's 2207xxx media codes, each
 *   with a `hint` and a `next` step.
 *
 * The `ScopeError` and `RateLimitError` carry the `MetaGraphError` as `cause` ({@link graphErrorOf}).
 * Returns `undefined` for a body that is not a Graph error (core's HTTP rules apply then).
 *
 * @param what names the operation in the message, e.g. `"Facebook Pages list"`.
 * @group Errors
 */
export function metaErrorFromResponse(context: ResponseContext, what: string): PostkitError | undefined {
  const read = readGraphError(context.body);
  if (!read) return undefined;
  const secrets = context.secrets ?? [];
  const clean = (value: string | undefined) =>
    value === undefined ? undefined : String(redactValue(value, secrets));
  const rule = ruleFor(read.code, read.subcode);
  const graph: GraphErrorDetails = {
    ...read,
    message: clean(read.message),
    userTitle: clean(read.userTitle),
    userMessage: clean(read.userMessage),
    kind: rule.kind,
  };
  const codes = read.subcode === undefined ? `${read.code}` : `${read.code}/${read.subcode}`;
  const said = graph.message ? `: ${firstSentence(graph.message)}` : "";
  const message = `meta: ${what} failed with Graph error ${codes}${said}.`;
  const retryable = rule.retryable ?? (graph.isTransient === true || isRetryableStatus(context.status));
  const next: NextStep | undefined = rule.next ?? (retryable ? "after-delay" : undefined);
  const platformError = new MetaGraphError(message, {
    platform: "meta",
    platformCode: String(read.code),
    subcode: read.subcode === undefined ? undefined : String(read.subcode),
    traceId: graph.fbtraceId,
    status: context.status,
    retryable,
    retryAfterMs: context.retryAfterMs,
    body: redactValue(context.body, secrets),
    hint: rule.hint,
    next,
    graph,
    ...(rule.kind === "auth" ? { code: ErrorCode.ACCESS_TOKEN_INVALID } : {}),
  });
  if (rule.kind === "permission") {
    return new ScopeError(message, {
      platform: "meta",
      missing: [],
      granted: [],
      platformCode: String(read.code),
      traceId: graph.fbtraceId,
      status: context.status,
      hint: rule.hint,
      cause: platformError,
    });
  }
  if (rule.kind === "throttling") {
    return new RateLimitError(message, {
      source: "platform",
      status: context.status,
      retryAfterMs: context.retryAfterMs,
      platformCode: String(read.code),
      hint: rule.hint,
      cause: platformError,
    });
  }
  return platformError;
}
