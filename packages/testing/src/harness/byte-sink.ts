import { createHash, type Hash } from "node:crypto";

/**
 * Where an emulator puts uploaded bytes: appends in order, keeps a running SHA-256 and the
 * size, and keeps the bytes themselves only up to `retainLimit` so a 1 GiB upload does not
 * need 1 GiB of memory in the test process.
 */
export class ByteSink {
  #hash: Hash = createHash("sha256");
  #size = 0;
  #chunks: Uint8Array[] | undefined = [];
  /**
   * How many bytes are kept for {@link ByteSink.bytes}; past it only the size and hash are kept.
   * @default 16 MiB
   */
  readonly retainLimit: number;

  constructor(retainLimit = 16 * 1024 * 1024) {
    this.retainLimit = retainLimit;
  }

  /** Bytes received so far. */
  get size(): number {
    return this.#size;
  }

  /** Adds `bytes` (copied) after what was appended so far. */
  append(bytes: Uint8Array): void {
    this.#hash.update(bytes);
    this.#size += bytes.byteLength;
    if (this.#chunks && this.#size <= this.retainLimit) this.#chunks.push(bytes.slice());
    else this.#chunks = undefined;
  }

  /** Hex SHA-256 of everything appended so far. */
  sha256(): string {
    return this.#hash.copy().digest("hex");
  }

  /** The bytes, or `undefined` once more than `retainLimit` was appended. */
  bytes(): Uint8Array | undefined {
    if (!this.#chunks) return undefined;
    const out = new Uint8Array(this.#size);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }
}
