// After the upload: processing status, the channel's videos through the uploads playlist (one
// page at a time), update (read-modify-write) and delete
// (https://developers.google.com/youtube/v3/docs/videos, .../playlistItems/list).
import { type Page, parseResponse, ValidationError } from "@postkit/core";
import * as z from "zod/mini";
import type { YouTubeContext } from "./context.js";
import { joinUrl, paths } from "./endpoints.js";
import { parseGoogleError, YouTubeApiError } from "./errors.js";
import {
  metadataIssues,
  toVideoResource,
  type YouTubeVideoOptions,
  type YouTubeVideoResource,
} from "./metadata.js";

/**
 * Where a video stands, in short: `processing` until YouTube finished, then `published` (whatever
 * the privacy) or `failed`.
 * @group Videos
 */
export type YouTubeVideoState = "processing" | "published" | "failed";

/** Where a video stands after upload. @group Videos */
export interface YouTubeVideoStatus {
  /** The video id. */
  id: string;
  /** `uploaded` | `processed` | `failed` | `rejected` | `deleted`. */
  uploadStatus: string | undefined;
  /** `status.privacyStatus`: `public`, `unlisted` or `private`. */
  privacyStatus: string | undefined;
  /** `status.failureReason`: why the upload failed, when `uploadStatus` is `failed`. */
  failureReason: string | undefined;
  /** `status.rejectionReason`: why YouTube rejected the video, when `uploadStatus` is `rejected`. */
  rejectionReason: string | undefined;
  /** `processing` | `succeeded` | `failed` | `terminated`. */
  processingStatus: string | undefined;
  /** `processingDetails.processingFailureReason`: why processing failed, when it did. */
  processingFailureReason: string | undefined;
  /** Summary: `processing` until YouTube finished, then `published` (whatever the privacy) or `failed`. */
  state: YouTubeVideoState;
  /** The video resource as received (`status` and `processingDetails` parts). */
  raw: unknown;
}

/** A video of the channel, from its uploads playlist. @group Videos */
export interface YouTubeVideoItem {
  /** The video id (`contentDetails.videoId`; the playlist item's own id is different). */
  videoId: string;
  /** The playlist item id. */
  itemId: string;
  /** `snippet.title` of the playlist item: the video title. */
  title: string | undefined;
  /** `snippet.description` of the playlist item: the video description. */
  description: string | undefined;
  /** When the video was published (`contentDetails.videoPublishedAt`), or added to the playlist. */
  publishedAt: string | undefined;
  /** `status.privacyStatus` of the playlist item: `public`, `unlisted` or `private`. */
  privacyStatus: string | undefined;
  /** `snippet.position`: the item's position in the uploads playlist. */
  position: number | undefined;
  /** `snippet.thumbnails` by size name (such as `default`, `medium`, `high`); empty when none were sent. */
  thumbnails: Record<
    string,
    {
      /** The image URL. */
      url: string;
      /** Width in pixels, when YouTube sends it. */
      width?: number | undefined;
      /** Height in pixels, when YouTube sends it. */
      height?: number | undefined;
    }
  >;
  /** The playlist item as received. */
  raw: unknown;
}

/** Video fields that can be changed with `updateVideo`; `undefined` keeps the current value. @group Videos */
export type YouTubeVideoUpdate = Partial<Omit<YouTubeVideoOptions, "notifySubscribers">>;

const videoItem = z.looseObject({
  id: z.string(),
  snippet: z.optional(z.looseObject({})),
  status: z.optional(
    z.looseObject({
      uploadStatus: z.optional(z.string()),
      privacyStatus: z.optional(z.string()),
      failureReason: z.optional(z.string()),
      rejectionReason: z.optional(z.string()),
    }),
  ),
  processingDetails: z.optional(
    z.looseObject({
      processingStatus: z.optional(z.string()),
      processingFailureReason: z.optional(z.string()),
    }),
  ),
});

const videoList = z.looseObject({ items: z.optional(z.array(videoItem)) });

const playlistItemList = z.looseObject({
  nextPageToken: z.optional(z.string()),
  items: z.optional(
    z.array(
      z.looseObject({
        id: z.string(),
        snippet: z.optional(
          z.looseObject({
            title: z.optional(z.string()),
            description: z.optional(z.string()),
            publishedAt: z.optional(z.string()),
            position: z.optional(z.number()),
            thumbnails: z.optional(
              z.record(
                z.string(),
                z.looseObject({
                  url: z.string(),
                  width: z.optional(z.number()),
                  height: z.optional(z.number()),
                }),
              ),
            ),
            resourceId: z.optional(z.looseObject({ videoId: z.optional(z.string()) })),
          }),
        ),
        contentDetails: z.optional(
          z.looseObject({ videoId: z.optional(z.string()), videoPublishedAt: z.optional(z.string()) }),
        ),
        status: z.optional(z.looseObject({ privacyStatus: z.optional(z.string()) })),
      }),
    ),
  ),
});

