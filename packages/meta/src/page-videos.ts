// Facebook Page videos through the Resumable Upload API: `POST /{app-id}/uploads` (a session id
// `upload:…`, kept verbatim with its `?sig=`), the bytes POSTed to `upload:<id>` with
// `Authorization: OAuth` and `file_offset` (a `GET` on it gives `file_offset` to resume from),
// the file handle `h`, then `POST /{page-id}/videos` with `fbuploader_video_file_chunk`
// (https://developers.facebook.com/docs/graph-api/guides/upload ,
// https://developers.facebook.com/docs/video-api/guides/publishing). On graph.facebook.com: the
// guide's graph-video host is deprecated (https://developers.facebook.com/docs/video-api/overview).
//
// UNCONFIRMED: Meta's guide names a user access token (of an app admin or developer) for the
// session; postkit sends the Page token, as public integrations do. After a lost final answer the
// handle is asked for with an empty POST at `file_offset` = the file's length.
import {
  type Connection,
  ErrorCode,
  PostkitError,
  type PublishJob,
  type ResumeState,
  type ResumeUploadInput,
  ResponseShapeError,
  SecurityError,
  type UploadFailure,
  type UploadProtocol,
  UploadError,
  type UploadSource,
  type UploadStep,
  ValidationError,
} from "@postkit/core";
import * as z from "zod/mini";
import type { MetaContext } from "./context.js";
import { isMetaUrl, joinUrl } from "./endpoints.js";
import { metaErrorFromResponse } from "./errors.js";
import { answerLost, lostJob, pageJob, withPageToken } from "./page-jobs.js";
import { streamUpload } from "./stream-upload.js";

/** What a Page video's publish call sends; kept in the resume state (no secrets). @internal */
export interface VideoDetails {
  title?: string | undefined;
  description?: string | undefined;
}

const sessionSchema = z.looseObject({ id: z.string().check(z.regex(/^upload:[^/]+$/)) });
const offsetSchema = z.looseObject({ file_offset: z.number() });
const videoSchema = z.looseObject({ id: z.string() });

/** The file name Meta wants (`file_name`): the source's, without path or odd characters. */
const fileNameOf = (source: UploadSource) =>
  (source.name ?? "video.mp4")
    .replace(/^.*[\\/]/, "")
    .replace(/[^\w.-]/g, "_")
    .slice(0, 100) || "video.mp4";

/** Session, bytes, publish. @internal */
export async function publishPageVideo(
  context: MetaContext,
  connection: Connection,
  source: UploadSource,
  details: VideoDetails,
  controls: Omit<ResumeUploadInput, "source">,
): Promise<PublishJob> {
  const { signal } = controls;
  // A lost session start publishes nothing: an error, not an unknown post.
  const session = await withPageToken(context, connection, signal, (token) =>
    context.graph.call({
      method: "POST",
      path: `/${encodeURIComponent(context.clientId)}/uploads`,
      accessToken: token,
      query: { file_name: fileNameOf(source), file_length: source.size, file_type: "video/mp4" },
      schema: sessionSchema,
      idempotent: false,
      what: "Facebook upload session start",
      signal,
    }),
  );
  const state: ResumeState = {
    version: 1,
    platform: "meta",
    sessionUrl: joinUrl(context.baseUrls.graph, `/${context.graph.version}/${session.id}`),
    ids: { pageId: connection.account.id },
    offset: 0,
    totalBytes: source.size,
    extra: {
      flow: "facebook-video",
      ...(details.title !== undefined ? { title: details.title } : {}),
      ...(details.description !== undefined ? { description: details.description } : {}),
    },
  };
  await controls.onResumeState?.(state);
  return uploadAndPublish(context, connection, source, state, controls, false);
}

/** Continues a Page video from its resume state. @internal */
export function resumePageVideo(
  context: MetaContext,
  connection: Connection,
  state: ResumeState,
  input: ResumeUploadInput,
): Promise<PublishJob> {
  const { source, ...controls } = input;
  return uploadAndPublish(context, connection, source, state, controls, true);
}

