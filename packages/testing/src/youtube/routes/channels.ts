// channels.list (mine=true, id= or forHandle=): the account's channel, part by part.
import { admit } from "../bearer.js";
import { etag, type YouTubeContext } from "../context.js";
import { googleError } from "../errors.js";
import { PARTS, parseParts } from "../rules.js";

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

/** The filters channels.list takes, exactly one per call (https://developers.google.com/youtube/v3/docs/channels/list). */
const FILTERS = ["mine", "id", "forHandle", "forUsername", "managedByMe", "mySubscribers", "categoryId"];

export function channelsList(ctx: YouTubeContext, request: Request, url: URL): Response {
  const q = url.searchParams;
  const parts = parseParts(q.get("part"), PARTS.channels);
  if (parts instanceof Response) return parts;
  const filters = FILTERS.filter((name) => q.has(name));
  // Reason names for no filter and for several are UNCONFIRMED in the spec.
  if (filters.length === 0) {
    return googleError(400, "missingRequiredParameter", "No filter selected: mine, id or forHandle.", {
      domain: "youtube.parameter",
    });
  }
  if (filters.length > 1) {
    return googleError(
      400,
      "incompatibleParameters",
      `The filters ${filters.join(", ")} cannot be combined.`,
      {
        domain: "youtube.parameter",
      },
    );
  }
  const filter = filters[0]!;
  if (filter !== "mine" && filter !== "id" && filter !== "forHandle") {
    // A documented filter the emulator does not model (it has one account and one channel).
    return googleError(
      400,
      "unsupportedFilter",
      `The emulator serves channels.list by mine, id or forHandle, not ${filter}.`,
    );
  }
  const auth = admit(ctx, request, "channels.list");
  if (auth instanceof Response) return auth;
  const channel = ctx.state.channel;
  const matches =
    channel !== null &&
    (filter === "mine"
      ? q.get("mine") === "true"
      : filter === "id"
        ? (q.get("id") ?? "").split(",").includes(channel.id)
        : channel.customUrl !== undefined &&
          normalizeHandle(q.get("forHandle") ?? "") === normalizeHandle(channel.customUrl));
  const items = matches ? [channelResource(ctx, parts)] : [];
  return Response.json({
    kind: "youtube#channelListResponse",
    etag: etag(String(items.length)),
    pageInfo: { totalResults: items.length, resultsPerPage: 5 },
    items,
  });
}

/** forHandle takes the handle with or without its `@` (https://developers.google.com/youtube/v3/docs/channels/list). */
function normalizeHandle(handle: string): string {
  return handle.replace(/^@/, "").toLowerCase();
}
