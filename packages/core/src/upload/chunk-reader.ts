// Reads the ranges the engine sends, one ahead of the wire at most, into at most two reused
// buffers. Internal to the engine.
import { SourceError } from "../errors/source-error.js";
import { ErrorCode } from "../errors/codes.js";
import type { UploadSource } from "./source.js";

/** A range in memory. `release` hands its buffer back; call it only once no request can read it. */
export interface HeldChunk {
  readonly start: number;
  readonly end: number;
  readonly bytes: Uint8Array;
}

interface Pending {
  readonly start: number;
  readonly end: number;
  readonly buffer: ArrayBuffer | undefined;
  readonly bytes: Promise<Uint8Array>;
}

/**
 * With a `readInto` source, ranges are read into two buffers that are reused: the one on the wire
 * and the one being read ahead. Sources without `readInto` can only promise to re-read the range
 * they returned last (streams), so they are read on demand, with no read-ahead.
 */
export class ChunkReader {
  readonly #source: UploadSource;
  readonly #signal: AbortSignal | undefined;
  /** Buffers no range uses now. At most two exist. */
  readonly #free: ArrayBuffer[] = [];
  #pending: Pending | undefined;
  /** Buffers handed out or being read into, for the two-buffer bound. */
  #inUse = 0;
  /** The largest number of buffers ever in use at once (for tests and the docs' memory claim). */
  peakBuffers = 0;

  constructor(source: UploadSource, signal: AbortSignal | undefined) {
    this.#source = source;
    this.#signal = signal;
  }

  /** Whether reads can run ahead of the wire. */
  get readsAhead(): boolean {
    return typeof this.#source.readInto === "function";
  }

  /** Starts reading `[start, end)` while the current range is on the wire. */
  prefetch(start: number, end: number): void {
    if (!this.readsAhead || this.#pending || start >= end) return;
    this.#pending = this.#begin(start, end);
  }

  /** `[start, end)`: the range read ahead when it is that one, else read now. */
  async take(start: number, end: number): Promise<HeldChunk & { buffer: ArrayBuffer | undefined }> {
    let pending = this.#pending;
    this.#pending = undefined;
    if (pending && (pending.start !== start || pending.end !== end)) {
      await this.#drop(pending);
      pending = undefined;
    }
    pending ??= this.#begin(start, end);
    try {
      const bytes = await pending.bytes;
      return { start, end, bytes, buffer: pending.buffer };
    } catch (error) {
      this.#give(pending.buffer);
      throw error;
    }
  }

  /** Hands a chunk's buffer back for reuse. */
  release(chunk: { buffer: ArrayBuffer | undefined }): void {
    this.#give(chunk.buffer);
  }

  /** Waits for a read ahead to finish (it may hold the source's file handle) and drops it. */
  async settle(): Promise<void> {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) await this.#drop(pending);
  }

  #begin(start: number, end: number): Pending {
    const length = end - start;
    if (!this.readsAhead) {
      const bytes = this.#source.read(start, end, this.#signal).then((read) => {
        if (read.byteLength !== length) throw shortRead(read.byteLength, start, end);
        return read;
      });
      return { start, end, buffer: undefined, bytes };
    }
    const buffer = this.#buffer(length);
    const target = new Uint8Array(buffer, 0, length);
    const bytes = this.#source.readInto!(start, target, this.#signal).then(() => target);
    // Observed now: a read ahead that is later dropped must not become an unhandled rejection.
    bytes.catch(() => undefined);
    return { start, end, buffer, bytes };
  }

  async #drop(pending: Pending): Promise<void> {
    await pending.bytes.catch(() => undefined);
    this.#give(pending.buffer);
  }

  #buffer(length: number): ArrayBuffer {
    this.#inUse += 1;
    this.peakBuffers = Math.max(this.peakBuffers, this.#inUse);
    const index = this.#free.findIndex((buffer) => buffer.byteLength >= length);
    if (index >= 0) return this.#free.splice(index, 1)[0]!;
    // A buffer too small for this range (TikTok's longer last chunk) is replaced, not kept.
    this.#free.pop();
    return new ArrayBuffer(length);
  }

  #give(buffer: ArrayBuffer | undefined): void {
    if (!buffer) return;
    this.#inUse -= 1;
    this.#free.push(buffer);
  }
}

function shortRead(got: number, start: number, end: number): SourceError {
  return new SourceError(
    `The upload source returned ${got} bytes for the ${end - start}-byte range [${start}, ${end}).`,
    {
      code: ErrorCode.SOURCE_CHANGED,
      hint: "A source must return exactly the bytes asked for; a file that changed must be uploaded anew.",
    },
  );
}
