/**
 * Bytes to upload, read lazily by range so memory stays bounded by about two chunks whatever the
 * size. Create one with `fromBlob`, `fromBytes`, `fromStream`, or `fromFile` from `@postkit/core/node`.
 *
 * @group Uploads
 */
export interface UploadSource {
  /** Total size in bytes. */
  readonly size: number;
  /** A file name, when known (some platforms want one). */
  readonly name?: string | undefined;
  /** MIME type, when known, e.g. `video/mp4`. */
  readonly type?: string | undefined;
  /**
   * Bytes `[start, end)`. Callers read ranges in increasing order; a source may only be able to
   * re-read the range it returned last (stream sources).
   */
  read(start: number, end: number, signal?: AbortSignal): Promise<Uint8Array>;
  /**
   * Fills `target` with bytes `[start, start + target.length)`, all of them or a rejection. A
   * source that has it can serve any range in any order: the upload engine then reads the next
   * chunk while the current one is sent, into two buffers it reuses (`fromFile`, `fromBlob`).
   */
  readInto?(start: number, target: Uint8Array, signal?: AbortSignal): Promise<void>;
  /**
   * Frees what the source holds between reads (`fromFile`'s file handle). The upload engine calls
   * it when an upload ends; a later read opens what it needs again.
   */
  release?(): Promise<void>;
}
