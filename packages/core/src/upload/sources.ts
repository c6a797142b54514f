// Upload sources built on web-standard types only (Uint8Array, Blob, ReadableStream), so they run
// on Node, Deno, Bun, workers and browsers. Node's file source lives in `@postkit/core/node`.
import * as z from "zod/mini";
import { ErrorCode } from "../errors/codes.js";
import { SourceError } from "../errors/source-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { parseInput } from "../validation/parse.js";
import { assertReadRange } from "./read-range.js";
import { raceAbort } from "../abort.js";
import type { UploadSource } from "./source.js";

/**
 * What a source reports about its bytes besides their size.
 * @group Uploads
 */
export interface SourceOptions {
  /** File name to report to platforms that want one. */
  name?: string | undefined;
  /** MIME type, e.g. `video/mp4`. */
  type?: string | undefined;
}

/**
 * Options of {@link fromStream}: a stream does not know its length, so `size` is required.
 * @group Uploads
 */
export interface StreamSourceOptions extends SourceOptions {
  /** Total size of the file in bytes; the stream must deliver exactly `size - offset` bytes. */
  size: number;
  /**
   * The byte of the file the stream starts at, when resuming with a stream that starts mid-file
   * (e.g. an HTTP `Range` response). Reads before it are rejected.
   * @default 0
   */
  offset?: number | undefined;
}

const sourceOptionsSchema = z.object({
  name: z.optional(z.string()),
  type: z.optional(z.string()),
});

const streamOptionsSchema = z.object({
  size: z.number().check(z.int(), z.nonnegative()),
  offset: z.optional(z.number().check(z.int(), z.nonnegative())),
  name: z.optional(z.string()),
  type: z.optional(z.string()),
});

/**
 * A source over bytes already in memory. Reads return views of `bytes` (no copies), so do not
 * change `bytes` while an upload runs.
 *
 * @example
 * ```ts
 * const source = fromBytes(new Uint8Array(await response.arrayBuffer()), {
 *   name: "clip.mp4",
 *   type: "video/mp4",
 * });
 * ```
 * @group Uploads
 * @throws {@link ValidationError} when `bytes` is not a Uint8Array or the options are invalid.
 */
export function fromBytes(bytes: Uint8Array, options: SourceOptions = {}): UploadSource {
  if (!(bytes instanceof Uint8Array)) {
    throw new ValidationError("fromBytes expects a Uint8Array (a Node Buffer is one too)");
  }
  const { name, type } = parseInput(sourceOptionsSchema, options, "fromBytes options");
  return {
    size: bytes.length,
    name,
    type,
    async read(start, end, signal) {
      assertReadRange(start, end, bytes.length);
      signal?.throwIfAborted();
      return bytes.subarray(start, end);
    },
  };
}

/**
 * A source over a `Blob` or `File`, read one range at a time with `blob.slice(start, end)`, so
 * only the range being uploaded is in memory. A `File` reports its own name and type unless
 * `options` overrides them.
 *
 * @example
 * ```ts
 * // In a browser, from an <input type="file">:
 * const source = fromBlob(input.files[0]);
 * ```
 * @group Uploads
 * @throws {@link ValidationError} when `blob` is not a Blob or the options are invalid.
 */
export function fromBlob(blob: Blob, options: SourceOptions = {}): UploadSource {
  if (typeof blob !== "object" || blob === null || typeof blob.slice !== "function") {
    throw new ValidationError("fromBlob expects a Blob or a File");
  }
  const overrides = parseInput(sourceOptionsSchema, options, "fromBlob options");
  const fileName = (blob as { name?: unknown }).name;
  return {
    size: blob.size,
    name: overrides.name ?? (typeof fileName === "string" && fileName !== "" ? fileName : undefined),
    // A Blob of unknown type reports "".
    type: overrides.type ?? (blob.type === "" ? undefined : blob.type),
    async read(start, end, signal) {
      assertReadRange(start, end, blob.size);
      signal?.throwIfAborted();
      return new Uint8Array(await raceAbort(blob.slice(start, end).arrayBuffer(), signal));
    },
    readInto: (start, target, signal) => readBlobInto(blob, start, target, signal),
  };
}

/**
 * Streams `blob[start, start + target.length)` into `target`, so a chunk costs no fresh buffer of
 * its size and the engine can read ahead. It returns only once no more bytes will be written into
 * `target` (an abort cancels the stream, then waits for the pending read), as the engine reuses it.
 */
