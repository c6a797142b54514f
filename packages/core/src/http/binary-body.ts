// Sending upload chunks without copies. ky clones every request (a tee that buffers the whole
// body until the response arrives) and fetch copies a Uint8Array body once more; with 8-64 MB
// chunks those copies are garbage V8 collects late, and peak memory grows by several chunks.
// Where the runtime supports request streams (Node, Deno, Bun, Chromium), the chunk is streamed
// as views of the caller's buffer; elsewhere it is handed to fetch as it is.

const PIECE = 256 * 1024;

let streamsSupported: boolean | undefined;

/** Whether `fetch` accepts a `ReadableStream` request body (`duplex: "half"`). */
export function supportsRequestStreams(): boolean {
  if (streamsSupported !== undefined) return streamsSupported;
  try {
    let duplexAsked = false;
    const request = new Request("http://localhost/", {
      method: "POST",
      body: new ReadableStream(),
      get duplex() {
        duplexAsked = true;
        return "half";
      },
    } as RequestInit);
    // A runtime without request streams turns the stream into the text "[object ReadableStream]".
    streamsSupported = duplexAsked && !request.headers.has("content-type");
  } catch {
    streamsSupported = false;
  }
  return streamsSupported;
}

/** The body and extra init fields for sending `bytes` without copying them where possible. */
export function binaryBody(bytes: Uint8Array): { body: BodyInit; duplex?: "half" } {
  if (!supportsRequestStreams()) return { body: bytes as Uint8Array<ArrayBuffer> };
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
