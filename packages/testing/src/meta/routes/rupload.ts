// The rupload host: the bytes of Facebook Page Reels (`/video-upload/{ver}/{video_id}`) and of
// Instagram containers (`/ig-api-upload/{ver}/{container_id}`), POSTed with
// `Authorization: OAuth {token}`, `offset` and `file_size` headers and the bytes as the body (or a
// `file_url` header and no body); `{"success":true}` once every byte arrived
// (https://developers.facebook.com/docs/video-api/guides/reels-publishing/ ,
// https://developers.facebook.com/docs/instagram-platform/content-publishing/resumable-uploads).
//
// The emulator's choices where Meta documents nothing (UNCONFIRMED): a body may start at any
// `offset` equal to the bytes already received (a resumed upload) and is stored as it streams in,
// so a request cut mid-body leaves what arrived; a body that ends before `file_size` without a
// cut is answered with a retriable `debug_info` error; an `offset` other than the bytes received,
// a changed `file_size` or a body past `file_size` is a non-retriable `debug_info` error; the
// HTTP status of every `debug_info` error is 400. Failures use the documented `debug_info` shape
// (`{"debug_info":{"retriable","type","message"}}`).
import type { MetaEmulatedRupload, MetaState } from "../state.js";
import { type IssuedToken, newSink } from "../state.js";

const PATH = /^\/(video-upload|ig-api-upload)\/(v\d+\.\d+)\/([^/?]+)$/;

/** Registers an upload target when the upload URL is handed out (Reel start, resumable container). */
export function openRupload(
  state: MetaState,
  id: string,
  kind: MetaEmulatedRupload["kind"],
  pageId: string,
): MetaEmulatedRupload {
  const entry: MetaEmulatedRupload = {
    id,
    kind,
    pageId,
    fileSize: undefined,
    received: 0,
    sink: newSink(state),
    complete: false,
    busy: false,
    requests: 0,
  };
  state.ruploads.set(id, entry);
  return entry;
}

/** `{"debug_info":{…}}` with HTTP 400. */
export function ruploadError(retriable: boolean, message: string, type = "ProcessingFailedError"): Response {
  return Response.json({ debug_info: { retriable, type, message } }, { status: 400 });
}

const unauthorized = () => ruploadError(false, "Request processing failed: unauthorized user request.");

/**
 * Listeners told after every stored piece of an upload body, on the rupload host or a Resumable
 * Upload API session (tests stop a client mid-upload with it).
 */
export type RuploadListener = (upload: { id: string; received: number }) => void;

/** One request on the rupload host. */
export async function rupload(
  state: MetaState,
  request: Request,
  path: string,
  lookup: (token: string) => IssuedToken | undefined,
  listeners: ReadonlySet<RuploadListener>,
): Promise<Response> {
  const match = PATH.exec(path);
  const entry = match ? state.ruploads.get(decodeURIComponent(match[3]!)) : undefined;
  if (!match || !entry || entry.kind !== match[1]) {
    await request.body?.cancel().catch(() => {});
    return ruploadError(false, "Request processing failed: unknown video or container id.");
  }
  // An expired upload URL (the upload-url-expired preset): Meta's answer is not documented
  // (UNCONFIRMED); the emulator's choice is a non-retriable `debug_info` error.
  if (state.expiredRuploads.has(entry.id)) {
    await request.body?.cancel().catch(() => {});
    return ruploadError(false, "Request processing failed: the upload URL has expired.");
  }
  if (request.method !== "POST")
    return ruploadError(false, `Request processing failed: ${request.method} is not supported.`);
  entry.requests++;
  const header = request.headers.get("authorization");
  const token = header ? /^OAuth\s+(\S+)$/.exec(header)?.[1] : undefined;
  const issued = token ? lookup(token) : undefined;
  if (issued?.kind !== "page" || issued.pageId !== entry.pageId) {
    await request.body?.cancel().catch(() => {});
    return unauthorized();
  }
  const fileUrl = request.headers.get("file_url");
  if (fileUrl !== null) {
    await request.body?.cancel().catch(() => {});
    if (entry.received > 0 || entry.complete)
      return ruploadError(false, "Request processing failed: bytes were already uploaded.");
    entry.fileUrl = fileUrl;
    entry.complete = true;
    return success(entry);
  }
  const offset = integer(request.headers.get("offset"));
  const fileSize = integer(request.headers.get("file_size"));
  if (offset === undefined || fileSize === undefined || fileSize <= 0) {
    await request.body?.cancel().catch(() => {});
    return ruploadError(false, "Request processing failed: offset and file_size headers are required.");
  }
  if (entry.fileSize !== undefined && entry.fileSize !== fileSize) {
    await request.body?.cancel().catch(() => {});
    return ruploadError(
      false,
      `Request processing failed: file_size ${fileSize} differs from ${entry.fileSize}.`,
    );
  }
  if (entry.busy || offset !== entry.received) {
    await request.body?.cancel().catch(() => {});
    return ruploadError(
      false,
      `Request processing failed: offset ${offset} does not match the ${entry.received} bytes received.`,
    );
  }
  if (entry.complete) {
    await request.body?.cancel().catch(() => {});
    return success(entry);
  }
  entry.fileSize = fileSize;
  entry.busy = true;
  try {
    const outcome = await receive(request, entry, fileSize, listeners);
    if (outcome === "too-long")
      return ruploadError(false, `Request processing failed: the body goes past file_size ${fileSize}.`);
    if (outcome === "cut") return new Response(null, { status: 400 });
  } finally {
    entry.busy = false;
  }
  if (entry.received < fileSize) {
    return ruploadError(
      true,
      `Request processing failed: partial upload, ${entry.received} of ${fileSize} bytes received.`,
    );
  }
  entry.complete = true;
  return success(entry);
}

function success(entry: MetaEmulatedRupload): Response {
  return Response.json(
    entry.kind === "ig-api-upload" ? { success: true, message: "Upload successful." } : { success: true },
  );
}

function integer(value: string | null): number | undefined {
  if (value === null || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** Streams the body into the sink; bytes stored so far stay when the connection breaks. */
async function receive(
  request: Request,
  entry: MetaEmulatedRupload,
  fileSize: number,
  listeners: ReadonlySet<RuploadListener>,
): Promise<"ok" | "cut" | "too-long"> {
  if (!request.body) return "ok";
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return "ok";
      const room = fileSize - entry.received;
      const piece = value.byteLength > room ? value.subarray(0, room) : value;
      if (piece.byteLength > 0) {
        entry.sink.append(piece);
        entry.received += piece.byteLength;
        for (const listener of listeners) listener({ id: entry.id, received: entry.received });
      }
      if (value.byteLength > room) {
        await reader.cancel().catch(() => {});
        return "too-long";
      }
    }
  } catch {
    return "cut";
  }
}
