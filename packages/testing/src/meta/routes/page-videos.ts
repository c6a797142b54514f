// Page videos and Reels: the Resumable Upload API (`POST /{app-id}/uploads`, then
// `POST|GET /upload:<id>` with `file_offset`) and `POST /{page-id}/videos` with the handle
// (https://developers.facebook.com/docs/graph-api/guides/upload ,
// https://developers.facebook.com/docs/video-api/guides/publishing); Reels' start and finish on
// `/{page-id}/video_reels` around the rupload host
// (https://developers.facebook.com/docs/video-api/guides/reels-publishing/); and the video's
// `status` with its uploading, processing and publishing phases.
//
// Emulator choices where Meta documents nothing (UNCONFIRMED): `/{app-id}/uploads` takes a Page
// token as well as the user token Meta's guide names (postkit's Page connections hold the Page
// token); `upload:<id>` needs no appsecret_proof (Meta's samples send none); an upload body that
// ends before `file_length` without a cut is a transient 100, an offset other than the bytes
// received a non-transient 100; a finished video stays `processing` for `processingReads` status
// reads, then is ready (or fails with a configured message); `publish_status` reads `published`,
// `scheduled` or `draft`.
import { mintId } from "../../harness/secrets.js";
import { graphError, invalidParameter } from "../errors.js";
import { type MetaEmulatedVideo, ownerOf, pageFor, readParams } from "../page-state.js";
import { type IssuedToken, type MetaState, newSink } from "../state.js";
import { checkSchedule } from "./page-posts.js";
import { openRupload, type RuploadListener } from "./rupload.js";

const FILE_TYPES = ["application/pdf", "image/jpeg", "image/jpg", "image/png", "video/mp4"];

/** `POST /{app-id}/uploads?file_name&file_length&file_type`: a new upload session. */
export function appUploads(state: MetaState, token: IssuedToken, appId: string, request: Request): Response {
  if (appId !== state.clientId)
    return graphError(400, 100, "(#100) The app id does not match the token's app");
  const params = new URL(request.url).searchParams;
  const fileLength = Number(params.get("file_length"));
  const fileType = params.get("file_type") ?? "";
  const fileName = params.get("file_name") ?? "";
  if (!Number.isSafeInteger(fileLength) || fileLength <= 0)
    return invalidParameter("(#100) file_length must be a positive integer");
  if (!FILE_TYPES.includes(fileType))
    return invalidParameter(`(#100) file_type ${fileType.slice(0, 40)} is not supported`);
  const key = mintId("MTph");
  const id = `upload:${key}?sig=${mintId("ARZ")}`;
  state.publishing.sessions.set(key, {
    id,
    fileName,
    fileLength,
    fileType,
    owner: ownerOf(token),
    sink: newSink(state),
    busy: false,
  });
  return Response.json({ id });
}

/** `GET /upload:<id>` (the offset) and `POST /upload:<id>` with `file_offset` (the bytes). */
export async function uploadSession(
  state: MetaState,
  token: IssuedToken,
  key: string,
  request: Request,
  listeners: ReadonlySet<RuploadListener>,
): Promise<Response> {
  const session = state.publishing.sessions.get(key);
  const sig = new URL(request.url).searchParams.get("sig");
  if (!session?.id.endsWith(`?sig=${sig}`) || session.owner !== ownerOf(token)) {
    await request.body?.cancel().catch(() => {});
    return graphError(400, 100, "(#100) Invalid upload session id");
  }
  // An expired session (the upload-url-expired preset) answers like an unknown one: Meta's
  // answer for a session past its lifetime is not documented (UNCONFIRMED, the emulator's choice).
  if (state.publishing.expiredSessions.has(key)) {
    await request.body?.cancel().catch(() => {});
    return graphError(400, 100, "(#100) Invalid upload session id");
  }
  if (request.method === "GET") return Response.json({ id: session.id, file_offset: session.sink.size });
  const offset = request.headers.get("file_offset");
  if (offset === null || !/^\d+$/.test(offset) || Number(offset) !== session.sink.size || session.busy) {
    await request.body?.cancel().catch(() => {});
    return invalidParameter(
      `(#100) file_offset ${String(offset).slice(0, 20)} does not match the ${session.sink.size} bytes received`,
    );
  }
  if (session.handle) {
    await request.body?.cancel().catch(() => {});
    return Response.json({ h: session.handle });
  }
  session.busy = true;
  let cut = false;
  let tooLong = false;
  try {
    const reader = request.body?.getReader();
    for (;;) {
      if (!reader) break;
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        cut = true;
        break;
      }
      if (next.done) break;
      const room = session.fileLength - session.sink.size;
      session.sink.append(next.value.subarray(0, Math.min(room, next.value.byteLength)));
      for (const listener of listeners) listener({ id: session.id, received: session.sink.size });
      if (next.value.byteLength > room) {
        tooLong = true;
        await reader.cancel().catch(() => {});
        break;
      }
    }
  } finally {
    session.busy = false;
  }
  if (cut) return new Response(null, { status: 400 });
  if (tooLong) return invalidParameter(`(#100) The body goes past file_length ${session.fileLength}`);
  if (session.sink.size < session.fileLength) {
    return graphError(400, 100, "(#100) The upload is incomplete: send the rest from file_offset", {
      isTransient: true,
    });
  }
  session.handle = `2:${mintId("c2Ft")}`;
  return Response.json({ h: session.handle });
}

