// The upload URL init hands out: chunk PUTs in order, each range committed once, answered with
// TikTok's Content-Range progress (read as the contentRangeReading option says)
// (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide).
import type { EmulatorContext } from "../harness/emulator.js";
import type { TikTokContext } from "./context.js";
import { json, logId, methodNotAllowed } from "./errors.js";
import { VIDEO_CONTENT_TYPES } from "./rules.js";
import type { TikTokEmulatedPublish } from "./state.js";

export async function uploadPut(
  ctx: TikTokContext,
  request: Request,
  context: EmulatorContext,
): Promise<Response> {
  const { clock } = ctx;
  const { uploads, publishes } = ctx.state;
  const rangeReading = ctx.settings.contentRangeReading;
  if (request.method !== "PUT") return methodNotAllowed();
  const url = new URL(request.url);
  const entry = uploads.get(url.searchParams.get("upload_id") ?? "");
  if (!entry || entry.token !== url.searchParams.get("upload_token")) {
    return uploadError(ctx, 404, "There is no upload task for this upload_url.", {});
  }
  const publish = publishes.get(entry.publishId)!;
  const progress = progressRange(publish, rangeReading);
  const fail = (status: number, message: string) => uploadError(ctx, status, message, progress);
  if (clock.now() >= publish.expiresAt) {
    return fail(403, "The upload_url expired (it is valid for one hour after issuance).");
  }
  if (!VIDEO_CONTENT_TYPES.includes((request.headers.get("content-type") ?? "").split(";")[0]!.trim())) {
    return fail(400, "Content-Type must be video/mp4, video/quicktime or video/webm.");
  }
  const declared = request.headers.get("content-length");
  // Content-Length is a required header of every chunk PUT; a body sent without it (chunked) gets
  // 400 like other bad headers. Checked only where the transport tells (see contentLengthReliable).
  if (declared === null && context.contentLengthReliable) {
    return fail(400, "Content-Length is required: send the chunk with its length, not chunked.");
  }
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(request.headers.get("content-range") ?? "");
  if (!range || Number(range[3]) !== publish.videoSize)
    return fail(400, "Content-Range must be bytes FIRST-LAST/TOTAL with the video_size as TOTAL.");
  const first = Number(range[1]);
  const last = Number(range[2]);
  if (publish.complete || first !== publish.received) {
    return fail(416, "Content-Range does not match the upload's progress.");
  }
  const index = first / publish.chunkSize;
  const isFinal = index === publish.totalChunkCount - 1;
  const expectedLast = isFinal ? publish.videoSize - 1 : first + publish.chunkSize - 1;
  if (!Number.isInteger(index) || last !== expectedLast)
    return fail(400, "The chunk's range does not match chunk_size.");
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength !== last - first + 1 || (declared !== null && Number(declared) !== bytes.byteLength)) {
    return fail(400, "Content-Length does not match the body, or the body does not match Content-Range.");
  }
  // Another PUT for the same range (a client's retry racing a stalled original) may have landed
  // while this body arrived: the server commits each range once, like a real one.
  if (publish.complete || first !== publish.received) {
    return uploadError(
      ctx,
      416,
      "Content-Range does not match the upload's progress.",
      progressRange(publish, rangeReading),
    );
  }
  publish.sink.append(bytes);
  publish.received = last + 1;
  publish.chunksAccepted++;
  if (isFinal) publish.complete = true;
  return new Response(null, { status: isFinal ? 201 : 206, headers: progressRange(publish, rangeReading) });
}

/**
 * A failed PUT: the status the media transfer guide gives, the progress header, and (unless the
 * uploadErrorBody option says `empty`) TikTok's error envelope. The body is UNCONFIRMED: the
 * guide documents statuses only; `invalid_params` is the v2 code for an invalid request
 * (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling).
 */
function uploadError(
  ctx: TikTokContext,
  status: number,
  message: string,
  headers: Record<string, string>,
): Response {
  if (ctx.options.uploadErrorBody === "empty") return new Response(null, { status, headers });
  const response = json(status, { data: {}, error: { code: "invalid_params", message, log_id: logId() } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * The spec says every PUT response carries `Content-Range: bytes 0-{UPLOADED_BYTES}/{TOTAL}`.
 * UNCONFIRMED whether UPLOADED_BYTES is the last byte's index or a count (the option picks), and
 * what TikTok sends before the first byte: `bytes 0-0/{TOTAL}` is the template read as a count;
 * read as an index it cannot express zero bytes, so HTTP's `bytes *` + `/{TOTAL}` is sent.
 */
function progressRange(
  publish: TikTokEmulatedPublish,
  reading: "inclusive" | "byte-count",
): Record<string, string> {
  const total = publish.videoSize;
  if (reading === "byte-count") return { "content-range": `bytes 0-${publish.received}/${total}` };
  const value = publish.received === 0 ? `bytes */${total}` : `bytes 0-${publish.received - 1}/${total}`;
  return { "content-range": value };
}
