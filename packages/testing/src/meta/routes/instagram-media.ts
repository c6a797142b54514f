// Instagram containers and media: `POST /{ig-user-id}/media` (image, Reel, Story, carousel item
// and carousel), `GET /{container-id}?fields=status_code,status,video_status`,
// `GET /{ig-user-id}/media` and `GET /{media-id}`.
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media ,
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container .
import { graphError } from "../errors.js";
import type { ActingAccount } from "../instagram-publishing.js";
import {
  checkCaption,
  checkMediaUrl,
  checkThumbOffset,
  checkTrialParams,
  checkUserTags,
  invalid,
  MEDIA_TYPES,
} from "../instagram-media-rules.js";
import { addContainer, type EmulatedContainer, statusOf } from "../instagram-publishing-state.js";
import type { MetaState } from "../state.js";
import { openRupload } from "./rupload.js";

const CAROUSEL_MAX = 10;
const CAROUSEL_MIN = 2;

/** `POST /{ig-user-id}/media`. */
export function createContainer(
  state: MetaState,
  account: ActingAccount,
  params: URLSearchParams,
  ruploadUrl: (containerId: string) => string,
): Response {
  const mediaType = params.get("media_type");
  if (mediaType !== null && !MEDIA_TYPES.has(mediaType))
    return invalid(`Unknown media type ${mediaType}.`, 2207023);
  const carouselItem = params.get("is_carousel_item") === "true";
  if (mediaType === "VIDEO" && !carouselItem) {
    return invalid(
      "The VIDEO media type is no longer supported for single videos; use media_type=REELS.",
      2207089,
    );
  }
  if (carouselItem && (mediaType === "REELS" || mediaType === "STORIES" || mediaType === "CAROUSEL")) {
    return invalid(`A ${mediaType} container cannot be a carousel item.`, 2207028);
  }
  if (carouselItem && (params.has("caption") || params.has("collaborators"))) {
    return invalid("Carousel items take no caption or collaborators: put them on the carousel.");
  }
  const problem =
    checkCaption(params.get("caption")) ??
    checkThumbOffset(params.get("thumb_offset")) ??
    checkUserTags(params.get("user_tags")) ??
    checkTrialParams(params.get("trial_params")) ??
    (params.has("cover_url") ? checkMediaUrl(params.get("cover_url"), "cover") : undefined);
  if (problem) return problem;
  const base = {
    igUserId: account.igUserId,
    host: account.host,
    isCarouselItem: carouselItem,
    params: Object.fromEntries(params),
  };
  const hasImage = params.has("image_url");
  const video = mediaType === "VIDEO" || mediaType === "REELS" || (mediaType === "STORIES" && !hasImage);
  if (mediaType === "CAROUSEL") return carousel(state, account, params, base);
  if (!video) {
    if (params.has("video_url") || params.has("upload_type"))
      return invalid("An image container takes image_url only.");
    const bad = checkMediaUrl(params.get("image_url"), "image");
    if (bad) return bad;
    const container = addContainer(state, {
      ...base,
      mediaType: mediaType === "STORIES" ? "STORIES" : "IMAGE",
      children: [],
      resumable: false,
    });
    return Response.json({ id: container.id });
  }
  if (params.has("alt_text")) return invalid("alt_text is for images only.");
  const resumable = params.get("upload_type") === "resumable";
  if (resumable === params.has("video_url"))
    return invalid("A video container needs one of video_url or upload_type=resumable.");
  if (!resumable) {
    const bad = checkMediaUrl(params.get("video_url"), "video");
    if (bad) return bad;
  } else if (account.host !== "facebook" || !account.pageId) {
    // Meta documents resumable uploads for Facebook Login apps only; refusing it here is the
    // emulator's choice (whether Instagram Login tokens work on rupload is UNCONFIRMED).
    return invalid("upload_type=resumable is only available to apps using Facebook Login for Business.");
  }
  const type = mediaType as "VIDEO" | "REELS" | "STORIES";
  const container = addContainer(state, { ...base, mediaType: type, children: [], resumable });
  if (!resumable) return Response.json({ id: container.id });
  openRupload(state, container.id, "ig-api-upload", account.pageId as string);
  return Response.json({ id: container.id, uri: ruploadUrl(container.id) });
}

