// Sending upload chunks without copies. ky clones every request (a tee that buffers the whole
// body until the response arrives) and fetch copies a Uint8Array body once more; with 8-64 MB
// chunks those copies are garbage V8 collects late, and peak memory grows by several chunks.
// Where the runtime streams request bodies and keeps the Content-Length set on them (Node, Bun),
// the chunk is streamed as views of the caller's buffer; elsewhere (Deno, workerd, edge runtimes,
// browsers, anything unknown) it is handed to fetch as it is: a sized body, so the Content-Length
// platforms require (TikTok's chunk PUTs) always goes out.

const PIECE = 256 * 1024;

let streamsSupported: boolean | undefined;

/**
 * Whether a `Request` built with `RequestConstructor` takes a `ReadableStream` body, by what it
 * does with one (the web-platform-tests check, without relying on `duplex` being read: Bun, Deno
 * and workerd stream bodies but never read that option). A runtime without request streams
 * either throws or turns the stream into the text "[object ReadableStream]" with a
 * `text/plain` Content-Type.
 */
export function detectRequestStreams(RequestConstructor: typeof Request | undefined): boolean {
  if (RequestConstructor === undefined || typeof ReadableStream === "undefined") return false;
  try {
    const request = new RequestConstructor("http://localhost/", {
      method: "POST",
      body: new ReadableStream(),
      duplex: "half",
    } as RequestInit);
    return !request.headers.has("content-type");
  } catch {
    return false;
  }
}

/** Whether this runtime's `fetch` accepts a `ReadableStream` request body. */
export function supportsRequestStreams(): boolean {
  streamsSupported ??= detectRequestStreams(globalThis.Request);
  return streamsSupported;
}

/** The globals {@link keepsStreamedLength} looks at. */
export interface RuntimeGlobals {
  navigator?: { userAgent?: string } | undefined;
  process?: { versions?: Record<string, string | undefined> } | undefined;
  Deno?: unknown;
  EdgeRuntime?: unknown;
}

/**
 * Whether `fetch` sends a Content-Length set by hand on a streamed body instead of dropping it
 * and sending the body chunked. That is not observable without sending a request, so this names
 * the runtimes the runtime tests (tests/runtimes) saw keep it: Node's undici and Bun. Deno and
 * workerd drop it, browsers forbid the header, and edge-runtime stands for hosted edge platforms
 * whose fetch is not the one tested: they, and unknown runtimes, get sized bodies.
 */
export function keepsStreamedLength(globals: RuntimeGlobals = globalThis as RuntimeGlobals): boolean {
  const agent = globals.navigator?.userAgent ?? "";
  if (agent.startsWith("Bun/")) return true;
  if (agent !== "" && !agent.startsWith("Node.js/")) return false;
  if (globals.Deno !== undefined) return false;
  if (globals.EdgeRuntime !== undefined) return false;
  const versions = globals.process?.versions;
  return versions?.node !== undefined && versions.deno === undefined;
}

let streamedLengthKept: boolean | undefined;

/**
 * The body and extra init fields for sending `bytes` with their Content-Length, without copying
 * them where the runtime allows it.
 */
export function binaryBody(bytes: Uint8Array): { body: BodyInit; duplex?: "half" } {
  streamedLengthKept ??= keepsStreamedLength();
  if (!supportsRequestStreams() || !streamedLengthKept) return { body: bytes as Uint8Array<ArrayBuffer> };
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + PIECE));
      offset += PIECE;
    },
  });
  return { body: stream, duplex: "half" };
}

/**
 * One signal that aborts when any of `signals` does, and a `dispose` to call when the work is
 * done: without `AbortSignal.any` (Node < 20.3) the listeners added to long-lived signals would
 * otherwise stay on them.
 */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): {
  signal: AbortSignal | undefined;
  dispose: () => void;
} {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  const nothing = () => undefined;
  if (present.length <= 1) return { signal: present[0], dispose: nothing };
  if (typeof AbortSignal.any === "function") return { signal: AbortSignal.any(present), dispose: nothing };
  const controller = new AbortController();
  const listeners: [AbortSignal, () => void][] = [];
  const dispose = () => {
    for (const [signal, listener] of listeners) signal.removeEventListener("abort", listener);
    listeners.length = 0;
  };
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    const listener = () => {
      controller.abort(signal.reason);
      dispose();
    };
    signal.addEventListener("abort", listener, { once: true });
    listeners.push([signal, listener]);
  }
  if (controller.signal.aborted) dispose();
  return { signal: controller.signal, dispose };
}
