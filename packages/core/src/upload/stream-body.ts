// The body of a single streamed request (single-request mode). Node 20's fetch keeps every chunk
// of a streamed body reachable for a redirect it will never follow (`redirect` other than
// "error" tees the body), so the chunks are views of a small ring of reused buffers: what it keeps
// is then views of the same few megabytes. Internal to the engine.
import { ErrorCode } from "../errors/codes.js";
import { SourceError } from "../errors/source-error.js";
import type { UploadSource } from "./source.js";

/** Bytes per enqueued piece. */
const SLICE = 1024 * 1024;
/**
 * Pieces in the ring. fetch writes one piece at a time and waits for the socket to drain it
 * before asking for the next, and the tee holds one more: a piece's buffer is refilled three
 * pieces later, long after it was written.
 */
const RING = 4;

/** What the stream reports and the failures it keeps apart from network errors. */
export interface StreamBody {
  body: ReadableStream<Uint8Array>;
  /** A failure of the source, so it is not mistaken for a network error. */
  failure(): { error: unknown } | undefined;
  /** Stops the idle timer. */
  dispose(): void;
}

/** Marks the engine's own abort of a request that stopped moving. */
export class IdleTimeout extends Error {
  constructor(readonly idleMs: number) {
    super(`no bytes moved for ${idleMs} ms`);
    this.name = "IdleTimeout";
  }
}

export function streamBody(
  source: UploadSource,
  start: number,
  end: number,
  options: {
    signal: AbortSignal | undefined;
    idleMs: number;
    onIdle: (reason: IdleTimeout) => void;
    onSent: (position: number) => void;
  },
): StreamBody {
  const ring = Array.from(
    { length: Math.min(RING, Math.ceil((end - start) / SLICE)) },
    () => new ArrayBuffer(SLICE),
  );
  let position = start;
  let turn = 0;
  let failure: { error: unknown } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Re-armed on every pull; still armed after the last one, so a server that never answers is caught too.
  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => options.onIdle(new IdleTimeout(options.idleMs)), options.idleMs);
  };
  arm();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        arm();
        if (position >= end) {
          controller.close();
          return;
        }
        const pieceEnd = Math.min(position + SLICE, end);
        const target = new Uint8Array(ring[turn++ % ring.length]!, 0, pieceEnd - position);
        try {
          if (source.readInto) await source.readInto(position, target, options.signal);
          else {
            const bytes = await source.read(position, pieceEnd, options.signal);
            if (bytes.byteLength !== target.length) {
              throw new SourceError(
                `The upload source returned ${bytes.byteLength} bytes for a ${target.length}-byte range.`,
                { code: ErrorCode.SOURCE_CHANGED },
              );
            }
            target.set(bytes);
          }
        } catch (error) {
          failure = { error };
          controller.error(error);
          return;
        }
        position = pieceEnd;
        controller.enqueue(target);
        options.onSent(position);
      },
    },
    { highWaterMark: 0 },
  );
  return {
    body,
    failure: () => failure,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