function carousel(
  state: MetaState,
  account: ActingAccount,
  params: URLSearchParams,
  base: Omit<
    EmulatedContainer,
    "id" | "createdAt" | "plan" | "publishCalls" | "statusReads" | "mediaType" | "children" | "resumable"
  >,
): Response {
  if (params.has("image_url") || params.has("video_url"))
    return invalid("A carousel takes children, not media URLs.");
  const children = (params.get("children") ?? "").split(",").filter(Boolean);
  if (children.length < CAROUSEL_MIN || children.length > CAROUSEL_MAX) {
    return invalid(
      `A carousel has ${CAROUSEL_MIN} to ${CAROUSEL_MAX} children, not ${children.length}.`,
      2207028,
    );
  }
  for (const id of children) {
    const child = state.instagramPublishing.containers.get(id);
    if (!child || child.igUserId !== account.igUserId || !child.isCarouselItem) {
      return invalid(`Child ${id} is not a carousel item of this account.`, 2207028);
    }
    // The emulator's choice (UNCONFIRMED): a carousel is built from ready children only.
    if (statusOf(state, child) !== "FINISHED") {
      return graphError(400, 9007, "Media ID is not available", { subcode: 2207027 });
    }
  }
  const container = addContainer(state, { ...base, mediaType: "CAROUSEL", children, resumable: false });
  return Response.json({ id: container.id });
}

/** `GET /{container-id}`: `id`, `status_code`, `status` and `video_status`. */
export function containerNode(
  state: MetaState,
  container: EmulatedContainer,
  params: URLSearchParams,
): Response {
  const fields = (params.get("fields") ?? "id").split(",");
  if (fields.includes("status_code")) container.statusReads++;
  const statusCode = statusOf(state, container);
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (field === "id") body.id = container.id;
    else if (field === "status_code") body.status_code = statusCode;
    else if (field === "status")
      body.status =
        statusCode === "ERROR"
          ? container.plan.status
          : statusCode === "FINISHED"
            ? "Finished: Media container is ready to be published"
            : statusCode;
    else if (field === "video_status") {
      // The shape of Meta's generated SDK schema (UNCONFIRMED in its guides).
      const upload = state.ruploads.get(container.id);
      if (upload) {
        body.video_status = {
          uploading_phase: {
            status: upload.complete ? "complete" : upload.received > 0 ? "in_progress" : "not_started",
            bytes_transferred: upload.received,
            source_file_size: upload.fileSize ?? 0,
          },
        };
      }
    } else return invalid(`Tried accessing nonexisting field (${field}) on node type (ShadowIGMediaBuilder)`);
  }
  return Response.json(body);
}

const MEDIA_FIELDS = new Set([
  "id",
  "permalink",
  "timestamp",
  "caption",
  "media_type",
  "media_product_type",
  "children",
]);

/** One media as Graph shows it, with the fields asked for. */
function mediaBody(state: MetaState, id: string, fields: string[]): Record<string, unknown> | Response {
  const media = state.instagramPublishing.media.get(id);
  if (!media) return invalid("The object does not exist.", 2207006);
  const values: Record<string, unknown> = {
    id: media.id,
    permalink: media.permalink,
    // Graph writes times as 2017-08-31T18:10:00+0000.
    timestamp: new Date(media.publishedAt).toISOString().replace(/\.\d{3}Z$/, "+0000"),
    caption: media.caption,
    media_type: media.mediaType,
    media_product_type: media.mediaProductType,
    children: media.children.length ? { data: media.children.map((child) => ({ id: child })) } : undefined,
  };
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (!MEDIA_FIELDS.has(field))
      return invalid(`Tried accessing nonexisting field (${field}) on node type (IGMedia)`);
    if (values[field] !== undefined) body[field] = values[field];
  }
  return body;
}

/** `GET /{media-id}`. */
export function mediaNode(state: MetaState, id: string, params: URLSearchParams): Response {
  const body = mediaBody(state, id, (params.get("fields") ?? "id").split(","));
  return body instanceof Response ? body : Response.json(body);
}

/** `GET /{ig-user-id}/media`: the account's feed media (no Stories), newest first. */
export function listMedia(state: MetaState, account: ActingAccount, params: URLSearchParams): Response {
  const limit = Math.min(Math.max(Number(params.get("limit") ?? 25) || 25, 1), 100);
  const fields = (params.get("fields") ?? "id").split(",");
  const items = [...state.instagramPublishing.media.values()]
    .filter((media) => media.igUserId === account.igUserId && media.mediaProductType !== "STORY")
    .sort((a, b) => b.publishedAt - a.publishedAt)
    .slice(0, limit);
  const data: Record<string, unknown>[] = [];
  for (const media of items) {
    const body = mediaBody(state, media.id, fields);
    if (body instanceof Response) return body;
    data.push(body);
  }
  return Response.json({ data });
}