async function readBlobInto(
  blob: Blob,
  start: number,
  target: Uint8Array,
  signal: AbortSignal | undefined,
): Promise<void> {
  assertReadRange(start, start + target.length, blob.size);
  signal?.throwIfAborted();
  const reader = blob
    .slice(start, start + target.length)
    .stream()
    .getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener("abort", stop, { once: true });
  let written = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = target.length - written;
      target.set(value.length > room ? value.subarray(0, room) : value, written);
      written += Math.min(value.length, room);
    }
  } catch (cause) {
    signal?.throwIfAborted();
    throw new SourceError("The Blob could not be read.", {
      code: ErrorCode.SOURCE_UNREADABLE,
      hint: "A File from disk cannot be read once it changed or was removed; pick the file again.",
      cause,
    });
  } finally {
    signal?.removeEventListener("abort", stop);
  }
  signal?.throwIfAborted();
  if (written !== target.length) {
    throw new SourceError(`The Blob gave ${written} of the ${target.length} bytes asked for.`, {
      code: ErrorCode.SOURCE_CHANGED,
      hint: "A File from disk changed while it uploaded; pick the file again.",
    });
  }
}

/**
 * A one-pass source over a `ReadableStream`, for bytes that arrive from elsewhere (an HTTP
 * response body, a pipe) without being stored first. Memory stays at about one range.
 *
 * Reads must move forward. The range returned last is kept so it can be read again (a chunk
 * retry), also in part; reading past unread bytes discards them, so a resumed upload can pass a
 * fresh stream of the whole file and skip to the saved offset. Reading before the range returned
 * last throws a `ValidationError`: a stream cannot rewind. The stream must deliver exactly
 * `size - offset` bytes; a shorter or longer one throws a `ValidationError` when it shows.
 *
 * @example
 * ```ts
 * const response = await fetch("https://cdn.example.com/clip.mp4");
 * const source = fromStream(response.body!, {
 *   size: Number(response.headers.get("content-length")),
 *   type: "video/mp4",
 * });
 * ```
 * @group Uploads
 * @throws {@link ValidationError} when `stream` is not an unlocked ReadableStream or the options are invalid.
 */
export function fromStream(stream: ReadableStream<Uint8Array>, options: StreamSourceOptions): UploadSource {
  if (typeof stream !== "object" || stream === null || typeof stream.getReader !== "function") {
    throw new ValidationError("fromStream expects a ReadableStream of Uint8Array chunks");
  }
  if (stream.locked) {
    throw new ValidationError("fromStream needs an unlocked stream: this one is already being read");
  }
  const parsed = parseInput(streamOptionsSchema, options, "fromStream options");
  const offset = parsed.offset ?? 0;
  if (offset > parsed.size) {
    throw new ValidationError(`fromStream offset ${offset} is past the size ${parsed.size}`, {
      issues: [{ path: ["offset"], message: "must not be greater than size" }],
    });
  }
  return new StreamSource(stream, parsed.size, offset, parsed.name, parsed.type);
}

