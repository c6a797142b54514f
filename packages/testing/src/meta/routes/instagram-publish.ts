// `POST /{ig-user-id}/media_publish?creation_id=` and `GET /{ig-user-id}/content_publishing_limit`.
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media_publish ,
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit/ .
import { numericId } from "../instagram-state.js";
import { graphError } from "../errors.js";
import type { ActingAccount } from "../instagram-publishing.js";
import { invalid } from "../instagram-media-rules.js";
import {
  type EmulatedInstagramMedia,
  QUOTA_WINDOW_S,
  quotaUsage,
  statusOf,
} from "../instagram-publishing-state.js";
import type { MetaState } from "../state.js";

/** `media_publish`: a ready container of the account becomes a post, once. */
export function publishMedia(state: MetaState, account: ActingAccount, params: URLSearchParams): Response {
  const id = params.get("creation_id");
  if (!id) return invalid("The parameter creation_id is required.");
  const container = state.instagramPublishing.containers.get(id);
  if (!container || container.igUserId !== account.igUserId)
    return invalid("The media was not found.", 2207006);
  container.publishCalls++;
  if (container.isCarouselItem) return invalid("A carousel item is published through its carousel.", 2207028);
  const status = statusOf(state, container);
  // A second publish of one container: refused (the code is the emulator's choice, UNCONFIRMED).
  if (status === "PUBLISHED") return invalid("The media has already been published.");
  if (status === "EXPIRED") return graphError(400, -2, "The media has expired.", { subcode: 2207020 });
  if (status !== "FINISHED") return graphError(400, 9007, "Media ID is not available", { subcode: 2207027 });
  if (quotaUsage(state, account.igUserId) >= state.instagramPublishing.quotaTotal) {
    return graphError(400, 9, "Application request limit reached", { subcode: 2207042 });
  }
  const now = state.clock.now();
  const mediaId = numericId("178");
  const productType =
    container.mediaType === "STORIES" ? "STORY" : container.mediaType === "REELS" ? "REELS" : "FEED";
  const media: EmulatedInstagramMedia = {
    id: mediaId,
    igUserId: account.igUserId,
    containerId: container.id,
    mediaType:
      container.mediaType === "CAROUSEL" ? "CAROUSEL_ALBUM" : container.params.image_url ? "IMAGE" : "VIDEO",
    mediaProductType: productType,
    caption: container.params.caption,
    permalink:
      productType === "STORY"
        ? `https://www.instagram.com/stories/${account.username}/${mediaId}/`
        : `https://www.instagram.com/${productType === "REELS" ? "reel" : "p"}/${shortcode(mediaId)}/`,
    publishedAt: now,
    children: container.children.map(() => numericId("178")),
  };
  state.instagramPublishing.media.set(mediaId, media);
  container.mediaId = mediaId;
  const times = state.instagramPublishing.published.get(account.igUserId) ?? [];
  times.push(now);
  state.instagramPublishing.published.set(account.igUserId, times);
  const owner = state.pages.find((page) => page.instagram?.id === account.igUserId)?.instagram;
  const profile =
    owner ?? (state.instagram.account.id === account.igUserId ? state.instagram.account : undefined);
  if (profile && productType !== "STORY") profile.mediaCount++;
  return Response.json({ id: mediaId });
}

/** `content_publishing_limit?fields=quota_usage,config&since=`: usage over the moving 24 hours. */
export function publishingLimit(state: MetaState, account: ActingAccount, params: URLSearchParams): Response {
  const since = params.get("since");
  if (since !== null) {
    const at = Number(since) * 1000;
    if (!/^\d{1,12}$/.test(since) || at < state.clock.now() - QUOTA_WINDOW_S * 1000) {
      return invalid("since must be a unix timestamp no older than 24 hours.");
    }
  }
  const fields = (params.get("fields") ?? "quota_usage").split(",");
  const entry: Record<string, unknown> = {};
  for (const field of fields) {
    if (field === "quota_usage") entry.quota_usage = quotaUsage(state, account.igUserId);
    else if (field === "config")
      entry.config = { quota_total: state.instagramPublishing.quotaTotal, quota_duration: QUOTA_WINDOW_S };
    else return invalid(`Tried accessing nonexisting field (${field}) on node type (ContentPublishingLimit)`);
  }
  return Response.json({ data: [entry] });
}

function shortcode(id: string): string {
  return BigInt(id).toString(36).slice(-11);
}
