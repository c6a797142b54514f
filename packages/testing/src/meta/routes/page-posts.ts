// Page posts and photos: `POST /{page-id}/feed` (message, link, published,
// scheduled_publish_time, attached_media) and `POST /{page-id}/photos` (url or multipart source,
// message, published) (https://developers.facebook.com/docs/pages-api/posts ,
// https://developers.facebook.com/docs/graph-api/reference/page/photos/).
// Emulator choices: `attached_media` as indexed fields (`attached_media[0]={"media_fbid":…}`) or
// one JSON array; a published photo answers `{id, post_id}`; a photo over 4 MB or not JPEG/PNG is
// 100/1366046; the scheduling errors are code 100.
import { createHash } from "node:crypto";
import { mintId } from "../../harness/secrets.js";
import { graphError, invalidParameter } from "../errors.js";
import { pageFor, readParams } from "../page-state.js";
import type { IssuedToken, MetaState } from "../state.js";

/** Meta: "between 10 minutes and 30 days from the time of the API request". */
const MIN_S = 10 * 60;
const MAX_S = 30 * 24 * 60 * 60;
const PHOTO_MAX_BYTES = 4 * 1024 * 1024;

/** Reads `scheduled_publish_time` as unix seconds (a number or an ISO-8601 date). */
export function scheduleSeconds(value: string): number | undefined {
  if (/^\d{9,11}$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** Checks `scheduled_publish_time` against Meta's window; the error response when it is off. */
export function checkSchedule(state: MetaState, raw: string): number | Response {
  const at = scheduleSeconds(raw);
  const now = Math.floor(state.clock.now() / 1000);
  if (at === undefined || at < now + MIN_S || at > now + MAX_S) {
    return invalidParameter(
      "(#100) The specified scheduled publish time is invalid: it must be between 10 minutes and 30 days from now.",
    );
  }
  return at;
}

function attachedMedia(params: Map<string, string>): string[] | Response {
  const entries: string[] = [];
  const whole = params.get("attached_media");
  const raw: unknown[] = [];
  try {
    if (whole !== undefined) raw.push(...(JSON.parse(whole) as unknown[]));
    for (let index = 0; params.has(`attached_media[${index}]`); index++) {
      raw.push(JSON.parse(params.get(`attached_media[${index}]`)!));
    }
  } catch {
    return invalidParameter("(#100) param attached_media must be an array of objects with media_fbid");
  }
  for (const item of raw) {
    const id = (item as { media_fbid?: unknown } | null)?.media_fbid;
    if (typeof id !== "string" || id === "")
      return invalidParameter("(#100) param attached_media must be an array of objects with media_fbid");
    entries.push(id);
  }
  return entries;
}

/** `POST /{page-id}/feed`. */
export async function pageFeed(
  state: MetaState,
  token: IssuedToken,
  pageId: string,
  request: Request,
): Promise<Response> {
  const page = pageFor(state, token, pageId, "pages_manage_posts");
  if (page instanceof Response) return page;
  const { params } = await readParams(request);
  const message = params.get("message");
  const link = params.get("link");
  const media = attachedMedia(params);
  if (media instanceof Response) return media;
  if (!message && !link && media.length === 0) {
    return invalidParameter("(#100) The post is empty: give message, link or attached_media");
  }
  for (const id of media) {
    const photo = state.publishing.photos.get(id);
    if (!photo || photo.pageId !== pageId || photo.published || photo.postId) {
      return invalidParameter(
        `(#100) attached_media ${id.slice(0, 40)} is not an unpublished photo of this Page`,
      );
    }
  }
  const published = params.get("published") !== "false";
  const scheduledRaw = params.get("scheduled_publish_time");
  let scheduledPublishTime: number | undefined;
  if (scheduledRaw !== undefined) {
    if (published)
      return invalidParameter("(#100) scheduled_publish_time can only be set when published is false");
    const at = checkSchedule(state, scheduledRaw);
    if (at instanceof Response) return at;
    scheduledPublishTime = at;
  }
  const id = `${pageId}_${mintId("")}`;
  state.publishing.posts.set(id, {
    id,
    pageId,
    message,
    link,
    published,
    scheduledPublishTime,
    attachedMedia: media,
  });
  for (const photoId of media) state.publishing.photos.get(photoId)!.postId = id;
  return Response.json(withFields(params, { id }));
}

/** `POST /{page-id}/photos`. */
export async function pagePhotos(
  state: MetaState,
  token: IssuedToken,
  pageId: string,
  request: Request,
): Promise<Response> {
  const page = pageFor(state, token, pageId, "pages_manage_posts");
  if (page instanceof Response) return page;
  const { params, files } = await readParams(request);
  const url = params.get("url");
  const source = files.get("source");
  if ((url === undefined) === (source === undefined)) {
    return invalidParameter("(#100) Give exactly one of url and source");
  }
  let upload: { size: number; sha256: string; type: string } | undefined;
  if (source) {
    const bytes = new Uint8Array(await source.arrayBuffer());
    if (bytes.byteLength > PHOTO_MAX_BYTES || !["image/jpeg", "image/png"].includes(source.type)) {
      return graphError(400, 100, "(#100) The photo must be a JPG or PNG smaller than 4 MB", {
        subcode: 1366046,
      });
    }
    upload = {
      size: bytes.byteLength,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      type: source.type,
    };
  } else if (!/^https:\/\//.test(url!)) {
    return invalidParameter("(#100) url should represent a valid URL", 2061006);
  }
  const published = params.get("published") !== "false";
  const id = mintId("");
  const postId = published ? `${pageId}_${mintId("")}` : undefined;
  state.publishing.photos.set(id, {
    id,
    pageId,
    url,
    upload,
    message: params.get("message"),
    published,
    postId,
  });
  if (postId) {
    state.publishing.posts.set(postId, {
      id: postId,
      pageId,
      message: params.get("message"),
      published: true,
      attachedMedia: [id],
    });
  }
  return Response.json(postId ? { id, post_id: postId } : { id });
}

/** `fields=id,permalink_url` on a write adds the permalink (as postiz asks). */
function withFields(params: Map<string, string>, body: { id: string }): Record<string, string> {
  const fields = new Set((params.get("fields") ?? "").split(","));
  if (!fields.has("permalink_url")) return body;
  const [pageId, postId] = body.id.split("_");
  return { ...body, permalink_url: `https://www.facebook.com/${pageId}/posts/${postId}` };
}
