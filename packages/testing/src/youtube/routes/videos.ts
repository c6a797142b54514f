// videos.list (with processing advanced by status reads), videos.update and videos.delete.
import { admit } from "../bearer.js";
import { etag, type YouTubeContext } from "../context.js";
import { googleError, videoNotFound } from "../errors.js";
import { parseParts, validateResource } from "../rules.js";
import type { YouTubeEmulatorVideo } from "../state.js";

/** Ends processing once the `processingAfter…` options say it is due. */
function refreshProcessing(ctx: YouTubeContext, video: YouTubeEmulatorVideo): void {
  const { options, clock } = ctx;
  if (video.processingDetails.processingStatus !== "processing") return;
  const afterPolls = options.processingAfterPolls ?? 2;
  const afterMs = options.processingAfterMs;
  const due =
    video.statusReads >= afterPolls || (afterMs !== undefined && clock.now() >= video.uploadedAt + afterMs);
  if (!due) return;
  if ((options.processingOutcome ?? "succeeded") === "succeeded") {
    video.status.uploadStatus = "processed";
    video.processingDetails = { processingStatus: "succeeded" };
  } else {
    // The spec names failureReason and processingFailureReason but not their values: these are UNCONFIRMED.
    video.status.uploadStatus = "failed";
    video.status.failureReason = "codec";
    video.processingDetails = { processingStatus: "failed", processingFailureReason: "transcodeFailed" };
  }
}

/** The video as the API answers it, with the parts asked for. */
export function videoResource(video: YouTubeEmulatorVideo, parts: Set<string>): Record<string, unknown> {
  const resource: Record<string, unknown> = { kind: "youtube#video", etag: etag(video.id), id: video.id };
  if (parts.has("snippet")) resource.snippet = { ...video.snippet };
  if (parts.has("status")) resource.status = { ...video.status };
  if (parts.has("processingDetails")) resource.processingDetails = { ...video.processingDetails };
  if (parts.has("statistics")) resource.statistics = { viewCount: "0", likeCount: "0", commentCount: "0" };
  return resource;
}

export function videosList(ctx: YouTubeContext, request: Request, url: URL): Response {
  const { videos } = ctx.state;
  const parts = parseParts(url.searchParams.get("part"), [
    "snippet",
    "status",
    "processingDetails",
    "statistics",
    "contentDetails",
    "id",
  ]);
  if (parts instanceof Response) return parts;
  const ids = (url.searchParams.get("id") ?? "").split(",").filter(Boolean);
  if (ids.length === 0 || ids.length > 50) {
    // Reason name UNCONFIRMED in the spec.
    return googleError(
      400,
      "missingRequiredParameter",
      "The emulator supports videos.list with 1 to 50 ids.",
    );
  }
  const auth = admit(ctx, request, "videos.list");
  if (auth instanceof Response) return auth;
  const items: Record<string, unknown>[] = [];
  for (const id of ids) {
    const video = videos.get(id);
    if (!video || video.deleted) continue;
    if (parts.has("status") || parts.has("processingDetails")) {
      video.statusReads += 1;
      refreshProcessing(ctx, video);
    }
    items.push(videoResource(video, parts));
  }
  return Response.json({
    kind: "youtube#videoListResponse",
    etag: etag(ids.join()),
    pageInfo: { totalResults: items.length, resultsPerPage: items.length },
    items,
  });
}

export async function videosUpdate(ctx: YouTubeContext, request: Request, url: URL): Promise<Response> {
  const { videos } = ctx.state;
  const parts = parseParts(url.searchParams.get("part"), ["snippet", "status"]);
  if (parts instanceof Response) return parts;
  const auth = admit(ctx, request, "videos.update");
  if (auth instanceof Response) return auth;
  let body: { id?: unknown; snippet?: unknown; status?: unknown };
  try {
    body = JSON.parse(await request.text()) as typeof body;
  } catch {
    // Reason name UNCONFIRMED in the spec.
    return googleError(400, "parseError", "The request body is not JSON.");
  }
  const video = typeof body.id === "string" ? videos.get(body.id) : undefined;
  if (!video || video.deleted) return videoNotFound();
  const checked = validateResource(
    { snippet: parts.has("snippet") ? body.snippet : video.snippet, status: body.status ?? {} },
    parts.has("snippet"),
  );
  if (checked instanceof Response) return checked;
  // Every mutable property of each part sent is replaced; those left out are reset (https://developers.google.com/youtube/v3/docs).
  if (parts.has("snippet")) {
    const { channelId, publishedAt } = video.snippet;
    video.snippet = { ...checked.snippet, channelId, publishedAt };
  }
  if (parts.has("status")) {
    const { uploadStatus, failureReason } = video.status;
    // What an omitted privacyStatus resets to is UNCONFIRMED; "public" makes a lost value visible.
    video.status = {
      privacyStatus: "public",
      ...checked.status,
      uploadStatus,
      ...(failureReason ? { failureReason } : {}),
    };
  }
  return Response.json(videoResource(video, parts));
}

export function videosDelete(ctx: YouTubeContext, request: Request, url: URL): Response {
  const { videos } = ctx.state;
  const auth = admit(ctx, request, "videos.delete");
  if (auth instanceof Response) return auth;
  const video = videos.get(url.searchParams.get("id") ?? "");
  if (!video || video.deleted) return videoNotFound();
  video.deleted = true;
  return new Response(null, { status: 204 });
}
