import { redactedPath, redactedQuery } from "./redact.js";

/** One request an emulator hub saw, recorded once its outcome was known. Holds no secret in clear. */
export interface RequestLogEntry {
  /** The {@link PlatformEmulator.platform} the request was routed to, e.g. `"tiktok"`. */
  platform: string;
  /** The host role it arrived on, e.g. `"auth"`, `"api"` or `"upload"`. */
  role: string;
  /** Upper case. */
  method: string;
  /** Below the role's base URL, no query; a segment holding an emulator secret is `[REDACTED]`. */
  path: string;
  /** Query parameters (the last value of repeated ones), with secret values `[REDACTED]`. */
  query: Record<string, string>;
  /** The response status, `undefined` when the connection was dropped. */
  status: number | undefined;
  /** `dropped` when the connection was cut (by a fault or a {@link ConnectionDrop}), else `response`. */
  outcome: "response" | "dropped";
  /** A {@link FaultRule} produced this outcome (a status or a drop; a pure delay does not count). */
  fault: boolean;
  /** When the request arrived, epoch ms. */
  at: number;
  /** Set when the emulator threw (and the hub answered 500): the error message, redacted. */
  error?: string;
}

/**
 * The filter of `hub.log.count()`: equal fields; `method` case-insensitive; `path` equal, or
 * matching a `RegExp` (for paths holding an id the server chose, like Meta's `upload:<id>`).
 */
export type RequestLogFilter = Partial<Pick<RequestLogEntry, "platform" | "role" | "method">> & {
  /** The path, or a pattern it matches (tested against the logged, redacted path). */
  path?: string | RegExp | undefined;
};

/** What the hub records about one request. */
export interface RequestRecord {
  platform: string;
  role: string;
  method: string;
  path: string;
  url: URL;
  status: number | undefined;
  fault: boolean;
  at: number;
  error?: string | undefined;
}

/**
 * The hub's request log: one entry per request, whichever way it arrived. It keeps no bodies and
 * no headers, so it cannot leak an Authorization header or a token sent in a form.
 */
export class RequestLog {
  #entries: RequestLogEntry[] = [];

  /** Appends the entry of a finished request. */
  record(request: RequestRecord): void {
    const entry: RequestLogEntry = {
      platform: request.platform,
      role: request.role,
      method: request.method.toUpperCase(),
      path: redactedPath(request.path),
      query: Object.freeze(redactedQuery(request.url)) as Record<string, string>,
      status: request.status,
      outcome: request.status === undefined ? "dropped" : "response",
      fault: request.fault,
      at: request.at,
    };
    if (request.error !== undefined) entry.error = request.error;
    this.#entries.push(Object.freeze(entry));
  }

  /** A snapshot of the entries, oldest first. */
  entries(): readonly RequestLogEntry[] {
    return this.#entries.slice();
  }

  clear(): void {
    this.#entries = [];
  }

  /** How many entries match every field of `filter` (all entries without one). */
  count(filter: RequestLogFilter = {}): number {
    const method = filter.method?.toUpperCase();
    return this.#entries.filter(
      (entry) =>
        (filter.platform === undefined || entry.platform === filter.platform) &&
        (filter.role === undefined || entry.role === filter.role) &&
        (method === undefined || entry.method === method) &&
        pathMatches(filter.path, entry.path),
    ).length;
  }
}

function pathMatches(filter: string | RegExp | undefined, path: string): boolean {
  if (filter === undefined) return true;
  if (typeof filter === "string") return filter === path;
  // A /g or /y pattern keeps state between test() calls; judge every entry alike.
  filter.lastIndex = 0;
  return filter.test(path);
}