class StreamSource implements UploadSource {
  readonly size: number;
  readonly name: string | undefined;
  readonly type: string | undefined;
  readonly #stream: ReadableStream<Uint8Array>;
  readonly #offset: number;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** File position of the first byte not yet returned or skipped. */
  #cursor: number;
  /** The range returned last, which ends at `#cursor`; kept for a retry of that range. */
  #retained = new Uint8Array(0);
  /** Bytes already pulled from the stream from `#cursor` on, in order. */
  #ahead: Uint8Array[] = [];
  #aheadBytes = 0;
  /** A stream read an abort stopped waiting for; the next read takes its bytes instead of losing them. */
  #inFlight: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  #ended = false;
  /** Reads run one after another: each depends on where the previous one left the stream. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    stream: ReadableStream<Uint8Array>,
    size: number,
    offset: number,
    name: string | undefined,
    type: string | undefined,
  ) {
    this.#stream = stream;
    this.size = size;
    this.#offset = offset;
    this.#cursor = offset;
    this.name = name;
    this.type = type;
  }

  async read(start: number, end: number, signal?: AbortSignal): Promise<Uint8Array> {
    assertReadRange(start, end, this.size);
    signal?.throwIfAborted();
    const turn = this.#queue;
    const result = raceAbort(turn, signal).then(() => this.#readInOrder(start, end, signal));
    // The next read waits for this one and for the one before it, even if this one was aborted
    // early. Settling to `undefined` keeps the queue from holding on to every range read so far.
    this.#queue = Promise.allSettled([turn, result]).then(() => undefined);
    return result;
  }

  async #readInOrder(start: number, end: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
    signal?.throwIfAborted();
    const retainedStart = this.#cursor - this.#retained.length;
    if (start < retainedStart) throw this.#rewindError(start, retainedStart);
    if (end <= this.#cursor) return this.#retained.subarray(start - retainedStart, end - retainedStart);
    await this.#fill(start, end, signal);
    if (end === this.size) await this.#expectEnd(signal);
    return this.#take(start, end);
  }

  /** Pulls until the bytes up to `end` are at hand, dropping those before `start` as they come. */
  async #fill(start: number, end: number, signal: AbortSignal | undefined): Promise<void> {
    this.#skipTo(start);
    while (this.#cursor + this.#aheadBytes < end) {
      const chunk = await this.#pull(signal);
      if (chunk === undefined) throw this.#shortStreamError();
      this.#ahead.push(chunk);
      this.#aheadBytes += chunk.length;
      this.#skipTo(start);
    }
  }

  /** Discards what lies before `start` once a read moves past the retained range. */
  #skipTo(start: number): void {
    if (start <= this.#cursor) return;
    this.#retained = new Uint8Array(0);
    while (this.#cursor < start && this.#ahead.length > 0) {
      const head = this.#ahead[0]!;
      const dropped = Math.min(head.length, start - this.#cursor);
      if (dropped === head.length) this.#ahead.shift();
      else this.#ahead[0] = head.subarray(dropped);
      this.#aheadBytes -= dropped;
      this.#cursor += dropped;
    }
  }

  /** Copies `[start, end)` out of the retained range and the pulled bytes, and retains it. */
  #take(start: number, end: number): Uint8Array {
    const range = new Uint8Array(end - start);
    let written = 0;
    if (start < this.#cursor) {
      const fromRetained = this.#retained.subarray(start - (this.#cursor - this.#retained.length));
      range.set(fromRetained);
      written = fromRetained.length;
    }
    while (written < range.length) {
      const head = this.#ahead[0]!;
      const used = Math.min(head.length, range.length - written);
      range.set(head.subarray(0, used), written);
      written += used;
      if (used === head.length) this.#ahead.shift();
      else this.#ahead[0] = head.subarray(used);
    }
    this.#aheadBytes -= end - this.#cursor;
    this.#cursor = end;
    this.#retained = range;
    return range;
  }

  /** The next chunk of the stream, or `undefined` once it has ended. */
  async #pull(signal: AbortSignal | undefined): Promise<Uint8Array | undefined> {
    if (this.#ended) return undefined;
    this.#reader ??= this.#stream.getReader();
    const pending = this.#inFlight ?? this.#reader.read();
    this.#inFlight = pending;
    const result = await raceAbort(pending, signal).catch((error: unknown) => {
      if (!signal?.aborted) this.#inFlight = undefined;
      throw error;
    });
    this.#inFlight = undefined;
    if (result.done) {
      this.#ended = true;
      this.#reader.releaseLock();
      return undefined;
    }
    if (!(result.value instanceof Uint8Array)) {
      throw new ValidationError("fromStream expects a stream of Uint8Array chunks");
    }
    return result.value;
  }

  /** A stream longer than `size` means the size is wrong: the upload would cut the file short. */
  async #expectEnd(signal: AbortSignal | undefined): Promise<void> {
    let extra = this.#cursor + this.#aheadBytes > this.size;
    while (!extra) {
      const chunk = await this.#pull(signal);
      if (chunk === undefined) return;
      if (chunk.length > 0) {
        this.#ahead.push(chunk);
        this.#aheadBytes += chunk.length;
        extra = true;
      }
    }
    await this.#reader?.cancel().catch(() => undefined);
    throw new ValidationError(
      `The stream has more bytes than the ${this.size}-byte size given to fromStream: pass its exact length`,
      { issues: [{ path: ["size"], message: "smaller than the stream" }] },
    );
  }

  #shortStreamError(): ValidationError {
    const delivered = this.#cursor + this.#aheadBytes - this.#offset;
    const expected = this.size - this.#offset;
    return new ValidationError(
      `The stream ended after ${delivered} bytes, but ${expected} were expected ` +
        `(size ${this.size}${this.#offset > 0 ? `, offset ${this.#offset}` : ""}): ` +
        "pass the stream's exact length as size",
      { issues: [{ path: ["size"], message: "larger than the stream" }] },
    );
  }

  #rewindError(start: number, earliest: number): ValidationError {
    const message =
      this.#retained.length === 0 && this.#cursor === this.#offset
        ? `Cannot read from byte ${start}: this stream starts at byte ${this.#offset} of the file`
        : `Cannot read from byte ${start}: a stream source cannot rewind, and the earliest byte it ` +
          `still holds is ${earliest}.`;
    return new ValidationError(message, {
      issues: [{ path: ["range"], message: "before the stream position" }],
      hint: "To restart an upload, create a new source with a fresh stream.",
    });
  }
}
