import { type FileHandle, open } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import * as z from "zod/mini";
import { ValidationError } from "../errors/validation-error.js";
import { assertReadRange } from "../upload/read-range.js";
import { raceAbort } from "../abort.js";
import type { UploadSource } from "../upload/source.js";
import { parseInput } from "../validation/parse.js";

/**
 * Options of {@link fromFile}.
 * @group Uploads
 */
export interface FileSourceOptions {
  /** MIME type; guessed from the extension for common video and image files when omitted. */
  type?: string | undefined;
  /** File name to report; the path's base name when omitted. */
  name?: string | undefined;
}

/**
 * A source over a file on disk, from {@link fromFile}.
 * @group Uploads
 */
export interface FileUploadSource extends UploadSource {
  /**
   * Ends the source: later reads reject. The file is only open while a range is being read, so
   * a source that is never closed holds no file descriptor; closing twice is harmless.
   */
  close(): Promise<void>;
}

const fileOptionsSchema = z.object({
  type: z.optional(z.string()),
  name: z.optional(z.string()),
});

const typesByExtension: Readonly<Record<string, string>> = {
  ".mp4": "video/mp4",
  ".m4v": "video/x-m4v",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
  ".avi": "video/x-msvideo",
  ".mkv": "video/x-matroska",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".gif": "image/gif",
};

/**
 * A file as an upload source. Each read opens the file, reads just its range and closes it again,
 * so memory stays at about one chunk whatever the file size, no descriptor is held between
 * chunks, and any range can be read again (retries, resume). A read rejects with a
 * `ValidationError` when the file changed (size or modification time) since `fromFile`, since
 * the platform would otherwise receive a mix of two versions.
 *
 * @example
 * ```ts
 * import { fromFile } from "@postkit/core/node";
 *
 * const source = await fromFile("./clip.mp4"); // type "video/mp4", name "clip.mp4"
 * const result = await provider.publishVideo(tokens, { source, options });
 * ```
 * @group Uploads
 */
export async function fromFile(path: string, options: FileSourceOptions = {}): Promise<FileUploadSource> {
  if (typeof path !== "string" || path === "") {
    throw new ValidationError("fromFile expects a file path");
  }
  const parsed = parseInput(fileOptionsSchema, options, "fromFile options");
  // Opening (not just stat-ing) surfaces a missing file or a permission error before any upload starts.
  const absolutePath = resolve(path); // later reads must not depend on the working directory
  const handle = await open(absolutePath, "r");
  let version: FileVersion;
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new ValidationError(`fromFile expects a regular file, and ${path} is not one`);
    version = { size: stats.size, modifiedMs: stats.mtimeMs };
  } finally {
    await handle.close();
  }
  return new FileSource(absolutePath, version, parsed.name ?? basename(path), parsed.type ?? guessType(path));
}

function guessType(path: string): string | undefined {
  return typesByExtension[extname(path).toLowerCase()];
}

/** What identifies the file's content as the one `fromFile` saw. */
interface FileVersion {
  size: number;
  modifiedMs: number;
}

class FileSource implements FileUploadSource {
  readonly size: number;
  readonly name: string | undefined;
  readonly type: string | undefined;
  readonly #path: string;
  readonly #version: FileVersion;
  #closed = false;

  constructor(path: string, version: FileVersion, name: string, type: string | undefined) {
    this.#path = path;
    this.#version = version;
    this.size = version.size;
    this.name = name;
    this.type = type;
  }

  async read(start: number, end: number, signal?: AbortSignal): Promise<Uint8Array> {
    assertReadRange(start, end, this.size);
    signal?.throwIfAborted();
    if (this.#closed) throw new ValidationError(`Cannot read ${this.#path}: its source was closed`);
    return raceAbort(this.#readRange(start, end), signal);
  }

  async #readRange(start: number, end: number): Promise<Uint8Array> {
    const handle = await open(this.#path, "r");
    try {
      const stats = await handle.stat();
      if (stats.size !== this.#version.size || stats.mtimeMs !== this.#version.modifiedMs) {
        throw this.#changedError();
      }
      return await readFully(handle, start, end, () => this.#changedError());
    } finally {
      await handle.close();
    }
  }

  #changedError(): ValidationError {
    return new ValidationError(
      `${this.#path} changed since fromFile opened it (its size or modification time differs): ` +
        "do not change a file while it uploads; start a new upload with the new content",
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}

/** `read` may return fewer bytes than asked, so it loops until the range is complete. */
async function readFully(
  handle: FileHandle,
  start: number,
  end: number,
  truncated: () => Error,
): Promise<Uint8Array> {
  const range = new Uint8Array(end - start);
  let filled = 0;
  while (filled < range.length) {
    const { bytesRead } = await handle.read(range, filled, range.length - filled, start + filled);
    // The file shrank between the size check and this read.
    if (bytesRead === 0) throw truncated();
    filled += bytesRead;
  }
  return range;
}
