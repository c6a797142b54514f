import type { Dispatcher, Outcome } from "./dispatch.js";
import { safeUrl } from "./redact.js";
import type { Route } from "./routes.js";

/**
 * The hub's `fetch`: calls emulators in-process, no sockets, no global patching. Behaves like
 * `fetch` with `redirect: "manual"` (a 3xx comes back as is) and fails like it: a dropped
 * connection or an unknown host rejects with a `TypeError`.
 */
export function createHubFetch(
  dispatcher: Dispatcher,
  resolve: (url: URL) => Route | undefined,
): typeof globalThis.fetch {
  return async function hubFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const found = resolve(url);
    const route = found && { ...found, contentLengthReliable: addWireLength(request, input, init) };
    if (!route) {
      throw new TypeError(
        `hub.fetch: no emulator serves ${safeUrl(url)} (known: the emulators' defaultBaseUrls and listening loopback servers)`,
      );
    }
    request.signal.throwIfAborted();
    const at = Date.now();
    const handled = settle(dispatcher, request, route, at);
    const outcome = await abortable(handled, request.signal);
    if (outcome.kind === "drop") throw new TypeError("fetch failed", { cause: outcome.cause });
    // Like a real fetch response, say where it came from (clients use it in error messages).
    Object.defineProperty(outcome.response, "url", { value: request.url, configurable: true });
    return outcome.response;
  };
}

/**
 * Adds the `Content-Length` a real fetch puts on the wire for a body of known size (the Fetch
 * standard's "HTTP-network-or-cache fetch": the body's length, `0` for a POST or PUT without one),
 * so an emulator sees what a server would. Returns whether the request's framing is now known: a
 * stream body goes out chunked, and a body built elsewhere (a `Request` or `FormData`) is unknown.
 */
function addWireLength(request: Request, input: RequestInfo | URL, init: RequestInit | undefined): boolean {
  if (request.headers.has("content-length")) return true;
  const body = init?.body !== undefined ? init.body : input instanceof Request ? input.body : null;
  const length = bodyLength(body, init?.body === undefined && input instanceof Request);
  if (length === "chunked") return true;
  if (length === undefined) return false;
  if (length === 0 && request.method !== "POST" && request.method !== "PUT") return true;
  request.headers.set("content-length", String(length));
  return true;
}

function bodyLength(body: BodyInit | null, fromRequest: boolean): number | "chunked" | undefined {
  if (body === null) return 0;
  if (fromRequest) return undefined;
  if (typeof body === "string") return new TextEncoder().encode(body).byteLength;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof Blob) return body.size;
  if (body instanceof URLSearchParams) return new TextEncoder().encode(body.toString()).byteLength;
  if (body instanceof ReadableStream) return "chunked";
  return undefined;
}

// The request is logged when its outcome is known, even if the caller aborted meanwhile: the
// emulator did see it.
async function settle(dispatcher: Dispatcher, request: Request, route: Route, at: number): Promise<Outcome> {
  const outcome = await dispatcher.dispatch(request, route);
  if (outcome.kind === "drop") await consumeBeforeDrop(request, outcome.when);
  dispatcher.record(
    request,
    route,
    at,
    outcome.kind === "drop" ? undefined : outcome.response.status,
    outcome,
  );
  return outcome;
}

/** Reads what a server would have received before the connection broke. */
async function consumeBeforeDrop(
  request: Request,
  when: "before-response" | "mid-body" | "emulator",
): Promise<void> {
  if (when === "emulator" || !request.body || request.bodyUsed) return;
  const reader = request.body.getReader();
  // Half of a declared length; without one (a fetch body has none), just the first chunk.
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  const limit = when === "before-response" ? Number.POSITIVE_INFINITY : declared > 0 ? declared / 2 : 1;
  let read = 0;
  try {
    while (read < limit) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel(new Error(`connection dropped (${when})`));
  } catch {
    // The caller's body stream failed: the connection is being dropped anyway.
  }
}

// Rejects as soon as the signal aborts; the outcome still settles (and is logged) in the background.
function abortable(outcome: Promise<Outcome>, signal: AbortSignal): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      outcome.then(discard, () => {});
    };
    signal.addEventListener("abort", onAbort, { once: true });
    outcome.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

// Nobody will read the response of an aborted request; release its body.
function discard(outcome: Outcome): void {
  if (outcome.kind === "response") outcome.response.body?.cancel().catch(() => {});
}
