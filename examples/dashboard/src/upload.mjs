// @ts-check
// The browser's multipart form, streamed to a temp file with busboy (never buffered whole), with
// a size cap. The form's other fields come back as a map of lists.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ValidationError } from "@postkit/core";
import busboy from "busboy";

/**
 * @typedef {object} UploadedForm
 * @property {{ path: string; name: string; type: string; size: number } | undefined} file
 * @property {Map<string, string[]>} fields
 */

/**
 * @param {Request} request
 * @param {{ maxBytes: number; directory?: string | undefined }} options
 * @returns {Promise<UploadedForm>}
 */
export async function receiveUpload(request, { maxBytes, directory }) {
  const contentType = request.headers.get("content-type") ?? "";
  if (!request.body || !contentType.startsWith("multipart/form-data")) {
    throw new ValidationError("The upload must be a multipart form.");
  }
  const folder = await mkdtemp(join(directory ?? tmpdir(), "postkit-dashboard-"));
  /** @type {Map<string, string[]>} */
  const fields = new Map();
  /** @type {UploadedForm["file"]} */
  let file;
  /** @type {Promise<void>[]} */
  const writes = [];
  let tooLarge = false;
  const parser = busboy({
    headers: { "content-type": contentType },
    limits: { fileSize: maxBytes, files: 1, fields: 50 },
  });
  parser.on("field", (name, value) => fields.set(name, [...(fields.get(name) ?? []), value]));
  parser.on("file", (name, stream, info) => {
    if (name !== "video" || !info.filename) {
      stream.resume();
      return;
    }
    // The browser's file name is only shown, never used as a path.
    const path = join(folder, `${randomUUID()}.upload`);
    const entry = { path, name: info.filename.slice(0, 200), type: info.mimeType || "video/mp4", size: 0 };
    stream.on("data", (/** @type {Buffer} */ chunk) => {
      entry.size += chunk.length;
    });
    stream.on("limit", () => {
      tooLarge = true;
    });
    file = entry;
    writes.push(pipeline(stream, createWriteStream(path)));
  });
  try {
    await pipeline(
      Readable.fromWeb(/** @type {import("node:stream/web").ReadableStream} */ (request.body)),
      parser,
    );
    await Promise.all(writes);
    if (tooLarge)
      throw new ValidationError(`The video is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
    if (!file || file.size === 0) throw new ValidationError("Choose a video file to publish.");
    return { file, fields };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}
