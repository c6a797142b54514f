// The channel's videos, one page at a time, through its uploads playlist
// (https://developers.google.com/youtube/v3/docs/playlistItems/list).
import { type Connection, iteratePages, type Page } from "@postkit/core";
import { fetchChannel } from "./channel.js";
import { type YouTubeContext, withAccessToken } from "./context.js";
import {
  checkPageSize,
  type ListVideosOptions,
  listPlaylistPage,
  parseVideosCursor,
  type YouTubeVideoItem,
} from "./videos.js";

/** Options of {@link YouTube.iterateVideos}. @group Videos */
export interface IterateVideosOptions extends Omit<ListVideosOptions, "cursor"> {
  /** Stop after this many videos. */
  limit?: number | undefined;
}

/** @internal One page; the first one reads the uploads playlist from the channel unless given. */
export async function listVideos(
  context: YouTubeContext,
  connection: Connection,
  options: ListVideosOptions,
): Promise<Page<YouTubeVideoItem>> {
  const pageSize = checkPageSize(options.pageSize);
  const cursor = options.cursor === undefined ? undefined : parseVideosCursor(options.cursor);
  const { signal } = options;
  return withAccessToken(context, connection, "listVideos", signal, async (accessToken) => {
    const playlistId =
      cursor?.playlistId ??
      options.playlistId ??
      (await fetchChannel(context, accessToken, signal)).uploadsPlaylistId;
    return listPlaylistPage(context, accessToken, playlistId, cursor?.pageToken, pageSize, signal);
  });
}

/**
 * @internal Every video, page after page, with core's `iteratePages` (which stops when a page
 * token comes back, rather than looping over the same pages forever).
 */
export async function* iterateVideos(
  context: YouTubeContext,
  connection: Connection,
  options: IterateVideosOptions,
): AsyncGenerator<YouTubeVideoItem, void, undefined> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (limit <= 0) return;
  let yielded = 0;
  for await (const video of iteratePages((cursor) =>
    listVideos(context, connection, { ...options, cursor }),
  )) {
    yield video;
    yielded += 1;
    if (yielded >= limit) return;
  }
}
