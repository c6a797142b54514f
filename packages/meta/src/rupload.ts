// Meta's rupload host as a core upload protocol: the bytes of a Facebook Page Reel
// (`/video-upload/{ver}/{video_id}`) or of an Instagram container (`/ig-api-upload/{ver}/{id}`)
// POSTed with `Authorization: OAuth`, `offset` and `file_size` headers, `{"success":true}` once
// every byte arrived (https://developers.facebook.com/docs/video-api/guides/reels-publishing/ ,
// https://developers.facebook.com/docs/instagram-platform/content-publishing/resumable-uploads).
//
// Meta documents one request whose body is the file from `offset` to its end; its samples only
// send `offset: 0`. So postkit streams the rest of the file in one request (the engine's `stream`
// mode) and, after an interruption, asks how many bytes arrived (`readOffset`: for Reels the
// video's `status.uploading_phase.bytes_transferred`) and sends the rest from there with that
// `offset` and the same `file_size`. Resending from a later offset is UNCONFIRMED in Meta's text
// (the obvious use of the header, not documented end to end).
import {
  ErrorCode,
  PlatformError,
  PostkitError,
  type ResponseContext,
  ResponseShapeError,
  type ResumeState,
  redactValue,
  SecurityError,
  type UploadFailure,
  type UploadProtocol,
  type UploadStep,
  UploadError,
  ValidationError,
} from "@postkit/core";
import type { MetaContext } from "./context.js";
import { assertMetaUrl, isMetaUrl } from "./endpoints.js";
import { metaErrorFromResponse } from "./errors.js";

/** What {@link ruploadProtocol} produces once Meta confirmed every byte. @group Uploads */
export interface RuploadResult {
  /** `true`: Meta answered `{"success":true}`, or reported every byte received after a lost answer. */
  success: true;
  /** Meta's `message` (Instagram's "Upload successful."), when it sent one. */
  message?: string | undefined;
}

/** The input of {@link ruploadProtocol}. @group Uploads */
export interface RuploadInput {
  /**
   * The upload URL Meta handed out: a Reel's `upload_url`, or an Instagram container's `uri`
   * (prefer it to a URL built by hand). Must be `https://rupload.facebook.com/video-upload/…` or
   * `/ig-api-upload/…` (or under the configured `rupload` base URL, e.g. an emulator's).
   */
  uploadUrl: string;
  /** The Page token (sent as `Authorization: OAuth …`, never in the URL). */
  accessToken: string;
  /** The size of the whole file in bytes (the `file_size` header). */
  fileSize: number;
  /**
   * Reads how many bytes Meta holds, to resume from there: run before a resumed upload's first
   * request and after every interruption.
   */
  readOffset: (signal?: AbortSignal) => Promise<number>;
  /** The client's context: its HTTP pipeline and configured base URLs. */
  context: Pick<MetaContext, "graph" | "baseUrls">;
  /** What the resume state keeps besides the URL and offsets, e.g. `{ ids: { videoId, pageId }, extra: { flow: "facebook-reel" } }`. */
  resume: { ids: Record<string, string>; extra?: Record<string, string | number | boolean> | undefined };
  /** Time limit of one request; `false` (the default) for none (the engine's idle timeout still applies). */
  timeoutMs?: number | false | undefined;
}

/** `{"debug_info":{"retriable","type","message"}}`: how rupload reports a refused upload. */
class RuploadRefused extends PlatformError {
  constructor(message: string, options: ConstructorParameters<typeof PlatformError>[1]) {
    super(message, options);
    this.name = "RuploadRefused";
  }
}

/**
 * Meta's rupload protocol for core's `runUpload` (run it with `mode: "stream"`: one request per
 * attempt carrying the rest of the file; `chunked` mode would hold that rest in memory). Checks
 * the input before any request: the URL on Meta's rupload host and paths, a token, a positive
 * size. Every request carries `Authorization: OAuth <token>`, `offset` and `file_size`; it never
 * follows a redirect. A transient failure (network, 5xx, `debug_info.retriable: true`) is waited
 * out, then `readOffset` says where to continue; anything else stops with an `UploadError` whose
 * `resumeState` continues the same upload later.
 *
 * @example
 * ```ts
 * const protocol = ruploadProtocol({ uploadUrl, accessToken, fileSize: source.size, readOffset, context, resume });
 * await runUpload(protocol, { source, mode: "stream" });
 * ```
 * @group Uploads
 */
