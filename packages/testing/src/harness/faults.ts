/**
 * Fault injection: rules that make the hub answer a matching request with an error status, a
 * slow response or a cut connection instead of (or before) calling the emulator. Emulators stay
 * free of test-only switches; a test says "the second chunk upload gets a 503" here.
 */

/** Which requests a fault applies to, and what happens to them. Unset filters match anything. */
export interface FaultRule {
  /** Emulator platform, e.g. `"tiktok"`. */
  platform?: string;
  /** Host role, e.g. `"upload"`. */
  role?: string;
  /** HTTP method, compared case-insensitively. */
  method?: string;
  /** Matched against the path below the role's base URL (`EmulatorContext.path`); a string must be equal. */
  path?: string | RegExp;
  /**
   * Matching requests to let through before the rule fires.
   * @default 0
   */
  after?: number;
  /**
   * How many times the rule fires; `Infinity` for every matching request from then on.
   * @default 1
   */
  times?: number;
  /** Respond with this status (200–599) instead of calling the emulator. */
  status?: number;
  /**
   * Response headers: on the fault response with `status`, else added to the emulator's response.
   */
  headers?: Record<string, string>;
  /** The body of the fault response (needs `status`); an object is sent as JSON. */
  body?: string | Record<string, unknown>;
  /** Adds `Retry-After: <seconds>`, like `headers`. */
  retryAfterSeconds?: number;
  /**
   * Cut the connection instead of answering. `before-response`: after the whole request arrived.
   * `mid-body`: after about half of the request body arrived; the emulator never sees it.
   * `after-response`: the emulator handles the request (a write takes effect) and its response is
   * lost on the way back: the client cannot know the outcome.
   */
  drop?: "before-response" | "mid-body" | "after-response";
  /** Wait this long first, then apply the other effects, or let the emulator answer. */
  delayMs?: number;
  /**
   * Runs when the rule fires, before anything else: a change of the emulator's state (the fault
   * presets use it to revoke tokens or expire an upload URL), after which the emulator answers
   * the request itself unless another effect says otherwise.
   */
  effect?: () => void;
}

/**
 * The named fault presets of `hub.faults.preset`, each answered in the platform's own shape:
 * - `lost-write`: the platform applies the publish write (TikTok's init, YouTube's
 *   `videos.insert`, a Meta Page post or video, Instagram's `media_publish`), then the connection
 *   breaks before its answer.
 * - `late-processing-failure`: uploads still arrive, processing reports progress, and then fails.
 * - `token-revoked`: after `after` API calls every token is revoked from the platform's side, as
 *   when the user removes the app: the next call gets the platform's 401 and refreshing fails.
 * - `upload-url-expired`: after `after` chunk uploads, the upload URL (TikTok) or session URI
 *   (YouTube), or the rupload URL or upload session (Meta) expires, and the next chunk gets the
 *   platform's answer for that.
 * - `throttle`: the platform's rate-limit answer with `Retry-After`.
 * - `throttle-without-retry-after`: the same without `Retry-After`.
 */
export type FaultPresetName =
  | "lost-write"
  | "late-processing-failure"
  | "token-revoked"
  | "upload-url-expired"
  | "throttle"
  | "throttle-without-retry-after";

/** Every {@link FaultPresetName}, for docs and checks. */
export const FAULT_PRESETS: readonly FaultPresetName[] = [
  "lost-write",
  "late-processing-failure",
  "token-revoked",
  "upload-url-expired",
  "throttle",
  "throttle-without-retry-after",
];

/** Options of `hub.faults.preset`. */
export interface FaultPresetOptions {
  /** Only this platform's emulator. @default every emulator of the hub that offers the preset */
  platform?: string;
  /**
   * Matching requests let through first: API calls (`token-revoked`, `throttle…`), chunk uploads
   * (`upload-url-expired`), writes (`lost-write`), or status reads that still report progress
   * (`late-processing-failure`). @default 0 (`late-processing-failure`: 2)
   */
  after?: number;
  /** How many requests the throttle answers. @default 1 */
  times?: number;
  /** `Retry-After` of `throttle`, in seconds. @default 30 */
  retryAfterSeconds?: number;
}

/** What a request looks like to the fault filters. */
export interface FaultTarget {
  platform: string;
  role: string;
  method: string;
  path: string;
}

interface ActiveRule {
  rule: Readonly<FaultRule>;
  seen: number;
  fired: number;
}

/** The rules of one hub, in the order they were added. */
export class FaultSet {
  #rules: ActiveRule[] = [];

  /** Adds a rule; throws on a rule that contradicts itself, so a typo does not pass silently. */
  add(rule: FaultRule): void {
    validate(rule);
    this.#rules.push({ rule: Object.freeze({ ...rule }), seen: 0, fired: 0 });
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules = [];
  }