async function uploadAndPublish(
  context: MetaContext,
  connection: Connection,
  source: UploadSource,
  state: ResumeState,
  controls: Omit<ResumeUploadInput, "source">,
  resumed: boolean,
): Promise<PublishJob> {
  const extra = state.extra ?? {};
  if (state.ids.pageId !== connection.account.id || !state.sessionUrl || extra.flow !== "facebook-video") {
    throw new ValidationError("meta: not a resume state of a video of this Page.", {
      hint: "Pass the state from onResumeState or the UploadError of this Page's video.",
    });
  }
  const { signal } = controls;
  const handle = await withPageToken(context, connection, signal, (token) =>
    streamUpload(
      context,
      sessionProtocol(context, token, state),
      source,
      { offset: state.offset, resumed },
      controls,
    ),
  );
  let video: z.infer<typeof videoSchema>;
  try {
    video = await withPageToken(context, connection, signal, (token) =>
      context.graph.call({
        method: "POST",
        path: `/${encodeURIComponent(connection.account.id)}/videos`,
        accessToken: token,
        form: {
          fbuploader_video_file_chunk: handle,
          title: typeof extra.title === "string" ? extra.title : undefined,
          description: typeof extra.description === "string" ? extra.description : undefined,
        },
        schema: videoSchema,
        idempotent: false,
        what: "Facebook Page video publish",
        signal,
      }),
    );
  } catch (error) {
    if (answerLost(error, signal)) return lostJob(context, connection, {}, "the Page video's publish call");
    throw error;
  }
  return pageJob(context, connection, { outcome: "processing", ids: { videoId: video.id } });
}

/** Whether `url` is a Resumable Upload API session on the Graph host (or its configured base). */
function isSessionUrl(url: string, context: MetaContext): boolean {
  if (!isMetaUrl(url, "graph", context.baseUrls)) return false;
  return /\/v\d+\.\d+\/upload:[^/]+$/.test(new URL(url).pathname);
}

/** The `upload:<id>` protocol for core's engine (stream mode: the rest of the file per request). */
function sessionProtocol(context: MetaContext, token: string, state: ResumeState): UploadProtocol<string> {
  const url = state.sessionUrl!;
  if (!isSessionUrl(url, context)) {
    throw new SecurityError(
      "meta: the upload session URL is not a Graph upload session; postkit sent nothing there.",
      {
        code: ErrorCode.UNTRUSTED_URL,
        origin: URL.canParse(url) ? new URL(url).origin : "(not an absolute URL)",
      },
    );
  }
  const total = state.totalBytes;
  const request = async (
    method: "GET" | "POST",
    start: number,
    body: Uint8Array | ReadableStream<Uint8Array> | undefined,
    signal: AbortSignal,
  ) => {
    const response = await context.graph.http.request({
      method,
      url,
      headers: {
        authorization: `OAuth ${token}`,
        ...(method === "POST" ? { file_offset: String(start), "content-length": String(total - start) } : {}),
      },
      ...(body ? { body } : {}),
      secrets: [token],
      idempotent: method === "GET",
      redirect: "manual",
      signal,
      timeoutMs: method === "GET" ? undefined : false,
      what: method === "GET" ? "Facebook upload session status" : "Facebook upload session bytes",
      interpret: (ctx) => metaErrorFromResponse(ctx, "Facebook upload session"),
    });
    return response.data;
  };
  const post = async (start: number, body: Uint8Array | ReadableStream<Uint8Array>, signal: AbortSignal) =>
    handleStep(await request("POST", start, body, signal));
  const probe = async (signal: AbortSignal): Promise<UploadStep<string>> => {
    const data = await request("GET", 0, undefined, signal);
    const parsed = offsetSchema.safeParse(data);
    if (!parsed.success) {
      throw new ResponseShapeError("Unexpected upload session status: no file_offset.", {
        issues: [{ path: ["file_offset"], message: "missing" }],
        body: data,
      });
    }
    return { done: false, offset: parsed.data.file_offset };
  };
  return {
    platform: "meta",
    totalBytes: total,
    sessionUrl: url,
    rangeEnd: () => total,
    send: ({ start, bytes, signal }) => post(start, bytes, signal),
    sendStream: ({ start, body, signal }) => post(start, body, signal),
    probe,
    // Every byte arrived but the handle's answer was lost: ask again with nothing left to send.
    complete: (signal) => post(total, new Uint8Array(0), signal),
    classify: (error, current) => classify(error, current),
    trusts: (candidate) => isSessionUrl(candidate, context),
    resumeState: (offset) => ({ ...state, ids: { ...state.ids }, offset }),
  };
}

function handleStep(data: unknown): UploadStep<string> {
  const handle = (data as { h?: unknown } | undefined)?.h;
  if (typeof handle !== "string" || handle === "") {
    throw new ResponseShapeError("Unexpected upload answer: no file handle (h).", {
      issues: [{ path: ["h"], message: "missing" }],
      body: data,
    });
  }
  return { done: true, result: handle };
}

function classify(error: unknown, state: ResumeState): UploadFailure {
  if (UploadError.isInstance(error) || ValidationError.isInstance(error) || SecurityError.isInstance(error)) {
    return { action: "fatal", error };
  }
  if (PostkitError.isInstance(error) && error.retryable) return { action: "retry" };
  return {
    action: "fatal",
    error: new UploadError(
      "meta: the video upload stopped; its resume state continues it once the cause is dealt with.",
      { code: ErrorCode.UPLOAD_INTERRUPTED, resumeState: state, retryable: false, cause: error },
    ),
  };
}
