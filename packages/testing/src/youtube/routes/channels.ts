// channels.list (mine=true): the account's channel, part by part.
import { admit } from "../bearer.js";
import { etag, type YouTubeContext } from "../context.js";
import { googleError } from "../errors.js";
import { parseParts } from "../rules.js";

function channelResource(ctx: YouTubeContext, parts: Set<string>): Record<string, unknown> {
  const { channel, videos } = ctx.state;
  const c = channel!;
  const resource: Record<string, unknown> = { kind: "youtube#channel", etag: etag(c.id), id: c.id };
  if (parts.has("snippet")) {
    resource.snippet = {
      title: c.title,
      description: c.description,
      ...(c.customUrl ? { customUrl: c.customUrl } : {}),
      publishedAt: c.publishedAt,
      thumbnails: {
        default: { url: `https://yt3.ggpht.example/${c.id}=s88`, width: 88, height: 88 },
        medium: { url: `https://yt3.ggpht.example/${c.id}=s240`, width: 240, height: 240 },
        high: { url: `https://yt3.ggpht.example/${c.id}=s800`, width: 800, height: 800 },
      },
      localized: { title: c.title, description: c.description },
      ...(c.country ? { country: c.country } : {}),
    };
  }
  if (parts.has("statistics")) {
    resource.statistics = {
      viewCount: c.viewCount,
      // Hidden counts are left out (https://developers.google.com/youtube/v3/docs/channels/list).
      ...(c.hiddenSubscriberCount ? {} : { subscriberCount: c.subscriberCount }),
      hiddenSubscriberCount: c.hiddenSubscriberCount,
      videoCount: String([...videos.values()].filter((video) => !video.deleted).length),
    };
  }
  if (parts.has("contentDetails")) {
    resource.contentDetails = { relatedPlaylists: { likes: "", uploads: c.uploadsPlaylistId } };
  }
  if (parts.has("brandingSettings")) {
    resource.brandingSettings = {
      channel: {
        title: c.title,
        description: c.description,
        ...(c.keywords ? { keywords: c.keywords } : {}),
      },
      ...(c.bannerExternalUrl ? { image: { bannerExternalUrl: c.bannerExternalUrl } } : {}),
    };
  }
  return resource;
}

export function channelsList(ctx: YouTubeContext, request: Request, url: URL): Response {
  const parts = parseParts(url.searchParams.get("part"), [
    "snippet",
    "statistics",
    "contentDetails",
    "brandingSettings",
    "id",
  ]);
  if (parts instanceof Response) return parts;
  if (url.searchParams.get("mine") !== "true") {
    // Reason name UNCONFIRMED in the spec (the emulator serves mine=true only).
    return googleError(
      400,
      "missingRequiredParameter",
      "The emulator supports channels.list with mine=true only.",
    );
  }
  const auth = admit(ctx, request, "channels.list");
  if (auth instanceof Response) return auth;
  const items = ctx.state.channel ? [channelResource(ctx, parts)] : [];
  return Response.json({
    kind: "youtube#channelListResponse",
    etag: etag(String(items.length)),
    pageInfo: { totalResults: items.length, resultsPerPage: 5 },
    items,
  });
}
