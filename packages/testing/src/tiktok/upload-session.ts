// The upload URL init hands out: chunk PUTs in order, each range committed once, answered with
// TikTok's Content-Range progress (read as the contentRangeReading option says).
import type { TikTokContext } from "./context.js";
import { methodNotAllowed } from "./errors.js";
import { VIDEO_CONTENT_TYPES } from "./rules.js";
import type { TikTokEmulatedPublish } from "./state.js";

export async function uploadPut(ctx: TikTokContext, request: Request): Promise<Response> {
  const { clock } = ctx;
  const { uploads, publishes } = ctx.state;
  const rangeReading = ctx.settings.contentRangeReading;
  if (request.method !== "PUT") return methodNotAllowed();
  const url = new URL(request.url);
  const entry = uploads.get(url.searchParams.get("upload_id") ?? "");
  if (!entry || entry.token !== url.searchParams.get("upload_token")) {
    return new Response(null, { status: 404 });
  }
  const publish = publishes.get(entry.publishId)!;
  const progress = progressRange(publish, rangeReading);
  if (clock.now() >= publish.expiresAt) return new Response(null, { status: 403, headers: progress });
  if (!VIDEO_CONTENT_TYPES.includes((request.headers.get("content-type") ?? "").split(";")[0]!.trim())) {
    return new Response(null, { status: 400, headers: progress });
  }
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(request.headers.get("content-range") ?? "");
  if (!range || Number(range[3]) !== publish.videoSize)
    return new Response(null, { status: 400, headers: progress });
  const first = Number(range[1]);
  const last = Number(range[2]);
  if (publish.complete || first !== publish.received) {
    return new Response(null, { status: 416, headers: progress });
  }
  const index = first / publish.chunkSize;
  const isFinal = index === publish.totalChunkCount - 1;
  const expectedLast = isFinal ? publish.videoSize - 1 : first + publish.chunkSize - 1;
  if (!Number.isInteger(index) || last !== expectedLast)
    return new Response(null, { status: 400, headers: progress });
  const bytes = new Uint8Array(await request.arrayBuffer());
  const declared = request.headers.get("content-length");
  if (bytes.byteLength !== last - first + 1 || (declared !== null && Number(declared) !== bytes.byteLength)) {
    return new Response(null, { status: 400, headers: progress });
  }
  // Another PUT for the same range (a client's retry racing a stalled original) may have landed
  // while this body arrived: the server commits each range once, like a real one.
  if (publish.complete || first !== publish.received) {
    return new Response(null, { status: 416, headers: progressRange(publish, rangeReading) });
  }
  publish.sink.append(bytes);
  publish.received = last + 1;
  publish.chunksAccepted++;
  if (isFinal) publish.complete = true;
  return new Response(null, { status: isFinal ? 201 : 206, headers: progressRange(publish, rangeReading) });
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
