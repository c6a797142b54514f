// Instagram's publishing limit, read instead of hard-coded: Meta's pages say 100, 50 or 25 API
// posts per moving 24 hours (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit/).
import { RateLimitError } from "@postkit/core";
import * as z from "zod/mini";
import { igCall, type InstagramTarget, type InstagramContext } from "./instagram-account.js";

/** How much of its publishing quota an Instagram account has used. @group Instagram */
export interface InstagramPublishingLimit {
  /** `quota_usage`: API posts in the current window (a carousel counts as one). */
  used: number;
  /** `config.quota_total`, when Meta sent it. */
  total: number | undefined;
  /** `config.quota_duration` in seconds (86400), when Meta sent it. */
  windowSeconds: number | undefined;
  /** `total - used` (at least 0), when the total is known. */
  remaining: number | undefined;
}

const limitSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      quota_usage: z.number().check(z.nonnegative()),
      config: z.optional(
        z.looseObject({
          quota_total: z.optional(z.number().check(z.nonnegative())),
          quota_duration: z.optional(z.number().check(z.positive())),
        }),
      ),
    }),
  ),
});

/**
 * `GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config`. `since` is left out:
 * Meta's example sends one no older than 24 hours, and the window is 24 hours either way.
 * @internal
 */
export async function readPublishingLimit(
  context: InstagramContext,
  target: InstagramTarget,
  signal: AbortSignal | undefined,
): Promise<InstagramPublishingLimit> {
  const body = await igCall(context, target, {
    method: "GET",
    path: `/${target.igUserId}/content_publishing_limit`,
    query: { fields: "quota_usage,config" },
    schema: limitSchema,
    idempotent: true,
    what: "Instagram publishing limit",
    signal,
  });
  const entry = body.data[0];
  const used = entry?.quota_usage ?? 0;
  const total = entry?.config?.quota_total;
  return {
    used,
    total,
    windowSeconds: entry?.config?.quota_duration,
    remaining: total === undefined ? undefined : Math.max(0, total - used),
  };
}

/**
 * A `RateLimitError` (`source: "client"`, nothing published) when the quota is spent, before
 * `media_publish` would fail with 9/2207042.
 * @internal
 */
export function assertQuotaLeft(limit: InstagramPublishingLimit): void {
  if (limit.remaining !== 0) return;
  throw new RateLimitError(
    `meta: the Instagram account has used all ${limit.total} API posts of its publishing window.`,
    {
      source: "client",
      platformCode: "2207042",
      hint: "Instagram counts API posts over a moving 24 hours: publish later; getInstagramPublishingLimit says how many are left.",
    },
  );
}
