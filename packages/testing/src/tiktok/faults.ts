// The named fault presets (hub.faults.preset) as TikTok answers them: each is hub rules on the
// Open API's and the upload host's paths, or a change of the emulator's state.
import type { FaultPresetName, FaultPresetOptions, FaultRule } from "../harness/faults.js";
import type { TikTokContext } from "./context.js";
import { logId } from "./errors.js";

const INIT = /^\/v2\/post\/publish\/(?:inbox\/video|video|content)\/init\/$/;

/** The rules of `name` for TikTok, or `undefined` if it has no such preset. */
export function tiktokFaultPreset(
  ctx: TikTokContext,
  name: FaultPresetName,
  options: FaultPresetOptions,
): FaultRule[] | undefined {
  const after = options.after ?? 0;
  const platform = "tiktok";
  switch (name) {
    case "lost-write":
      // An init creates the publish (and its upload URL); its answer is lost.
      return [{ platform, role: "api", method: "POST", path: INIT, after, drop: "after-response" }];
    case "late-processing-failure":
      // Uploads complete; status fetches report processing `after` times, then FAILED `internal`.
      ctx.state.lateFailureAfterPolls = options.after ?? 2;
      return [];
    case "token-revoked":
      // As when the user removes the app: every access and refresh token ends.
      return [{ platform, role: "api", path: /^\/v2\/(?!oauth\/)/, after, effect: () => revokeAll(ctx) }];
    case "upload-url-expired":
      // The upload URL's hour runs out before the next chunk: TikTok answers 403.
      return [
        {
          platform,
          role: "upload",
          method: "PUT",
          after,
          effect: () => {
            for (const publish of ctx.state.publishes.values()) publish.expiresAt = ctx.clock.now();
          },
        },
      ];
    case "throttle":
    case "throttle-without-retry-after":
      // TikTok's 429 (https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit); whether it
      // sends Retry-After is UNCONFIRMED, hence both presets.
      return [
        {
          platform,
          role: "api",
          path: /^\/v2\/(?!oauth\/)/,
          after,
          times: options.times ?? 1,
          status: 429,
          body: {
            data: {},
            error: {
              code: "rate_limit_exceeded",
              message: "API rate limit was exceeded, please try again later.",
              log_id: logId(),
            },
          },
          ...(name === "throttle" ? { retryAfterSeconds: options.retryAfterSeconds ?? 30 } : {}),
        },
      ];
    default:
      return undefined;
  }
}

function revokeAll(ctx: TikTokContext): void {
  for (const record of ctx.state.accessTokens.values()) record.revoked = true;
  for (const record of ctx.state.refreshTokens.values()) record.revoked = true;
}
