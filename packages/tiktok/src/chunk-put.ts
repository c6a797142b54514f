// Internal: one chunk PUT, sent as a stream of views over the chunk's bytes.
//
// Core's HTTP client (ky) sends a Uint8Array body through `new Request`, which copies it; with
// 10 MB chunks those copies are garbage that V8 collects late (external memory), so peak RSS grew
// by about 100 MB over a 300 MB upload. Streaming subarrays of the one buffer read from the source
// sends the same bytes without a copy. Retries are core's `withRetry`; errors are core's types.
import {
  HttpError,
  isRetryableStatus,
  type Logger,
  NetworkError,
  type PostkitError,
  parseRetryAfter,
  type RetryPolicy,
  redactHeaders,
  redactUrl,
  withRetry,
} from "@postkit/core";

/** How chunk PUTs are sent. */
export interface ChunkTransport {
  fetch: typeof globalThis.fetch;
  /** Per attempt; `false` for none. */
  timeoutMs: number | false;
  retry: Partial<RetryPolicy> | undefined;
  logger: Logger | undefined;
  headers: Record<string, string> | undefined;
}

/** What a PUT answered, when the caller's `interpret` did not turn it into an error. */
export interface ChunkResponse {
  status: number;
  headers: Headers;
}

const PIECE = 256 * 1024;

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + PIECE));
      offset += PIECE;
    },
  });
}

/**
 * PUTs `bytes` to `url`, repeating the same chunk after a network failure, a timeout or a
 * retryable status (5xx, 408, 429). `interpret` sees every response first and may return an error
 * to throw (not retried unless it says `retryable`). The URL's secrets never reach a message.
 */
export async function putChunk(
  transport: ChunkTransport,
  request: {
    url: string;
    bytes: Uint8Array;
    headers: Record<string, string>;
    signal: AbortSignal | undefined;
    what: string;
    interpret: (status: number, headers: Headers) => PostkitError | undefined;
  },
): Promise<ChunkResponse> {
  const safeUrl = redactUrl(request.url);
  const attempt = async (attemptNumber: number): Promise<ChunkResponse> => {
    const timeout = transport.timeoutMs === false ? undefined : AbortSignal.timeout(transport.timeoutMs);
    const signals = [request.signal, timeout].filter((signal): signal is AbortSignal => signal !== undefined);
    transport.logger?.debug?.(`tiktok: PUT ${safeUrl}`, { attempt: attemptNumber });
    let response: Response;
    try {
      response = await transport.fetch(request.url, {
        method: "PUT",
        headers: {
          ...transport.headers,
          ...request.headers,
          "content-length": String(request.bytes.byteLength),
        },
        body: streamOf(request.bytes),
        signal: anySignal(signals),
        // Required by fetch for a stream body.
        duplex: "half",
      } as RequestInit);
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      const timedOut = timeout?.aborted === true;
      transport.logger?.warn?.(`tiktok: PUT ${safeUrl} failed`, { attempt: attemptNumber, timedOut });
      throw new NetworkError(
        `tiktok: ${request.what} ${timedOut ? `timed out after ${transport.timeoutMs} ms` : "failed (connection error)"}.`,
        { method: "PUT", url: safeUrl, timeout: timedOut, cause: timedOut ? undefined : describe(error) },
      );
    }
    // The body of a chunk response is empty or a short status text; it is not needed.
    await response.body?.cancel().catch(() => undefined);
    const interpreted = request.interpret(response.status, response.headers);
    if (interpreted) throw interpreted;
    if (response.status >= 200 && response.status < 300)
      return { status: response.status, headers: response.headers };
    throw new HttpError(`tiktok: ${request.what} failed with HTTP ${response.status}.`, {
      status: response.status,
      method: "PUT",
      url: safeUrl,
      headers: redactHeaders(response.headers),
      body: undefined,
      retryable: isRetryableStatus(response.status),
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    });
  };
  return withRetry(attempt, {
    policy: transport.retry,
    signal: request.signal,
    onRetry: ({ attempt: failed, delayMs }) =>
      transport.logger?.info?.(`tiktok: retrying ${request.what} in ${delayMs} ms`, { attempt: failed }),
  });
}

/** One signal that aborts when any of `signals` does (`AbortSignal.any` is Node ≥ 20.3). */
function anySignal(signals: AbortSignal[]): AbortSignal | undefined {
  if (signals.length <= 1) return signals[0];
  if (typeof AbortSignal.any === "function") return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

/** A network failure's name only: its message may quote the URL (and its upload token). */
function describe(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
