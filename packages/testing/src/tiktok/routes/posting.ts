// Content Posting API: creator_info/query and the three inits (direct video, inbox video, photo).
// Init creates the publish; a FILE_UPLOAD's bytes then arrive through upload-session.ts.
import type { EmulatorContext } from "../../harness/emulator.js";
import type { Clock } from "../../harness/clock.js";
import { mintId, mintSecret } from "../../harness/secrets.js";
import { needScope } from "../bearer.js";
import { type Authorized, readJson, type TikTokContext } from "../context.js";
import { fail, methodNotAllowed, ok } from "../errors.js";
import {
  checkMediaUploadInfo,
  checkPostInfo,
  chunkProblem,
  privacyMismatch,
  privacyOptions,
} from "../rules.js";
import { type Account, newPublish, type TikTokEmulatedPublish } from "../state.js";

export function creatorInfo(request: Request, auth: Authorized): Response {
  if (request.method !== "POST") return methodNotAllowed();
  const denied = needScope(auth.record, "video.publish");
  if (denied) return denied;
  const { creator } = auth.record.account;
  // Intentionally HTTP 200 (https://developers.tiktok.com/doc/content-posting-api-reference-query-creator-info).
  if (creator.postingError) return fail(200, creator.postingError, "The creator cannot post right now.");
  return ok({
    creator_avatar_url: creator.avatarUrl,
    creator_username: creator.username,
    creator_nickname: creator.nickname,
    privacy_level_options: privacyOptions(creator),
    comment_disabled: creator.commentDisabled,
    duet_disabled: creator.duetDisabled,
    stitch_disabled: creator.stitchDisabled,
    max_video_post_duration_sec: creator.maxVideoPostDurationSec,
  });
}

/** At most 5 uploads may wait in a user's inbox per 24 h (https://developers.tiktok.com/doc/content-sharing-guidelines). */
function tooManyPendingShares(clock: Clock, account: Account): Response | undefined {
  const recent = account.pendingShares.filter((at) => at > clock.now() - 86_400_000);
  account.pendingShares = recent;
  if (recent.length < 5) return undefined;
  return fail(403, "spam_risk_too_many_pending_share", "The user has too many pending shares");
}

function isVerifiedUrl(verified: readonly string[], value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    if (new URL(value).protocol !== "https:") return false;
  } catch {
    return false;
  }
  return verified.some((prefix) => value.startsWith(prefix));
}

export async function videoInit(
  ctx: TikTokContext,
  request: Request,
  context: EmulatorContext,
  auth: Authorized,
  kind: "video" | "inbox",
): Promise<Response> {
  const { options, clock } = ctx;
  const { publishes, uploads } = ctx.state;
  if (request.method !== "POST") return methodNotAllowed();
  const denied = needScope(auth.record, kind === "video" ? "video.publish" : "video.upload");
  if (denied) return denied;
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) {
    return fail(400, "invalid_param", "Content-Type must be application/json");
  }
  const body = await readJson(request);
  if (body === undefined) return fail(400, "invalid_param", "The body must be JSON");
  const { account } = auth.record;
  const { creator } = account;
  if (creator.postingError) return fail(403, creator.postingError, "The creator cannot post right now.");
  let postInfo: Record<string, unknown> = {};
  if (kind === "video") {
    if (typeof body.post_info !== "object" || body.post_info === null) {
      return privacyMismatch("post_info.privacy_level is required");
    }
    postInfo = body.post_info;
    const problem = checkPostInfo(postInfo, false, creator, options.audited);
    if (problem) return problem;
  } else {
    const capped = tooManyPendingShares(clock, account);
    if (capped) return capped;
  }
  const source = body.source_info;
  if (typeof source !== "object" || source === null)
    return fail(400, "invalid_param", "source_info is required");
  const publishId = `v_${kind === "video" ? "pub" : "inbox"}_${source.source === "PULL_FROM_URL" ? "url" : "file"}~v2-1.${mintId()}`;
  const base = newPublish(ctx, publishId, kind, account.user.open_id, postInfo);
  if (source.source === "PULL_FROM_URL") {
    if (!isVerifiedUrl(ctx.settings.verifiedUrlPrefixes, source.video_url)) {
      return fail(403, "url_ownership_unverified", "The video_url's domain or URL prefix is not verified");
    }
    publishes.set(publishId, { ...base, source: "PULL_FROM_URL" });
    if (kind === "inbox") account.pendingShares.push(clock.now());
    return ok({ publish_id: publishId });
  }
  if (source.source !== "FILE_UPLOAD") return fail(400, "invalid_param", "source_info.source is invalid");
  const problem = chunkProblem(source.video_size, source.chunk_size, source.total_chunk_count);
  // TikTok reports chunk errors as `invalid_params` (plural) even here (post-for-me#327).
  if (problem) return fail(400, "invalid_params", problem);
  const uploadToken = mintSecret("upt-");
  const publish: TikTokEmulatedPublish = {
    ...base,
    videoSize: source.video_size,
    chunkSize: source.chunk_size,
    totalChunkCount: source.total_chunk_count,
  };
  publishes.set(publishId, publish);
  uploads.set(publish.uploadId, { publishId, token: uploadToken });
  if (kind === "inbox") account.pendingShares.push(clock.now());
  const query = `upload_id=${encodeURIComponent(publish.uploadId)}&upload_token=${encodeURIComponent(uploadToken)}`;
  return ok({ publish_id: publishId, upload_url: context.urlFor("upload", `/video/?${query}`) });
}

