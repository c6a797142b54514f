// videos.list (with processing advanced by status reads), videos.update and videos.delete.
import { admit } from "../bearer.js";
import { etag, type YouTubeContext } from "../context.js";
import { googleError, videoNotFound } from "../errors.js";
import { PARTS, parseParts, validateResource } from "../rules.js";
import type { YouTubeEmulatorVideo } from "../state.js";

/** Ends processing once the `processingAfter…` options (or the `late-processing-failure` preset) say it is due. */
function refreshProcessing(ctx: YouTubeContext, video: YouTubeEmulatorVideo): void {
  const { options, clock, state } = ctx;
  if (video.processingDetails.processingStatus !== "processing") return;
  const late = state.lateFailureAfterReads;
  const afterMs = options.processingAfterMs;
  // The preset's reads all report progress; the one after them reports the failure.
  const due =
    late !== undefined
      ? video.statusReads > late
      : video.statusReads >= (options.processingAfterPolls ?? 2) ||
        (afterMs !== undefined && clock.now() >= video.uploadedAt + afterMs);
  if (!due) return;
  if (late === undefined && (options.processingOutcome ?? "succeeded") === "succeeded") {
    video.status.uploadStatus = "processed";
    video.processingDetails = { processingStatus: "succeeded" };
  } else {
    // The spec names failureReason and processingFailureReason but not their values: these are UNCONFIRMED.
    video.status.uploadStatus = "failed";
    video.status.failureReason = "codec";
    video.processingDetails = { processingStatus: "failed", processingFailureReason: "transcodeFailed" };
  }
}

/**
 * The video as the API answers it, with the parts asked for: the snippet with the fields YouTube
 * adds (channelTitle, thumbnails, liveBroadcastContent, localized), the status with its defaults
 * (license, embeddable, publicStatsViewable, madeForKids) and processingDetails with its progress
 * (https://developers.google.com/youtube/v3/docs/videos). Parts the emulator does not model are
 * left out.
 */
export function videoResource(
  ctx: YouTubeContext,
  video: YouTubeEmulatorVideo,
  parts: ReadonlySet<string>,
): Record<string, unknown> {
  const resource: Record<string, unknown> = { kind: "youtube#video", etag: etag(video.id), id: video.id };
  if (parts.has("snippet")) resource.snippet = snippetOf(ctx, video);
  if (parts.has("status")) resource.status = statusOf(video);
  if (parts.has("processingDetails")) resource.processingDetails = processingOf(ctx, video);
  if (parts.has("statistics")) {
    resource.statistics = { viewCount: "0", likeCount: "0", favoriteCount: "0", commentCount: "0" };
  }
  return resource;
}

function snippetOf(ctx: YouTubeContext, video: YouTubeEmulatorVideo): Record<string, unknown> {
  const { snippet } = video;
  const base = `https://i.ytimg.example/vi/${video.id}`;
  const description = typeof snippet.description === "string" ? snippet.description : "";
  return {
    publishedAt: snippet.publishedAt,
    channelId: snippet.channelId,
    ...snippet,
    description,
    thumbnails: {
      default: { url: `${base}/default.jpg`, width: 120, height: 90 },
      medium: { url: `${base}/mqdefault.jpg`, width: 320, height: 180 },
      high: { url: `${base}/hqdefault.jpg`, width: 480, height: 360 },
    },
    channelTitle: ctx.state.channel?.title ?? "",
    liveBroadcastContent: "none",
    localized: { title: snippet.title, description },
  };
}

function statusOf(video: YouTubeEmulatorVideo): Record<string, unknown> {
  const { status } = video;
  const declared = status.selfDeclaredMadeForKids;
  return {
    license: "youtube",
    embeddable: true,
    publicStatsViewable: true,
    ...status,
    // madeForKids is read-only: YouTube sets it, here from the channel owner's declaration.
    madeForKids: declared === true,
  };
}

/**
 * processingDetails as videos.list answers it. While processing, `processingProgress` counts
 * parts of an arbitrary 1000 that advance with each status read, and the availability fields
 * say `inProgress`; after success, `available`. These values are UNCONFIRMED in the spec (the
 * fields are documented, their values during processing are not): the emulator's choice.
 */
function processingOf(ctx: YouTubeContext, video: YouTubeEmulatorVideo): Record<string, unknown> {
  const { processingStatus } = video.processingDetails;
  const availability = processingStatus === "succeeded" ? "available" : "inProgress";
  const details: Record<string, unknown> = { ...video.processingDetails };
  if (processingStatus === "processing") {
    const expected = Math.max(1, ctx.state.lateFailureAfterReads ?? ctx.options.processingAfterPolls ?? 2);
    const done = Math.min(999, Math.round((video.statusReads / (expected + 1)) * 1000));
    details.processingProgress = { partsTotal: "1000", partsProcessed: String(done), timeLeftMs: "0" };
  }
  if (processingStatus !== "failed") {
    details.fileDetailsAvailability = availability;
    details.processingIssuesAvailability = availability;
    details.tagSuggestionsAvailability = availability;
    details.editorSuggestionsAvailability = availability;
    details.thumbnailsAvailability = availability;
  }
  return details;
}

export function videosList(ctx: YouTubeContext, request: Request, url: URL): Response {
  const { videos } = ctx.state;
  const parts = parseParts(url.searchParams.get("part"), PARTS.videos);
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
    items.push(videoResource(ctx, video, parts));
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
  const parts = parseParts(url.searchParams.get("part"), PARTS.videos);
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
  return Response.json(videoResource(ctx, video, parts));
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
