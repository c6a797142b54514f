import { type FileHandle, open } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import * as z from "zod/mini";
import { ErrorCode } from "../errors/codes.js";
import { SourceError } from "../errors/source-error.js";
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
   * Ends the source: later reads reject, and the file handle an upload opened is closed. Closing
   * twice is harmless.
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
 * A file as an upload source. An upload (through `readInto`) opens the file once, reads each
 * range into the engine's reused buffers, and closes it when the upload ends (`release`); `read`
 * outside an upload opens and closes the file around the one range. Any range can be read again
 * (retries, resume). A missing file is a `SourceError` with code `SOURCE_NOT_FOUND`, an unreadable
 * one `SOURCE_UNREADABLE`; a file whose size or modification time changed since `fromFile` is
 * `SOURCE_CHANGED`, since the platform would otherwise receive a mix of two versions.
 *
 * @example
 * ```ts
 * import { fromFile } from "@postkit/core/node";
 *
 * const source = await fromFile("./clip.mp4"); // type "video/mp4", name "clip.mp4"
 * const result = await provider.publishVideo(tokens, { source, options });
 * ```
 * @group Uploads
 * @throws `SourceError` when the file is missing, unreadable or not a regular file.
 * @throws `ValidationError` when the options are invalid.
 */
export async function fromFile(path: string, options: FileSourceOptions = {}): Promise<FileUploadSource> {
  if (typeof path !== "string" || path === "") {
    throw new ValidationError("fromFile expects a file path");
  }
  const parsed = parseInput(fileOptionsSchema, options, "fromFile options");
  // Opening (not just stat-ing) surfaces a missing file or a permission error before any upload starts.
  const absolutePath = resolve(path); // later reads must not depend on the working directory
  const handle = await openFile(absolutePath, path);
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

/** Node's open, with its errors as `SourceError`s. */
async function openFile(absolutePath: string, shown: string): Promise<FileHandle> {
  try {
    return await open(absolutePath, "r");
  } catch (error) {
    throw fileError(error, shown);
  }
}

function fileError(error: unknown, shown: string): SourceError {
  const code = (error as { code?: unknown } | null)?.code;
  if (SourceError.isInstance(error)) return error;
  if (code === "ENOENT") {
    return new SourceError(`${shown} does not exist`, {
      code: ErrorCode.SOURCE_NOT_FOUND,
      hint: "Check the path; a file moved or deleted mid-upload must be put back to continue.",
      cause: error,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SourceError(`${shown} could not be read (${reason})`, {
    code: ErrorCode.SOURCE_UNREADABLE,
    cause: error,
  });
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
  /** The handle an upload reads through, opened on its first `readInto`. */
  #handle: Promise<FileHandle> | undefined;
  #closed = false;

  constructor(path: string, version: FileVersion, name: string, type: string | undefined) {
    this.#path = path;
    this.#version = version;
    this.size = version.size;
    this.name = name;
    this.type = type;
  }

  async read(start: number, end: number, signal?: AbortSignal): Promise<Uint8Array> {
    this.#ready(start, end, signal);
    const range = new Uint8Array(end - start);
    if (this.#handle) {
      await raceAbort(this.#readWith(this.#handle, start, range), signal);
      return range;
    }
    // Outside an upload: no descriptor is held between reads.
    const handle = openFile(this.#path, this.#path);
    try {
      await raceAbort(this.#readWith(handle, start, range), signal);
    } finally {
      await handle.then((opened) => opened.close()).catch(() => undefined);
    }
    return range;
  }

  async readInto(start: number, target: Uint8Array, signal?: AbortSignal): Promise<void> {
    this.#ready(start, start + target.length, signal);
    this.#handle ??= openFile(this.#path, this.#path);
    // Not raced against the signal: the engine waits for a read to end before it reuses `target`.
    await this.#readWith(this.#handle, start, target);
    signal?.throwIfAborted();
  }

  async release(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.then((opened) => opened.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.release();
  }

  #ready(start: number, end: number, signal: AbortSignal | undefined): void {
    assertReadRange(start, end, this.size);
    signal?.throwIfAborted();
    if (this.#closed) {
      throw new SourceError(`Cannot read ${this.#path}: its source was closed`, {
        code: ErrorCode.SOURCE_UNREADABLE,
      });
    }
  }

  async #readWith(opening: Promise<FileHandle>, start: number, target: Uint8Array): Promise<void> {
    const handle = await opening;
    let stats: Awaited<ReturnType<FileHandle["stat"]>>;
    try {
      stats = await handle.stat();
    } catch (error) {
      throw fileError(error, this.#path);
    }
    if (stats.size !== this.#version.size || stats.mtimeMs !== this.#version.modifiedMs)
      throw this.#changedError();
    await readFully(handle, start, target, () => this.#changedError(), this.#path);
  }

  #changedError(): SourceError {
    return new SourceError(
      `${this.#path} changed since fromFile opened it (its size or modification time differs)`,
      {
        code: ErrorCode.SOURCE_CHANGED,
        hint: "Do not change a file while it uploads; start a new upload with the new content.",
      },
    );
  }
}

/** `read` may return fewer bytes than asked, so it loops until the range is complete. */
async function readFully(
  handle: FileHandle,
  start: number,
  target: Uint8Array,
  truncated: () => Error,
  shown: string,
): Promise<void> {
  let filled = 0;
  while (filled < target.length) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(target, filled, target.length - filled, start + filled));
    } catch (error) {
      throw fileError(error, shown);
    }
    // The file shrank between the size check and this read.
    if (bytesRead === 0) throw truncated();
    filled += bytesRead;
  }
}
