// videos.insert's resumable protocol: the session start (POST), then PUTs of chunks, whole files
// and status probes on the session URI, answered 308 until the last byte creates the video.
import { ByteSink } from "../harness/byte-sink.js";
import type { EmulatorContext } from "../harness/emulator.js";
import { mintId } from "../harness/secrets.js";
import { admit, bearer } from "./bearer.js";
import type { YouTubeContext } from "./context.js";
import { googleError, sessionGone, youtubeSignupRequired } from "./errors.js";
import { CHUNK_MULTIPLE, MAX_VIDEO_BYTES, PARTS, parseParts, validateResource } from "./rules.js";
import { videoResource } from "./routes/videos.js";
import type { YouTubeEmulatorSession, YouTubeEmulatorVideo } from "./state.js";

/** POST /upload/youtube/v3/videos?uploadType=resumable: starts a session, answers its URI. */
export async function startSession(
  ctx: YouTubeContext,
  request: Request,
  url: URL,
  context: EmulatorContext,
): Promise<Response> {
  const { options, clock, state } = ctx;
  const { stats, sessions, sessionList } = state;
  // uploadType=multipart is routed to upload-multipart.ts before this.
  if (url.searchParams.get("uploadType") !== "resumable") {
    // Reason name UNCONFIRMED in the spec (the emulator serves the resumable and multipart protocols).
    return googleError(
      400,
      "invalidUploadType",
      "The emulator supports uploadType=resumable and uploadType=multipart only.",
    );
  }
  const parts = parseParts(url.searchParams.get("part"), PARTS.videos);
  if (parts instanceof Response) return parts;
  const auth = admit(ctx, request, "videos.insert");
  if (auth instanceof Response) return auth;
  if (!state.channel) return youtubeSignupRequired();
  // Reason names for bad session headers (badContent) and bad JSON (parseError) are UNCONFIRMED.
  const lengthHeader = request.headers.get("x-upload-content-length") ?? "";
  const total = /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : Number.NaN;
  if (!Number.isSafeInteger(total) || total <= 0 || total > MAX_VIDEO_BYTES) {
    return googleError(
      400,
      "badContent",
      "X-Upload-Content-Length must be the size of the video in bytes (1 to 256 GB).",
    );
  }
  const contentType = request.headers.get("x-upload-content-type") ?? "";
  if (!/^video\/[\w.+-]+$/i.test(contentType) && contentType !== "application/octet-stream") {
    return googleError(
      400,
      "badContent",
      "X-Upload-Content-Type must be video/* or application/octet-stream.",
    );
  }
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) {
    return googleError(400, "badContent", "The metadata must be application/json.");
  }
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return googleError(400, "parseError", "The metadata is not valid JSON.");
  }
  const resource = validateResource(body, false);
  if (resource instanceof Response) return resource;
  if (options.uploadLimit !== undefined && state.uploadsToday >= options.uploadLimit) {
    return googleError(
      400,
      "uploadLimitExceeded",
      "The user has exceeded the number of videos they may upload.",
      {
        domain: "youtube.video",
      },
    );
  }
  state.uploadsToday += 1;
  stats.sessionsStarted += 1;
  const session: YouTubeEmulatorSession = {
    uploadId: mintId("AUp"),
    totalBytes: total,
    contentType,
    sink: new ByteSink(options.retainBytes),
    createdAt: clock.now(),
    expiresAt: clock.now() + (options.sessionTtlMs ?? 7 * 24 * 3_600_000),
    videoId: undefined,
    resumeIncompleteCount: 0,
    notifySubscribers: url.searchParams.get("notifySubscribers") !== "false",
    parts: [...parts],
    resource,
  };
  sessions.set(session.uploadId, session);
  sessionList.push(session);
  return new Response(null, { status: 200, headers: { location: sessionUri(context, session.uploadId) } });
}

function sessionUri(context: EmulatorContext, uploadId: string): string {
  return context.urlFor("api", `/upload/youtube/v3/videos?uploadType=resumable&upload_id=${uploadId}`);
}

/** 308 Resume Incomplete with the Range received; every `newLocationEvery`th moves the session. */
function resumeIncomplete(
  ctx: YouTubeContext,
  session: YouTubeEmulatorSession,
  context: EmulatorContext,
): Response {
  const { options } = ctx;
  const { sessions } = ctx.state;
  session.resumeIncompleteCount += 1;
  const headers = new Headers();
  if (session.sink.size > 0) headers.set("range", `bytes=0-${session.sink.size - 1}`);
  const every = options.newLocationEvery ?? 0;
  if (every > 0 && session.resumeIncompleteCount % every === 0) {
    // The spec says to switch to a new Location, not that the old URI stops working: its 404
    // afterwards is UNCONFIRMED, and the strictest choice (a client that keeps the old URI fails).
    sessions.delete(session.uploadId);
    session.uploadId = mintId("AUp");
    sessions.set(session.uploadId, session);
    headers.set("location", sessionUri(context, session.uploadId));
  }
  return new Response(null, { status: 308, headers });
}

