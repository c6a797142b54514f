// One status probe of an upload session (`Content-Range: bytes */TOTAL`), for reconciling a
// publish whose outcome was lost
// (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol#Check_Upload_Status).
import { type HttpResponse, PostkitError, ResponseShapeError, ValidationError } from "@postkit/core";
import type { YouTubeContext } from "./context.js";
import { parseGoogleError } from "./errors.js";
import { isTrustedSessionUrl, type UploadedVideo } from "./resumable-upload.js";

/** @internal What the session says. */
export type ProbeAnswer =
  | { kind: "complete"; video: UploadedVideo }
  | { kind: "incomplete"; offset: number }
  | { kind: "gone" };

/** @internal Never followed to a host the access token must not reach. */
export async function probeUploadSession(
  context: YouTubeContext,
  sessionUrl: string,
  total: number,
  accessToken: string,
  signal: AbortSignal | undefined,
): Promise<ProbeAnswer> {
  if (!isTrustedSessionUrl(sessionUrl, context.apiBase) || !Number.isSafeInteger(total) || total <= 0) {
    throw new ValidationError("youtube: the job's upload session is not one postkit can probe.", {
      issues: [{ path: ["ids", "uploadSession"], message: "must be a trusted session URI with its size" }],
    });
  }
  let response: HttpResponse<unknown>;
  try {
    response = await context.http.request<unknown>({
      method: "PUT",
      url: sessionUrl,
      headers: { "content-range": `bytes */${total}` },
      body: new Uint8Array(0),
      accessToken,
      // A probe changes nothing: safe to repeat.
      idempotent: true,
      signal,
      redirect: "manual",
      what: "upload status probe",
      accept: (status) => status === 200 || status === 201 || status === 308,
      interpret: (ctx) => parseGoogleError(ctx, "upload status probe"),
    });
  } catch (error) {
    const status = PostkitError.isInstance(error) ? (error as { status?: unknown }).status : undefined;
    if (status === 404 || status === 410) return { kind: "gone" };
    throw error;
  }
  if (response.status === 308) {
    const range = /^bytes=0-(\d+)$/.exec(response.headers.get("range")?.trim() ?? "");
    return { kind: "incomplete", offset: range ? Number(range[1]) + 1 : 0 };
  }
  const body = response.data as {
    id?: unknown;
    status?: { uploadStatus?: unknown; privacyStatus?: unknown };
  };
  if (typeof body?.id !== "string" || body.id === "") {
    throw new ResponseShapeError("Unexpected upload status probe response: no video id.", {
      issues: [{ path: ["id"], message: "missing" }],
      body,
      status: response.status,
    });
  }
  return {
    kind: "complete",
    video: {
      id: body.id,
      uploadStatus: typeof body.status?.uploadStatus === "string" ? body.status.uploadStatus : undefined,
      privacyStatus: typeof body.status?.privacyStatus === "string" ? body.status.privacyStatus : undefined,
      raw: body,
    },
  };
}