function notFound(id: string): YouTubeApiError {
  // videos.list answers an empty list for an unknown id; the reason below is postkit's own.
  return new YouTubeApiError(`youtube: video ${id} was not found (videos.list returned no item).`, {
    status: 404,
    reason: "videoNotFound",
    retryable: false,
  });
}

async function readVideo(
  context: YouTubeContext,
  accessToken: string,
  id: string,
  part: string,
  signal: AbortSignal | undefined,
): Promise<z.infer<typeof videoItem>> {
  assertVideoId(id);
  const response = await context.http.request({
    method: "GET",
    url: joinUrl(context.apiBase, paths.videos),
    query: { part, id },
    accessToken,
    idempotent: true,
    signal,
    what: "videos.list",
    schema: videoList,
    interpret: (ctx) => parseGoogleError(ctx, "videos.list"),
  });
  const item = response.data.items?.find((candidate) => candidate.id === id);
  if (!item) throw notFound(id);
  return item;
}

function assertVideoId(id: string): void {
  if (typeof id !== "string" || !/^[\w-]+$/.test(id)) {
    throw new ValidationError(`youtube: ${JSON.stringify(id)} is not a video id.`);
  }
}

/** @internal */
export async function getVideoStatus(
  context: YouTubeContext,
  accessToken: string,
  id: string,
  signal?: AbortSignal,
): Promise<YouTubeVideoStatus> {
  const item = await readVideo(context, accessToken, id, "status,processingDetails", signal);
  const uploadStatus = item.status?.uploadStatus;
  const processingStatus = item.processingDetails?.processingStatus;
  let state: YouTubeVideoState = "processing";
  if (
    uploadStatus === "failed" ||
    uploadStatus === "rejected" ||
    uploadStatus === "deleted" ||
    processingStatus === "failed" ||
    processingStatus === "terminated"
  ) {
    state = "failed";
  } else if (uploadStatus === "processed" || processingStatus === "succeeded") {
    state = "published";
  }
  return {
    id: item.id,
    uploadStatus,
    privacyStatus: item.status?.privacyStatus,
    failureReason: item.status?.failureReason,
    rejectionReason: item.status?.rejectionReason,
    processingStatus,
    processingFailureReason: item.processingDetails?.processingFailureReason,
    state,
    raw: item,
  };
}

/** Options of `listVideos`: one page. @group Videos */
export interface ListVideosOptions {
  /** The `nextCursor` of the previous page; the first page when absent. */
  cursor?: string | undefined;
  /** Items per page, 1–50. @default 50 */
  pageSize?: number | undefined;
  /** The uploads playlist; read from the channel when omitted (1 more quota unit, first page only). */
  playlistId?: string | undefined;
  /** Aborts the page request. */
  signal?: AbortSignal | undefined;
}

/**
 * @internal The cursor carries the playlist with Google's page token (`playlistId:pageToken`), so
 * later pages need no channel lookup. Playlist ids never contain `:`.
 */
export function parseVideosCursor(cursor: string): { playlistId: string; pageToken: string } {
  const colon = typeof cursor === "string" ? cursor.indexOf(":") : -1;
  if (colon <= 0 || colon === cursor.length - 1) {
    throw new ValidationError("youtube: the cursor is not one listVideos returned.", {
      issues: [{ path: ["cursor"], message: "expected a nextCursor from listVideos" }],
    });
  }
  return { playlistId: cursor.slice(0, colon), pageToken: cursor.slice(colon + 1) };
}

/** @internal */
export function checkPageSize(pageSize: number | undefined): number {
  const size = pageSize ?? 50;
  if (!Number.isSafeInteger(size) || size < 1 || size > 50) {
    throw new ValidationError("youtube: pageSize must be between 1 and 50 (playlistItems.list maxResults).");
  }
  return size;
}

