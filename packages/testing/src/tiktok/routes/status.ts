// Content Posting API: status/fetch (the publish's progress, advanced by each fetch) and cancel.
import type { Authorized, TikTokContext } from "../context.js";
import { needScope } from "../bearer.js";
import { fail, logId, ok } from "../errors.js";
import type { TikTokEmulatedPublish } from "../state.js";

export function statusFetch(ctx: TikTokContext, body: Record<string, unknown>, auth: Authorized): Response {
  const { publishes } = ctx.state;
  const denied = needScope(auth.record, "video.publish", "video.upload");
  if (denied) return denied;
  const publish = typeof body.publish_id === "string" ? publishes.get(body.publish_id) : undefined;
  if (!publish) return fail(400, "invalid_publish_id", "The publish_id does not exist");
  if (publish.openId !== auth.record.account.user.open_id) {
    return fail(
      400,
      "token_not_authorized_for_specified_publish_id",
      "The publish_id belongs to another user",
    );
  }
  const data = statusOf(ctx, publish);
  // Written by hand so the int64 post ids keep every digit, as TikTok's JSON does.
  const ids = `[${(data.ids as string[]).join(",")}]`;
  const { ids: _ids, ...rest } = data;
  const fields = JSON.stringify(rest).slice(1, -1);
  const text = `{"data":{${fields},"publicaly_available_post_id":${ids}},"error":{"code":"ok","message":"","log_id":"${logId()}"}}`;
  return new Response(text, {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

function statusOf(ctx: TikTokContext, publish: TikTokEmulatedPublish): Record<string, unknown> {
  const { options } = ctx;
  const { processingPolls, moderationPolls } = ctx.settings;
  if (publish.source === "FILE_UPLOAD" && !publish.complete) {
    return { status: "PROCESSING_UPLOAD", uploaded_bytes: publish.received, ids: [] };
  }
  if (publish.cancelled) return { status: "FAILED", fail_reason: "publish_cancelled", ids: [] };
  publish.polls++;
  const bytes =
    publish.source === "FILE_UPLOAD" ? { uploaded_bytes: publish.received } : { downloaded_bytes: 0 };
  const late = ctx.state.lateFailureAfterPolls;
  if (publish.polls <= (late ?? processingPolls)) {
    return {
      status: publish.source === "FILE_UPLOAD" ? "PROCESSING_UPLOAD" : "PROCESSING_DOWNLOAD",
      ...bytes,
      ids: [],
    };
  }
  // `internal` is TikTok's retryable fail_reason (https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status).
  if (late !== undefined) return { status: "FAILED", fail_reason: "internal", ...bytes, ids: [] };
  if (options.failReason) return { status: "FAILED", fail_reason: options.failReason, ...bytes, ids: [] };
  if (publish.postMode === "MEDIA_UPLOAD") return { status: "SEND_TO_USER_INBOX", ...bytes, ids: [] };
  const isPublic = publish.postInfo.privacy_level === "PUBLIC_TO_EVERYONE";
  const moderated = publish.polls > processingPolls + moderationPolls;
  return { status: "PUBLISH_COMPLETE", ...bytes, ids: isPublic && moderated ? [publish.postId] : [] };
}

export function cancel(ctx: TikTokContext, body: Record<string, unknown>, auth: Authorized): Response {
  const { publishes } = ctx.state;
  const { processingPolls } = ctx.settings;
  const publish = typeof body.publish_id === "string" ? publishes.get(body.publish_id) : undefined;
  if (!publish) return fail(400, "invalid_publish_id", "The publish_id does not exist");
  if (publish.openId !== auth.record.account.user.open_id) {
    return fail(
      400,
      "token_not_authorized_for_specified_publish_id",
      "The publish_id belongs to another user",
    );
  }
  if (publish.source !== "PULL_FROM_URL" || publish.cancelled || publish.polls > processingPolls) {
    return fail(400, "publish_not_cancellable", "The publish cannot be cancelled");
  }
  publish.cancelled = true;
  return ok({});
}
