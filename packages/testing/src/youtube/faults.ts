// The named fault presets (hub.faults.preset) as YouTube answers them: each is hub rules on the
// Data API's paths, or a change of the emulator's state.
import type { FaultPresetName, FaultPresetOptions, FaultRule } from "../harness/faults.js";
import type { YouTubeContext } from "./context.js";
import { revokeClient } from "./oauth.js";

const UPLOAD = "/upload/youtube/v3/videos";

/** The rules of `name` for YouTube, or `undefined` if it has no such preset. */
export function youtubeFaultPreset(
  ctx: YouTubeContext,
  name: FaultPresetName,
  options: FaultPresetOptions,
): FaultRule[] | undefined {
  const after = options.after ?? 0;
  const api = { platform: "youtube", role: "api" } as const;
  switch (name) {
    case "lost-write":
      // videos.insert (a session start or a multipart upload) takes effect; its answer is lost.
      return [{ ...api, method: "POST", path: UPLOAD, after, drop: "after-response" }];
    case "late-processing-failure":
      // Uploads complete; status reads report processing `after` times, then the failure.
      ctx.state.lateFailureAfterReads = options.after ?? 2;
      return [];
    case "token-revoked":
      // As when the user removes the app's access: every grant ends, refresh tokens included.
      return [{ ...api, after, effect: () => revokeClient(ctx) }];
    case "upload-url-expired":
      // The session URI stops working before the next chunk: it answers 404 like an unknown one.
      return [
        {
          ...api,
          method: "PUT",
          path: UPLOAD,
          after,
          effect: () => {
            for (const session of ctx.state.sessions.values()) session.expiresAt = ctx.clock.now();
          },
        },
      ];
    case "throttle":
    case "throttle-without-retry-after":
      return [
        {
          ...api,
          after,
          times: options.times ?? 1,
          status: 429,
          body: rateLimited(),
          ...(name === "throttle" ? { retryAfterSeconds: options.retryAfterSeconds ?? 30 } : {}),
        },
      ];
    default:
      return undefined;
  }
}

/**
 * Google's rate-limit error (https://developers.google.com/youtube/v3/docs/errors): `rateLimitExceeded`.
 * Whether YouTube sends it with 429 or 403, and its domain, are UNCONFIRMED: the emulator answers
 * 429 `RESOURCE_EXHAUSTED` with domain `usageLimits`.
 */
function rateLimited(): Record<string, unknown> {
  const message = "The request cannot be completed because you have exceeded the rate limit.";
  return {
    error: {
      code: 429,
      message,
      errors: [{ message, domain: "usageLimits", reason: "rateLimitExceeded" }],
      status: "RESOURCE_EXHAUSTED",
    },
  };
}
