/**
 * Bytes to upload, read lazily by range so memory stays bounded by about one chunk whatever the
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
}
