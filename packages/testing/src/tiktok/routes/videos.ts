// Display API: video/list (cursor paging by create_time) and video/query (by id), the token's own
// videos only.
import type { Authorized } from "../context.js";
import { readJson } from "../context.js";
import { needScope } from "../bearer.js";
import { fail, methodNotAllowed, ok } from "../errors.js";
import { VIDEO_FIELDS } from "../rules.js";
import type { TikTokEmulatedVideo } from "../state.js";

export async function videoList(request: Request, auth: Authorized): Promise<Response> {
  if (request.method !== "POST") return methodNotAllowed();
  const denied = needScope(auth.record, "video.list");
  if (denied) return denied;
  const fields = videoFields(request);
  if (typeof fields === "string") return fail(400, "invalid_params", fields);
  const body = await readJson(request);
  if (body === undefined) return fail(400, "invalid_params", "The body must be JSON");
  const maxCount = body.max_count ?? 10;
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > 20) {
    return fail(400, "invalid_params", "max_count must be 1-20");
  }
  const cursor = body.cursor;
  if (cursor !== undefined && (!Number.isInteger(cursor) || cursor < 0)) {
    return fail(400, "invalid_params", "cursor must be a timestamp in milliseconds");
  }
  const eligible = auth.record.account.videos.filter(
    (video) => cursor === undefined || video.create_time * 1000 < cursor,
  );
  const page = eligible.slice(0, maxCount);
  const last = page[page.length - 1];
  return ok({
    videos: page.map((video) => pick(video, fields)),
    cursor: last ? last.create_time * 1000 : (cursor ?? 0),
    has_more: eligible.length > page.length,
  });
}

export async function videoQuery(request: Request, auth: Authorized): Promise<Response> {
  if (request.method !== "POST") return methodNotAllowed();
  const denied = needScope(auth.record, "video.list");
  if (denied) return denied;
  const fields = videoFields(request);
  if (typeof fields === "string") return fail(400, "invalid_params", fields);
  const body = await readJson(request);
  const ids = body?.filters?.video_ids;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 20 || ids.some((id) => typeof id !== "string")) {
    return fail(400, "invalid_params", "filters.video_ids must hold 1-20 string ids");
  }
  // TikTok checks that the videos belong to the user: another account's ids are not found.
  const found = auth.record.account.videos.filter((video) => ids.includes(video.id));
  return ok({ videos: found.map((video) => pick(video, fields)), cursor: 0, has_more: false });
}

function videoFields(request: Request): string[] | string {
  const fields = (new URL(request.url).searchParams.get("fields") ?? "").split(",").filter(Boolean);
  if (!fields.length) return "fields is required";
  const unknown = fields.filter((field) => !(VIDEO_FIELDS as readonly string[]).includes(field));
  return unknown.length ? `Invalid fields: ${unknown.join(",")}` : fields;
}

function pick(video: TikTokEmulatedVideo, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = video[field as keyof TikTokEmulatedVideo];
  return out;
}
