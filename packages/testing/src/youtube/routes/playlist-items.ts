// playlistItems.list: the uploads playlist only, newest first, paged with EM<offset> tokens.
import { admit } from "../bearer.js";
import { etag, type YouTubeContext } from "../context.js";
import { googleError } from "../errors.js";
import { PARTS, parseParts } from "../rules.js";

export function playlistItemsList(ctx: YouTubeContext, request: Request, url: URL): Response {
  const { channel, videos } = ctx.state;
  const parts = parseParts(url.searchParams.get("part"), PARTS.playlistItems);
  if (parts instanceof Response) return parts;
  const maxText = url.searchParams.get("maxResults") ?? "5";
  const max = /^\d+$/.test(maxText) ? Number(maxText) : -1;
  if (max < 0 || max > 50) {
    // Reason name UNCONFIRMED in the spec.
    return googleError(400, "invalidParameter", "maxResults must be between 0 and 50.", {
      location: "maxResults",
    });
  }
  const auth = admit(ctx, request, "playlistItems.list");
  if (auth instanceof Response) return auth;
  const playlistId = url.searchParams.get("playlistId");
  if (!channel || playlistId !== channel.uploadsPlaylistId) {
    // Reason name UNCONFIRMED in the spec.
    return googleError(
      404,
      "playlistNotFound",
      "The playlist identified with the request's playlistId parameter cannot be found.",
      {
        domain: "youtube.playlistItem",
      },
    );
  }
  const pageToken = url.searchParams.get("pageToken");
  let start = 0;
  if (pageToken !== null) {
    const decoded = /^EM(\d+)$/.exec(pageToken);
    // Reason name UNCONFIRMED in the spec.
    if (!decoded) return googleError(400, "invalidPageToken", "The request specifies an invalid page token.");
    start = Number(decoded[1]);
  }
  // Newest first (the order of the uploads playlist is not stated in the spec).
  const all = [...videos.values()].filter((video) => !video.deleted).reverse();
  const page = all.slice(start, start + max);
  const next = start + max < all.length && max > 0 ? `EM${start + max}` : undefined;
  const items = page.map((video, index) => {
    const item: Record<string, unknown> = {
      kind: "youtube#playlistItem",
      etag: etag(video.playlistItemId),
      id: video.playlistItemId,
    };
    if (parts.has("snippet")) {
      item.snippet = {
        publishedAt: new Date(video.uploadedAt).toISOString(),
        channelId: channel!.id,
        title: video.snippet.title,
        description: video.snippet.description ?? "",
        playlistId,
        position: start + index,
        resourceId: { kind: "youtube#video", videoId: video.id },
      };
    }
    if (parts.has("contentDetails")) {
      item.contentDetails = {
        videoId: video.id,
        videoPublishedAt: new Date(video.uploadedAt).toISOString(),
      };
    }
    if (parts.has("status")) item.status = { privacyStatus: video.status.privacyStatus };
    return item;
  });
  return Response.json({
    kind: "youtube#playlistItemListResponse",
    etag: etag(`${start}`),
    ...(next ? { nextPageToken: next } : {}),
    ...(start > 0 ? { prevPageToken: `EM${Math.max(0, start - max)}` } : {}),
    pageInfo: { totalResults: all.length, resultsPerPage: max },
    items,
  });
}