export function ruploadProtocol(input: RuploadInput): UploadProtocol<RuploadResult> {
  const { uploadUrl, accessToken, fileSize, readOffset, context } = input;
  assertMetaUrl(uploadUrl, "rupload", context.baseUrls, "meta: the rupload URL");
  if (!Number.isSafeInteger(fileSize) || fileSize <= 0) {
    throw new ValidationError(`meta: ${fileSize} is not a file size for an upload.`, {
      issues: [{ path: ["fileSize"], message: "must be a positive integer" }],
    });
  }
  if (typeof accessToken !== "string" || accessToken === "") {
    throw new ValidationError("meta: the rupload upload needs the Page access token.", {
      issues: [{ path: ["accessToken"], message: "required" }],
    });
  }
  const resumeState = (offset: number): ResumeState => ({
    version: 1,
    platform: "meta",
    sessionUrl: uploadUrl,
    ids: { ...input.resume.ids },
    offset,
    totalBytes: fileSize,
    ...(input.resume.extra ? { extra: { ...input.resume.extra } } : {}),
  });
  const post = async (
    start: number,
    body: Uint8Array | ReadableStream<Uint8Array>,
    length: number,
    signal: AbortSignal,
  ): Promise<UploadStep<RuploadResult>> => {
    const response = await context.graph.http.request({
      method: "POST",
      url: uploadUrl,
      headers: {
        authorization: `OAuth ${accessToken}`,
        offset: String(start),
        file_size: String(fileSize),
        "content-type": "application/octet-stream",
        "content-length": String(length),
      },
      body,
      secrets: [accessToken],
      // The engine repeats after asking Meta what arrived; a blind repeat could skew the offset.
      idempotent: false,
      redirect: "manual",
      signal,
      timeoutMs: input.timeoutMs ?? false,
      what: "rupload upload",
      interpret: interpretRupload,
    });
    return toStep(response.data, response.status);
  };
  const probe = async (signal: AbortSignal): Promise<UploadStep<RuploadResult>> => ({
    done: false,
    offset: await readOffset(signal),
  });
  return {
    platform: "meta",
    totalBytes: fileSize,
    sessionUrl: uploadUrl,
    // One request carries the rest of the file (the documented shape).
    rangeEnd: () => fileSize,
    send: ({ start, end, bytes, signal }) => post(start, bytes, end - start, signal),
    sendStream: ({ start, end, body, signal }) => post(start, body, end - start, signal),
    probe,
    // Every byte is on Meta's side but its answer was lost: Meta saying so is the completion.
    async complete(signal) {
      const held = await readOffset(signal);
      if (held === fileSize) return { done: true, result: { success: true } };
      return { done: false, offset: held };
    },
    classify: (error, state) => classify(error, state),
    trusts: (url) => isMetaUrl(url, "rupload", context.baseUrls),
    resumeState,
  };
}

/** Reads a rupload error body: Graph's `{"error":…}` first, then `{"debug_info":…}`. */
function interpretRupload(context: ResponseContext): PostkitError | undefined {
  const graph = metaErrorFromResponse(context, "rupload upload");
  if (graph) return graph;
  const info = (context.body as { debug_info?: unknown } | undefined)?.debug_info;
  if (typeof info !== "object" || info === null) return undefined;
  const { retriable, type, message } = info as Record<string, unknown>;
  const kind = typeof type === "string" && type !== "" ? type.slice(0, 60) : "UnknownError";
  // One sentence: Meta's first, short, without its stop.
  const text = typeof message === "string" ? String(redactValue(message, context.secrets)) : "";
  const first = (text.split(/(?<=[.!?])\s+/)[0] ?? "").slice(0, 200).replace(/[.!?\s]+$/, "");
  const said = first ? `: ${first}` : "";
  return new RuploadRefused(`meta: rupload refused the upload (${kind}${said}).`, {
    platform: "meta",
    platformCode: kind,
    status: context.status,
    retryable: retriable === true,
    body: redactValue(context.body, context.secrets),
    hint:
      kind === "ProcessingFailedError"
        ? "Check the Authorization header's token (the Page token of the account) and the upload URL."
        : undefined,
  });
}

const successSchema = (body: unknown): body is { success: true; message?: unknown } =>
  typeof body === "object" && body !== null && (body as { success?: unknown }).success === true;

function toStep(body: unknown, status: number): UploadStep<RuploadResult> {
  if (!successSchema(body)) {
    throw new ResponseShapeError('Unexpected rupload answer: no "success": true.', {
      issues: [{ path: ["success"], message: "expected true" }],
      body,
      status,
    });
  }
  const message = typeof body.message === "string" ? body.message.slice(0, 200) : undefined;
  return { done: true, result: { success: true, ...(message ? { message } : {}) } };
}

function classify(error: unknown, state: ResumeState): UploadFailure {
  if (UploadError.isInstance(error) || ValidationError.isInstance(error) || SecurityError.isInstance(error)) {
    return { action: "fatal", error };
  }
  if (PostkitError.isInstance(error) && error.retryable) return { action: "retry" };
  // Meta has no token refresh: a refused token stops with the state to continue once reconnected.
  const reconnect = PostkitError.isInstance(error) && error.code === ErrorCode.ACCESS_TOKEN_INVALID;
  return {
    action: "fatal",
    error: new UploadError(
      "meta: the upload to rupload stopped; its resume state continues it once the cause is dealt with.",
      {
        code: ErrorCode.UPLOAD_INTERRUPTED,
        resumeState: state,
        retryable: false,
        hint: reconnect
          ? "The token was refused: have the user connect again, then resume with the new Page connection."
          : "See `cause` for Meta's answer.",
        cause: error,
      },
    ),
  };
}
