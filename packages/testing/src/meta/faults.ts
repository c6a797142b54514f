// The named fault presets (hub.faults.preset) as Meta answers them: hub rules on Graph's and the
// rupload host's paths, or a change of the emulator's state. Error bodies are Graph's envelope
// (https://developers.facebook.com/docs/graph-api/guides/error-handling).
import type { FaultPresetName, FaultPresetOptions, FaultRule } from "../harness/faults.js";
import { mintId } from "../harness/secrets.js";
import { failLate, statusOf } from "./instagram-publishing-state.js";
import type { MetaState } from "./state.js";

/** Publish writes: a Page post, a Page video, an Instagram `media_publish` (graph.facebook.com and graph.instagram.com). */
const WRITE = /^\/v\d+\.\d+\/[^/]+\/(?:feed|videos|media_publish)$/;
/** Graph API calls on both Graph hosts, the OAuth endpoints and the dialog left out. */
const API = /^\/v\d+\.\d+\/(?!oauth\/|dialog\/)/;
/** Upload requests: the rupload host and Resumable Upload API sessions. */
const UPLOAD = /^\/(?:(?:video-upload|ig-api-upload)\/v\d+\.\d+\/[^/]+|v\d+\.\d+\/upload:[^/]+)$/;

/** What the presets change beyond `state`. */
export interface MetaFaultHooks {
  /** Revokes every Facebook Login and Instagram Login token, as the user removing the app. */
  revokeAll(): void;
}

/** The rules of `name` for Meta, or `undefined` if it has no such preset. */
export function metaFaultPreset(
  state: MetaState,
  hooks: MetaFaultHooks,
  name: FaultPresetName,
  options: FaultPresetOptions,
): FaultRule[] | undefined {
  const after = options.after ?? 0;
  const platform = "meta";
  switch (name) {
    case "lost-write":
      // The post, the video or media_publish takes effect; its answer is lost.
      return [{ platform, method: "POST", path: WRITE, after, drop: "after-response" }];
    case "late-processing-failure":
      lateFailure(state, options.after ?? 2);
      return [];
    case "token-revoked":
      // As when the user removes the app or changes the password: 190/460 from the next call.
      return [{ platform, path: API, after, effect: hooks.revokeAll }];
    case "upload-url-expired":
      // Every unfinished rupload URL and upload session ends before the next upload request.
      return [{ platform, method: "POST", path: UPLOAD, after, effect: () => expireUploads(state) }];
    case "throttle":
    case "throttle-without-retry-after":
      return [
        {
          platform,
          path: API,
          after,
          times: options.times ?? 1,
          ...throttled(),
          ...(name === "throttle" ? { retryAfterSeconds: options.retryAfterSeconds ?? 30 } : {}),
        },
      ];
    default:
      return undefined;
  }
}

/**
 * Page videos finishing from now on report `processing` for `reads` status reads, then
 * `video_status: error`; Instagram containers (new ones and those not yet published) report
 * IN_PROGRESS for `reads` `status_code` reads once ready, then ERROR. The messages are the
 * emulator's (Meta's text for a late processing failure is UNCONFIRMED); the container's
 * `status` names 2207082, Instagram's "processing failed" subcode.
 */
function lateFailure(state: MetaState, reads: number): void {
  const message = "The video could not be processed.";
  const before = state.publishing.processingReads;
  state.publishing.processingReads = reads;
  state.publishing.lateFailure = message;
  // Videos that already reported ready stay ready; the others fail.
  for (const video of state.publishing.videos.values()) {
    if (!video.failure && video.statusReads <= before) video.failure = message;
  }
  const failure = { reads, status: "Error: 2207082: the media could not be processed" };
  state.instagramPublishing.lateFailure = failure;
  for (const container of state.instagramPublishing.containers.values()) {
    if (statusOf(state, container) !== "PUBLISHED") failLate(container, failure);
  }
}

function expireUploads(state: MetaState): void {
  for (const entry of state.ruploads.values()) if (!entry.complete) state.expiredRuploads.add(entry.id);
  for (const [key, session] of state.publishing.sessions) {
    if (!session.handle) state.publishing.expiredSessions.add(key);
  }
}

/**
 * Graph's application-level throttle, code 4 "Application request limit reached", with
 * `X-App-Usage` at 100%. Code 4 because it applies to every token on both Graph hosts (17 is
 * per user, 32 per Page, 613 a custom limit), and it comes with the `X-App-Usage` header
 * (https://developers.facebook.com/docs/graph-api/overview/rate-limiting). The HTTP status (400),
 * `is_transient: true` and any `Retry-After` are UNCONFIRMED: Meta documents no Retry-After,
 * hence both presets.
 */
function throttled(): Pick<FaultRule, "status" | "body" | "headers"> {
  return {
    status: 400,
    headers: { "x-app-usage": JSON.stringify({ call_count: 100, total_cputime: 100, total_time: 100 }) },
    body: {
      error: {
        message: "(#4) Application request limit reached",
        type: "OAuthException",
        code: 4,
        fbtrace_id: mintId("fbt"),
        is_transient: true,
      },
    },
  };
}