/** @internal One page of the playlist. */
export async function listPlaylistPage(
  context: YouTubeContext,
  accessToken: string,
  playlistId: string,
  pageToken: string | undefined,
  pageSize: number,
  signal: AbortSignal | undefined,
): Promise<Page<YouTubeVideoItem>> {
  const response = await context.http.request({
    method: "GET",
    url: joinUrl(context.apiBase, paths.playlistItems),
    query: { part: "snippet,contentDetails,status", playlistId, maxResults: pageSize, pageToken },
    accessToken,
    idempotent: true,
    signal,
    what: "playlistItems.list",
    schema: playlistItemList,
    interpret: (ctx) => parseGoogleError(ctx, "playlistItems.list"),
  });
  const items: YouTubeVideoItem[] = [];
  for (const item of response.data.items ?? []) {
    const videoId = item.contentDetails?.videoId ?? item.snippet?.resourceId?.videoId;
    if (!videoId) continue;
    items.push({
      videoId,
      itemId: item.id,
      title: item.snippet?.title,
      description: item.snippet?.description,
      publishedAt: item.contentDetails?.videoPublishedAt ?? item.snippet?.publishedAt,
      privacyStatus: item.status?.privacyStatus,
      position: item.snippet?.position,
      thumbnails: item.snippet?.thumbnails ?? {},
      raw: item,
    });
  }
  const next = response.data.nextPageToken;
  return { items, nextCursor: next ? `${playlistId}:${next}` : undefined };
}

const SNIPPET_FIELDS = [
  "title",
  "description",
  "tags",
  "categoryId",
  "defaultLanguage",
  "defaultAudioLanguage",
] as const;
const STATUS_FIELDS = [
  "privacyStatus",
  "publishAt",
  "selfDeclaredMadeForKids",
  "containsSyntheticMedia",
  "license",
  "embeddable",
  "publicStatsViewable",
] as const;

/**
 * @internal videos.update replaces every mutable property of each part sent and resets the ones
 * left out (https://developers.google.com/youtube/v3/docs), so the current snippet and status are read first and the change merged in.
 */
export async function updateVideo(
  context: YouTubeContext,
  accessToken: string,
  id: string,
  update: YouTubeVideoUpdate,
  signal?: AbortSignal,
): Promise<unknown> {
  checkUpdate(id, update);
  const current = await readVideo(context, accessToken, id, "snippet,status", signal);
  const merged: Record<string, unknown> = {};
  const snippet = (current.snippet ?? {}) as Record<string, unknown>;
  const status = (current.status ?? {}) as Record<string, unknown>;
  for (const field of SNIPPET_FIELDS) if (snippet[field] !== undefined) merged[field] = snippet[field];
  for (const field of STATUS_FIELDS) if (status[field] !== undefined) merged[field] = status[field];
  for (const [field, value] of Object.entries(update)) if (value !== undefined) merged[field] = value;
  // A scheduled time only stays while the video stays private.
  if (
    update.privacyStatus !== undefined &&
    update.privacyStatus !== "private" &&
    update.publishAt === undefined
  ) {
    delete merged.publishAt;
  }
  const resource: YouTubeVideoResource = toVideoResource(merged as unknown as YouTubeVideoOptions);
  const response = await context.http.request({
    method: "PUT",
    url: joinUrl(context.apiBase, paths.videos),
    query: { part: "snippet,status" },
    json: { id, ...resource },
    accessToken,
    // Sending the same full resource twice has the same effect.
    idempotent: true,
    signal,
    what: "videos.update",
    interpret: (ctx) => parseGoogleError(ctx, "videos.update"),
  });
  return parseResponse(videoItem, response.data, { what: "videos.update", status: response.status });
}

/**
 * @internal The id and the change on their own, before any request (a token refresh included):
 * everything but the title (which may stay as it is) is checked as for an upload. What depends on
 * the stored video (`publishAt` on a video that stays public) is checked on the merged result,
 * still before the write.
 */
export function checkUpdate(id: string, update: YouTubeVideoUpdate): void {
  assertVideoId(id);
  if (typeof update !== "object" || update === null) {
    throw new ValidationError("youtube: the update must be an object of video fields.");
  }
  const issues = metadataIssues({
    ...update,
    title: update.title === undefined ? "unchanged" : update.title,
  } as YouTubeVideoOptions);
  if (issues.length === 0) return;
  const summary = issues.map((issue) => issue.message).join("; ");
  throw new ValidationError(`Invalid YouTube video update: ${summary}`, { issues });
}

/** @internal */
export async function deleteVideo(
  context: YouTubeContext,
  accessToken: string,
  id: string,
  signal?: AbortSignal,
): Promise<void> {
  assertVideoId(id);
  await context.http.request({
    method: "DELETE",
    url: joinUrl(context.apiBase, paths.videos),
    query: { id },
    accessToken,
    // Not retried: a repeat after a lost 204 would report the video as not found.
    idempotent: false,
    signal,
    what: "videos.delete",
    interpret: (ctx) => parseGoogleError(ctx, "videos.delete"),
  });
}