  /** Rules that can still fire (one with `times: Infinity` always counts). */
  pending(): number {
    return this.#rules.length;
  }

  /**
   * The rule that fires for this request, if any. Every matching rule counts the request towards
   * its `after`; the first rule past its `after` fires, and is removed once it fired `times` times.
   */
  take(target: FaultTarget): Readonly<FaultRule> | undefined {
    let firing: ActiveRule | undefined;
    for (const active of this.#rules) {
      if (!matches(active.rule, target)) continue;
      if (active.seen < (active.rule.after ?? 0)) {
        active.seen++;
        continue;
      }
      if (!firing) firing = active;
    }
    if (!firing) return undefined;
    firing.fired++;
    if (firing.fired >= (firing.rule.times ?? 1)) this.#rules = this.#rules.filter((item) => item !== firing);
    return firing.rule;
  }
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.platform !== undefined && rule.platform !== target.platform) return false;
  if (rule.role !== undefined && rule.role !== target.role) return false;
  if (rule.method !== undefined && rule.method.toUpperCase() !== target.method.toUpperCase()) return false;
  if (typeof rule.path === "string") return rule.path === target.path;
  if (rule.path) {
    // A /g or /y regex keeps state between test() calls; reset it so every request is judged alike.
    rule.path.lastIndex = 0;
    return rule.path.test(target.path);
  }
  return true;
}

function validate(rule: FaultRule): void {
  const count = (value: number | undefined, name: string, allowInfinity: boolean) => {
    if (value === undefined) return;
    const ok =
      (allowInfinity && value === Number.POSITIVE_INFINITY) || (Number.isInteger(value) && value >= 0);
    if (!ok) throw new RangeError(`FaultRule.${name} must be a non-negative integer, got ${value}`);
  };
  count(rule.after, "after", false);
  count(rule.times, "times", true);
  count(rule.retryAfterSeconds, "retryAfterSeconds", false);
  if (rule.effect !== undefined && typeof rule.effect !== "function") {
    throw new TypeError("FaultRule.effect must be a function");
  }
  if (rule.times === 0) throw new RangeError("FaultRule.times must be at least 1");
  if (rule.delayMs !== undefined && !(rule.delayMs >= 0 && Number.isFinite(rule.delayMs))) {
    throw new RangeError(`FaultRule.delayMs must be a finite number >= 0, got ${rule.delayMs}`);
  }
  if (rule.status !== undefined) {
    if (!Number.isInteger(rule.status) || rule.status < 200 || rule.status > 599) {
      throw new RangeError(`FaultRule.status must be 200–599 (a Response cannot carry ${rule.status})`);
    }
    if (rule.body !== undefined && isNullBodyStatus(rule.status)) {
      throw new TypeError(`FaultRule.body is not allowed with status ${rule.status}`);
    }
  }
  if (
    rule.drop !== undefined &&
    rule.drop !== "before-response" &&
    rule.drop !== "mid-body" &&
    rule.drop !== "after-response"
  ) {
    throw new TypeError(
      `FaultRule.drop must be "before-response", "mid-body" or "after-response", got ${String(rule.drop)}`,
    );
  }
  if (rule.drop !== undefined && rule.status !== undefined) {
    throw new TypeError("FaultRule cannot both drop the connection and respond with a status");
  }
  if (rule.body !== undefined && rule.status === undefined)
    throw new TypeError("FaultRule.body needs a status");
}

/** Statuses whose responses have no body. */
export function isNullBodyStatus(status: number): boolean {
  return status === 101 || status === 103 || status === 204 || status === 205 || status === 304;
}

/** The response of a rule with `status`. */
export function faultResponse(rule: Readonly<FaultRule>, status: number): Response {
  const headers = faultHeaders(rule);
  let body: string | null = null;
  if (typeof rule.body === "string") {
    body = rule.body;
    if (!headers.has("content-type")) headers.set("content-type", "text/plain; charset=utf-8");
  } else if (rule.body !== undefined) {
    body = JSON.stringify(rule.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json; charset=utf-8");
  }
  return new Response(body, { status, headers });
}

/** The emulator's response with the rule's headers (and Retry-After) added. */
export function withFaultHeaders(response: Response, rule: Readonly<FaultRule>): Response {
  if (rule.headers === undefined && rule.retryAfterSeconds === undefined) return response;
  if (response.status < 200) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of faultHeaders(rule)) headers.set(name, value);
  // A new Response, because the emulator's headers may be immutable (Response.redirect, Response.error).
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function faultHeaders(rule: Readonly<FaultRule>): Headers {
  const headers = new Headers(rule.headers);
  if (rule.retryAfterSeconds !== undefined) headers.set("retry-after", String(rule.retryAfterSeconds));
  return headers;
}
