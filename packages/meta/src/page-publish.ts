// Internal: the contract's publishing calls for Facebook Pages — videos and Reels from the app's
// bytes, resuming either from its saved state, and their status.
import {
  type Connection,
  type PublishJob,
  type ResumeState,
  type ResumeUploadInput,
  ValidationError,
  type VideoPublishInput,
} from "@postkit/core";
import type { MetaContext } from "./context.js";
import { assertPagePublishScopes, once } from "./page-jobs.js";
import { type FacebookReelState, publishReel, resumeReel } from "./page-reels.js";
import { scheduleSeconds } from "./page-schedule.js";
import { publishPageVideo, resumePageVideo } from "./page-videos.js";

/**
 * A Facebook Page video (`kind: "video"`, through the Resumable Upload API and `/videos`) or
 * Reel (`kind: "reel"`, through `/video_reels` and rupload.facebook.com).
 * @group Publishing
 */
export interface FacebookVideoOptions {
  /** A Page video or a Reel. */
  kind: "video" | "reel";
  /** Videos: the title. */
  title?: string | undefined;
  /** The description (the post's text). */
  description?: string | undefined;
  /** Reels: posted (default), kept as a draft, or scheduled (`video_state`). */
  state?: FacebookReelState | undefined;
  /**
   * Reels with `state: "scheduled"`: when (a `Date` or epoch milliseconds). Checked against
   * Meta's Page-post window (10 minutes to 30 days; its Reels guide gives none, so UNCONFIRMED there).
   */
  scheduledPublishTime?: Date | number | undefined;
}

/** The contract's `publishVideo` for a Page. @internal */
export async function publishFacebookVideo(
  context: MetaContext,
  connection: Connection,
  input: VideoPublishInput<FacebookVideoOptions>,
): Promise<PublishJob> {
  const { source, options, onProgress, onResumeState, signal } = input;
  const kind = options?.kind;
  if (kind !== "video" && kind !== "reel") {
    throw new ValidationError('meta: Page video options need kind "video" or "reel".', {
      issues: [{ path: ["options", "kind"], message: 'expected "video" or "reel"' }],
    });
  }
  if (!source || !Number.isSafeInteger(source.size) || source.size <= 0) {
    throw new ValidationError("meta: the video source is empty.", {
      issues: [{ path: ["source"], message: "must have bytes" }],
    });
  }
  if (kind === "video" && source.type !== undefined && source.type !== "video/mp4") {
    throw new ValidationError(
      "meta: a Page video uploads as video/mp4 (the Resumable Upload API's only video type).",
      {
        issues: [{ path: ["source", "type"], message: "must be video/mp4" }],
      },
    );
  }
  if (kind === "video" && (options.state !== undefined || options.scheduledPublishTime !== undefined)) {
    throw new ValidationError("meta: state and scheduledPublishTime apply to Reels only.", {
      issues: [{ path: ["options", "state"], message: "Reels only" }],
    });
  }
  if (kind === "reel" && options.title !== undefined) {
    throw new ValidationError("meta: a Reel has no title; put the text in description.", {
      issues: [{ path: ["options", "title"], message: "videos only" }],
    });
  }
  const state = options.state ?? "published";
  if (!["published", "draft", "scheduled"].includes(state)) {
    throw new ValidationError('meta: a Reel\'s state is "published", "draft" or "scheduled".', {
      issues: [{ path: ["options", "state"], message: "unknown state" }],
    });
  }
  if ((state === "scheduled") !== (options.scheduledPublishTime !== undefined)) {
    throw new ValidationError('meta: scheduledPublishTime goes with state "scheduled", and only with it.', {
      issues: [
        {
          path: ["options", "scheduledPublishTime"],
          message: 'with state "scheduled" only',
        },
      ],
    });
  }
  const scheduled =
    options.scheduledPublishTime === undefined
      ? undefined
      : scheduleSeconds(options.scheduledPublishTime, context.clock.now(), "scheduledPublishTime");
  const controls = { onProgress, onResumeState, signal };
  await assertPagePublishScopes(context, connection, signal);
  const content = {
    account: connection.account.id,
    options: { ...options, scheduledPublishTime: scheduled },
    media: { size: source.size, name: source.name, type: source.type },
  };
  return once(context, input.idempotencyKey, content, () =>
    kind === "reel"
      ? publishReel(
          context,
          connection,
          source,
          {
            state,
            description: options.description,
            scheduledPublishTime: scheduled,
          },
          controls,
        )
      : publishPageVideo(
          context,
          connection,
          source,
          { title: options.title, description: options.description },
          controls,
        ),
  );
}

/** The contract's `resumeUpload` for a Page: a Reel or a video, by the state's flow. @internal */
export function resumeFacebookUpload(
  context: MetaContext,
  connection: Connection,
  state: ResumeState,
  input: ResumeUploadInput,
): Promise<PublishJob> {
  const flow = state.extra?.flow;
  if (flow === "facebook-reel") return resumeReel(context, connection, state, input);
  if (flow === "facebook-video") return resumePageVideo(context, connection, state, input);
  throw new ValidationError("meta: the resume state is not of a Facebook Page upload.", {
    hint: "Pass the state from onResumeState or the UploadError of a Page video or Reel.",
  });
}