/** `POST /{page-id}/videos` with `fbuploader_video_file_chunk`, `title`, `description`. */
export async function pageVideos(
  state: MetaState,
  token: IssuedToken,
  pageId: string,
  request: Request,
): Promise<Response> {
  const page = pageFor(state, token, pageId, "pages_manage_posts");
  if (page instanceof Response) return page;
  const { params } = await readParams(request);
  if (!token.scopes.includes("publish_video") || state.declined.has("publish_video"))
    return graphError(403, 100, "(#100) No permission to publish the video");
  const handle = params.get("fbuploader_video_file_chunk");
  const session = [...state.publishing.sessions.values()].find((candidate) => candidate.handle === handle);
  if (!handle || !session)
    return invalidParameter("(#100) fbuploader_video_file_chunk is not a valid file handle");
  const video = newVideo(state, pageId, "video");
  video.title = params.get("title");
  video.description = params.get("description");
  video.handle = handle;
  finish(state, video);
  return Response.json({ id: video.id });
}

/** `POST /{page-id}/video_reels` with `upload_phase=start` or `finish`. */
export async function pageReels(
  state: MetaState,
  token: IssuedToken,
  pageId: string,
  request: Request,
  uploadUrlFor: (videoId: string) => string,
): Promise<Response> {
  const page = pageFor(state, token, pageId, "pages_manage_posts");
  if (page instanceof Response) return page;
  const { params } = await readParams(request);
  const phase = params.get("upload_phase");
  if (phase === "start") {
    const video = newVideo(state, pageId, "reel");
    openRupload(state, video.id, "video-upload", pageId);
    return Response.json({ video_id: video.id, upload_url: uploadUrlFor(video.id) });
  }
  if (phase !== "finish") return invalidParameter("(#100) upload_phase must be start or finish");
  const video = state.publishing.videos.get(params.get("video_id") ?? "");
  if (video?.kind !== "reel" || video.pageId !== pageId)
    return invalidParameter("(#100) video_id is not a Reel of this Page");
  if (video.finished) return invalidParameter("(#100) The Reel was already finished");
  if (!state.ruploads.get(video.id)?.complete) {
    return invalidParameter("(#100) The video upload is not complete: upload every byte before finishing");
  }
  const videoState = params.get("video_state");
  if (videoState !== "PUBLISHED" && videoState !== "DRAFT" && videoState !== "SCHEDULED")
    return invalidParameter("(#100) video_state must be PUBLISHED, DRAFT or SCHEDULED");
  const scheduled = params.get("scheduled_publish_time");
  if ((videoState === "SCHEDULED") !== (scheduled !== undefined))
    return invalidParameter(
      "(#100) scheduled_publish_time goes with video_state SCHEDULED, and only with it",
    );
  if (scheduled !== undefined) {
    const at = checkSchedule(state, scheduled);
    if (at instanceof Response) return at;
    video.scheduledPublishTime = at;
  }
  video.videoState = videoState;
  video.description = params.get("description");
  finish(state, video);
  return Response.json({ success: true });
}

/** `GET /{video-id}?fields=status`, or `undefined` when the id is not a video. */
export function videoStatus(
  state: MetaState,
  token: IssuedToken,
  id: string,
  request: Request,
): Response | undefined {
  const video = state.publishing.videos.get(id);
  if (!video) return undefined;
  if (token.kind !== "page" || token.pageId !== video.pageId)
    return graphError(400, 190, "(#190) This method must be called with a Page Access Token", {
      subcode: 2069032,
    });
  const fields = new Set((new URL(request.url).searchParams.get("fields") ?? "id").split(","));
  const body: Record<string, unknown> = { id: video.id };
  if (fields.has("status")) body.status = statusOf(state, video);
  if (fields.has("permalink_url") && video.kind === "reel") body.permalink_url = `/reel/${video.id}`;
  return Response.json(body);
}

function newVideo(state: MetaState, pageId: string, kind: "video" | "reel"): MetaEmulatedVideo {
  const video: MetaEmulatedVideo = { id: mintId("9"), pageId, kind, finished: false, statusReads: 0 };
  state.publishing.videos.set(video.id, video);
  return video;
}

function finish(state: MetaState, video: MetaEmulatedVideo): void {
  video.finished = true;
  video.failure = state.publishing.failures.shift() ?? state.publishing.lateFailure;
}

type Phase = { status: "not_started" | "in_progress" | "complete" | "error"; [key: string]: unknown };

function statusOf(state: MetaState, video: MetaEmulatedVideo): Record<string, unknown> {
  const upload = video.kind === "reel" ? state.ruploads.get(video.id) : undefined;
  const bytes = upload ? upload.received : undefined;
  const uploaded = video.kind === "video" || upload?.complete === true;
  const uploading: Phase = {
    status: uploaded ? "complete" : (bytes ?? 0) > 0 ? "in_progress" : "not_started",
    ...(bytes !== undefined ? { bytes_transferred: bytes } : {}),
  };
  let processing: Phase = { status: "not_started" };
  let publishing: Phase = { status: "not_started" };
  let videoStatus = uploaded ? "upload_complete" : "processing";
  if (video.finished) {
    video.statusReads++;
    const ready = video.statusReads > state.publishing.processingReads;
    if (ready && video.failure) {
      processing = { status: "error", error: { message: video.failure } };
      videoStatus = "error";
    } else if (ready) {
      processing = { status: "complete" };
      const publishStatus =
        video.videoState === "DRAFT" ? "draft" : video.videoState === "SCHEDULED" ? "scheduled" : "published";
      publishing = {
        status: "complete",
        publish_status: publishStatus,
        ...(video.scheduledPublishTime ? { publish_time: video.scheduledPublishTime } : {}),
      };
      videoStatus = "ready";
    } else {
      processing = { status: "in_progress" };
      videoStatus = "processing";
    }
  }
  return {
    video_status: videoStatus,
    uploading_phase: uploading,
    processing_phase: processing,
    publishing_phase: publishing,
    copyright_check_status: { status: video.finished ? "complete" : "not_started" },
  };
}
