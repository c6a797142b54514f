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

/** One signal that aborts when any of `signals` does. */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  if (typeof AbortSignal.any === "function") return AbortSignal.any(present);
  const controller = new AbortController();
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}
