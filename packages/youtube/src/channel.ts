// channels.list?mine=true (https://developers.google.com/youtube/v3/docs/channels/list): the connected account's channel.
import { type Profile, parseResponse } from "@postkit/core";
import * as z from "zod/mini";
import type { YouTubeContext } from "./context.js";
import { joinUrl, paths } from "./endpoints.js";
import { NoChannelError, parseGoogleError } from "./errors.js";

/** One thumbnail size. @group Channel */
export interface YouTubeThumbnail {
  /** The image URL. */
  url: string;
  /** Width in pixels, when YouTube sends it. */
  width?: number | undefined;
  /** Height in pixels, when YouTube sends it. */
  height?: number | undefined;
}

/**
 * The connected channel. Plain JSON (`JSON.stringify` round-trips it). Counts are decimal strings,
 * as the API sends them (uint64): every digit is kept; convert with `BigInt(count)`, or with
 * `Number(count)` when you know it is small.
 * @group Channel
 */
export interface YouTubeChannel extends Profile {
  /** Always `"youtube"`. */
  platform: "youtube";
  /** The channel id (`UC…`). */
  id: string;
  /** The channel title. */
  displayName: string;
  /** The handle without `@`, from `snippet.customUrl`. */
  username?: string | undefined;
  /** `snippet.title`, the channel title (the same as `displayName`). */
  title: string;
  /** `snippet.customUrl` as sent, e.g. `@example` (legacy custom URLs have no `@`). */
  handle: string | undefined;
  /** `snippet.description`; an empty string when the channel has none. */
  description: string;
  /** `snippet.publishedAt`, RFC 3339. */
  publishedAt: string | undefined;
  /** `snippet.country`, when the channel has set one. */
  country: string | undefined;
  /** `snippet.thumbnails`: the channel picture in the sizes YouTube sent (the largest one is also `avatarUrl`). */
  thumbnails: {
    /** The `default` size (the smallest). */
    default?: YouTubeThumbnail;
    /** The `medium` size. */
    medium?: YouTubeThumbnail;
    /** The `high` size (the largest). */
    high?: YouTubeThumbnail;
  };
  /** Decimal string; `undefined` when the channel hides it (`hiddenSubscriberCount`). YouTube rounds it. */
  subscriberCount: string | undefined;
  /** `statistics.hiddenSubscriberCount`: whether the channel hides its subscriber count (`subscriberCount` is then `undefined`). */
  hiddenSubscriberCount: boolean;
  /** `statistics.viewCount`: the channel's total view count, a decimal string; `"0"` when YouTube sends none. */
  viewCount: string;
  /** `statistics.videoCount`: the number of videos on the channel, a decimal string; `"0"` when YouTube sends none. */
  videoCount: string;
  /** The uploads playlist (`UU…`): every video of the channel, for `YouTube.listVideos`. */
  uploadsPlaylistId: string;
  /** From `brandingSettings.channel` (keywords, trailer) and `brandingSettings.image` (banner). */
  branding: {
    /** `brandingSettings.channel.keywords`, the channel keywords as one string, as sent. */
    keywords: string | undefined;
    /** `brandingSettings.image.bannerExternalUrl`, the URL of the channel banner image. */
    bannerUrl: string | undefined;
    /**
     * `brandingSettings.channel.unsubscribedTrailer`, as sent: the channel trailer shown to viewers
     * who are not subscribed (the spec only names the field; meaning and format UNCONFIRMED).
     */
    unsubscribedTrailer: string | undefined;
  };
  /** The channel resource as received (JSON). */
  raw: unknown;
}

const uint64 = z.string().check(z.regex(/^\d+$/));
const thumbnail = z.looseObject({
  url: z.string(),
  width: z.optional(z.number()),
  height: z.optional(z.number()),
});