/** The session's video (created on the first call), as the last PUT answers it. */
export function complete(ctx: YouTubeContext, session: YouTubeEmulatorSession): Response {
  const { clock } = ctx;
  const { channel, videos } = ctx.state;
  if (!session.videoId) {
    const id = mintId().slice(0, 11).padEnd(11, "x");
    const video: YouTubeEmulatorVideo = {
      id,
      snippet: {
        ...session.resource.snippet,
        channelId: channel?.id,
        publishedAt: new Date(clock.now()).toISOString(),
        categoryId: session.resource.snippet.categoryId ?? "22",
      },
      status: { privacyStatus: "public", ...session.resource.status, uploadStatus: "uploaded" },
      processingDetails: { processingStatus: "processing" },
      sink: session.sink,
      uploadedAt: clock.now(),
      statusReads: 0,
      thumbnail: undefined,
      deleted: false,
      playlistItemId: mintId("PLI"),
    };
    videos.set(id, video);
    session.videoId = id;
  }
  const video = videos.get(session.videoId)!;
  // The parts of the session start are the parts the answer includes (videos.insert's `part`).
  return Response.json(videoResource(ctx, video, new Set(session.parts)), { status: 200 });
}

/** PUT on a session URI: a status probe, the whole file, or a chunk with its Content-Range. */
export async function sessionPut(
  ctx: YouTubeContext,
  request: Request,
  url: URL,
  context: EmulatorContext,
): Promise<Response> {
  const { options, clock } = ctx;
  const { sessions, stats } = ctx.state;
  const session = sessions.get(url.searchParams.get("upload_id") ?? "");
  if (!session || session.expiresAt <= clock.now()) return sessionGone();
  // Whether chunk PUTs need Authorization is UNCONFIRMED: accepted without, checked when present.
  if (request.headers.has("authorization")) {
    const auth = bearer(ctx, request);
    if (auth instanceof Response) return auth;
  }
  const range = request.headers.get("content-range");
  const total = session.totalBytes;
  // Reason names for malformed upload requests are UNCONFIRMED (badContent here); the messages
  // about Content-Range and 262144 are the server's as quoted in https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
  if (range !== null && /^bytes \*\/\d+$/.test(range)) {
    stats.probes += 1;
    if (Number(range.slice(8)) !== total)
      return googleError(400, "badContent", "Content-Range total does not match.");
    await receive(request, session, 0, 0);
    if (session.videoId) return complete(ctx, session);
    return resumeIncomplete(ctx, session, context);
  }
  if (session.videoId) return complete(ctx, session);
  stats.chunkPuts += 1;
  if (range === null) {
    // A single request with the whole file, streamed into the sink.
    if (session.sink.size !== 0) {
      return googleError(400, "badContent", "Content-Range is required once bytes were received.");
    }
    const length = await receive(request, session, 0, total);
    if (length !== undefined && length > total) {
      // A body longer than the X-Upload-Content-Length the session announced is refused, not cut
      // to size: what it stored is dropped, so the file can be sent again. The reason name and
      // dropping the bytes are UNCONFIRMED (the emulator's choice).
      session.sink = new ByteSink(options.retainBytes);
      return googleError(
        400,
        "badContent",
        "The body is longer than the X-Upload-Content-Length of the session.",
      );
    }
    if (session.sink.size === total) return complete(ctx, session);
    return resumeIncomplete(ctx, session, context);
  }
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range);
  if (!match) return googleError(400, "badContent", "Failed to parse Content-Range header.");
  const first = Number(match[1]);
  const last = Number(match[2]);
  if (Number(match[3]) !== total || last < first || last >= total) {
    return googleError(400, "badContent", "Failed to parse Content-Range header.");
  }
  const length = last - first + 1;
  const final = last + 1 === total;
  if (!final && length % CHUNK_MULTIPLE !== 0) {
    return googleError(
      400,
      "badContent",
      "The number of bytes uploaded is required to be equal or greater than 262144, except for the final request " +
        "(it's recommended to be the exact multiple of 262144).",
    );
  }
  const received = session.sink.size;
  // A chunk that starts past the stored bytes is not stored: the 308 and its Range tell the
  // client where to resume (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol).
  if (first > received) {
    await request.body?.cancel().catch(() => undefined);
    return resumeIncomplete(ctx, session, context);
  }
  // Bytes the server already has are skipped (GCS semantics; UNCONFIRMED for YouTube).
  const skip = received - first;
  let keep = Math.max(0, length - skip);
  if (!final && options.maxBytesPerPut !== undefined) {
    const limit = Math.max(
      CHUNK_MULTIPLE,
      Math.floor(options.maxBytesPerPut / CHUNK_MULTIPLE) * CHUNK_MULTIPLE,
    );
    keep = Math.min(keep, limit);
  }
  // Streamed into the sink (a resumed single request can carry most of a large file).
  const bodyLength = await receive(request, session, skip, keep);
  if (bodyLength !== undefined && bodyLength !== length) {
    // What arrived within the range stays, as after a broken connection (UNCONFIRMED).
    return googleError(400, "badContent", "The body length does not match Content-Range.");
  }
  if (session.sink.size === total) return complete(ctx, session);
  return resumeIncomplete(ctx, session, context);
}

/**
 * Reads a PUT body as it streams in: its bytes from `skip` on go to the session's sink, at most
 * `keep` of them; the rest is counted and dropped. Returns the body's length, or `undefined`
 * when the connection broke mid-body (the bytes stored so far stay; the Range says how many).
 */
async function receive(
  request: Request,
  session: YouTubeEmulatorSession,
  skip: number,
  keep: number,
): Promise<number | undefined> {
  if (!request.body) return 0;
  const reader = request.body.getReader();
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return seen;
      const from = Math.max(0, skip - seen);
      const to = Math.min(value.byteLength, skip + keep - seen);
      seen += value.byteLength;
      if (to > from) session.sink.append(value.subarray(from, to));
    }
  } catch {
    return undefined;
  }
}