export async function contentInit(ctx: TikTokContext, request: Request, auth: Authorized): Promise<Response> {
  const { options, clock } = ctx;
  if (request.method !== "POST") return methodNotAllowed();
  const body = await readJson(request);
  if (body === undefined) return fail(400, "invalid_param", "The body must be JSON");
  if (body.media_type !== "PHOTO") return fail(400, "invalid_param", "media_type must be PHOTO");
  const mode = body.post_mode;
  if (mode !== "DIRECT_POST" && mode !== "MEDIA_UPLOAD") {
    return fail(400, "invalid_param", "post_mode must be DIRECT_POST or MEDIA_UPLOAD");
  }
  const denied = needScope(auth.record, mode === "DIRECT_POST" ? "video.publish" : "video.upload");
  if (denied) return denied;
  const { account } = auth.record;
  const { creator } = account;
  if (creator.postingError) return fail(403, creator.postingError, "The creator cannot post right now.");
  const info = typeof body.post_info === "object" && body.post_info !== null ? body.post_info : {};
  const problem =
    mode === "DIRECT_POST"
      ? checkPostInfo(info, true, creator, options.audited)
      : checkMediaUploadInfo(info, creator);
  if (problem) return problem;
  if (mode === "MEDIA_UPLOAD") {
    const capped = tooManyPendingShares(clock, account);
    if (capped) return capped;
  }
  const source = body.source_info ?? {};
  if (source.source !== "PULL_FROM_URL")
    return fail(400, "invalid_param", "photos only support PULL_FROM_URL");
  const images = source.photo_images;
  if (!Array.isArray(images) || images.length < 1 || images.length > 35) {
    return fail(400, "invalid_param", "photo_images must hold 1-35 URLs");
  }
  if (!images.every((image) => isVerifiedUrl(ctx.settings.verifiedUrlPrefixes, image))) {
    return fail(403, "url_ownership_unverified", "A photo URL's domain or URL prefix is not verified");
  }
  const cover = source.photo_cover_index ?? 0;
  if (!Number.isInteger(cover) || cover < 0 || cover >= images.length) {
    return fail(400, "invalid_param", "photo_cover_index is out of range");
  }
  const publishId = `p_pub_url~v2.${mintId()}`;
  const publish = newPublish(ctx, publishId, "photo", account.user.open_id, info);
  ctx.state.publishes.set(publishId, { ...publish, source: "PULL_FROM_URL", postMode: mode });
  if (mode === "MEDIA_UPLOAD") account.pendingShares.push(clock.now());
  return ok({ publish_id: publishId });
}