const channelResource = z.looseObject({
  id: z.string().check(z.minLength(1)),
  snippet: z.looseObject({
    title: z.string(),
    description: z.optional(z.string()),
    customUrl: z.optional(z.string()),
    publishedAt: z.optional(z.string()),
    country: z.optional(z.string()),
    thumbnails: z.optional(
      z.looseObject({
        default: z.optional(thumbnail),
        medium: z.optional(thumbnail),
        high: z.optional(thumbnail),
      }),
    ),
  }),
  statistics: z.optional(
    z.looseObject({
      viewCount: z.optional(uint64),
      subscriberCount: z.optional(uint64),
      hiddenSubscriberCount: z.optional(z.boolean()),
      videoCount: z.optional(uint64),
    }),
  ),
  contentDetails: z.looseObject({
    relatedPlaylists: z.looseObject({ uploads: z.string().check(z.minLength(1)) }),
  }),
  brandingSettings: z.optional(
    z.looseObject({
      channel: z.optional(
        z.looseObject({ keywords: z.optional(z.string()), unsubscribedTrailer: z.optional(z.string()) }),
      ),
      image: z.optional(z.looseObject({ bannerExternalUrl: z.optional(z.string()) })),
    }),
  ),
});

const channelListResponse = z.looseObject({ items: z.optional(z.array(z.unknown())) });

/** @internal */
export async function fetchChannel(
  context: Pick<YouTubeContext, "http" | "apiBase">,
  accessToken: string,
  signal?: AbortSignal,
): Promise<YouTubeChannel> {
  const response = await context.http.request({
    method: "GET",
    url: joinUrl(context.apiBase, paths.channels),
    query: { part: "snippet,statistics,contentDetails,brandingSettings", mine: "true" },
    accessToken,
    idempotent: true,
    signal,
    what: "channels.list",
    schema: channelListResponse,
    interpret: (response) => parseGoogleError(response, "channels.list"),
  });
  const first = response.data.items?.[0];
  if (first === undefined) {
    // The list came with HTTP 200: no HTTP error happened, so no status.
    throw new NoChannelError(
      "youtube: the Google account has no YouTube channel (channels.list?mine=true returned no items).",
    );
  }
  return toChannel(
    parseResponse(channelResource, first, {
      what: "channels.list item",
      status: response.status,
      secrets: [accessToken],
    }),
  );
}

function toChannel(resource: z.infer<typeof channelResource>): YouTubeChannel {
  const { snippet, statistics } = resource;
  const hidden = statistics?.hiddenSubscriberCount === true;
  const handle = snippet.customUrl;
  const thumbnails = snippet.thumbnails ?? {};
  const avatar = thumbnails.high ?? thumbnails.medium ?? thumbnails.default;
  return {
    platform: "youtube",
    id: resource.id,
    displayName: snippet.title,
    username: handle?.replace(/^@/, ""),
    avatarUrl: avatar?.url,
    // Channel page URL pattern: not in the spec (UNCONFIRMED), the long-standing /channel/{id} form.
    profileUrl: `https://www.youtube.com/channel/${encodeURIComponent(resource.id)}`,
    title: snippet.title,
    handle,
    description: snippet.description ?? "",
    publishedAt: snippet.publishedAt,
    country: snippet.country,
    thumbnails: {
      ...(thumbnails.default ? { default: thumbnails.default } : {}),
      ...(thumbnails.medium ? { medium: thumbnails.medium } : {}),
      ...(thumbnails.high ? { high: thumbnails.high } : {}),
    },
    subscriberCount:
      hidden || statistics?.subscriberCount === undefined ? undefined : canonical(statistics.subscriberCount),
    hiddenSubscriberCount: hidden,
    viewCount: canonical(statistics?.viewCount ?? "0"),
    videoCount: canonical(statistics?.videoCount ?? "0"),
    uploadsPlaylistId: resource.contentDetails.relatedPlaylists.uploads,
    branding: {
      keywords: resource.brandingSettings?.channel?.keywords,
      bannerUrl: resource.brandingSettings?.image?.bannerExternalUrl,
      unsubscribedTrailer: resource.brandingSettings?.channel?.unsubscribedTrailer,
    },
    raw: resource,
  };
}

/** A uint64 string without leading zeros, so equal counts compare equal as strings. */
function canonical(digits: string): string {
  return digits.replace(/^0+(?=\d)/, "");
}
