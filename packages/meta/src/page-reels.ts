// Facebook Page Reels: `POST /{page-id}/video_reels` with `upload_phase=start` (a `video_id` and
// an `upload_url` on rupload.facebook.com), the bytes through the shared rupload protocol, then
// `upload_phase=finish` with `video_state` PUBLISHED, DRAFT or SCHEDULED
// (https://developers.facebook.com/docs/video-api/guides/reels-publishing/).
import {
  type Connection,
  type PublishJob,
  type ResumeState,
  type ResumeUploadInput,
  type UploadSource,
  ValidationError,
} from "@postkit/core";
import * as z from "zod/mini";
import type { MetaContext } from "./context.js";
import { answerLost, lostJob, pageJob, withPageToken } from "./page-jobs.js";
import { reelBytesTransferred } from "./page-status.js";
import { ruploadProtocol } from "./rupload.js";
import { streamUpload } from "./stream-upload.js";

/** How a Reel ends up: posted, kept as a draft, or scheduled. @group Publishing */
export type FacebookReelState = "published" | "draft" | "scheduled";

/** What a Reel's finish call sends; kept in the resume state (no secrets). @internal */
export interface ReelFinish {
  description?: string | undefined;
  state: FacebookReelState;
  /** Unix seconds, for `scheduled`. */
  scheduledPublishTime?: number | undefined;
}

const startSchema = z.looseObject({ video_id: z.string(), upload_url: z.string() });
const finishSchema = z.looseObject({ success: z.optional(z.boolean()) });

/** Start, upload, finish. @internal */
export async function publishReel(
  context: MetaContext,
  connection: Connection,
  source: UploadSource,
  finish: ReelFinish,
  controls: Omit<ResumeUploadInput, "source">,
): Promise<PublishJob> {
  const pageId = connection.account.id;
  const { signal } = controls;
  // A lost start publishes nothing (an orphan video id at most): an error, not an unknown post.
  const started = await withPageToken(context, connection, signal, (token) =>
    context.graph.call({
      method: "POST",
      path: `/${encodeURIComponent(pageId)}/video_reels`,
      accessToken: token,
      form: { upload_phase: "start" },
      schema: startSchema,
      idempotent: false,
      what: "Facebook Reel upload start",
      signal,
    }),
  );
  const state = reelResumeState(pageId, started.video_id, started.upload_url, source.size, finish);
  await controls.onResumeState?.(state);
  return uploadAndFinish(context, connection, source, state, controls, false);
}

/** Continues a Reel from its resume state: Meta's offset first, then the rest and the finish. @internal */
export function resumeReel(
  context: MetaContext,
  connection: Connection,
  state: ResumeState,
  input: ResumeUploadInput,
): Promise<PublishJob> {
  const { source, ...controls } = input;
  return uploadAndFinish(context, connection, source, state, controls, true);
}

function reelResumeState(
  pageId: string,
  videoId: string,
  uploadUrl: string,
  size: number,
  finish: ReelFinish,
): ResumeState {
  return {
    version: 1,
    platform: "meta",
    sessionUrl: uploadUrl,
    ids: { pageId, videoId },
    offset: 0,
    totalBytes: size,
    extra: {
      flow: "facebook-reel",
      state: finish.state,
      ...(finish.description !== undefined ? { description: finish.description } : {}),
      ...(finish.scheduledPublishTime !== undefined
        ? { scheduledPublishTime: finish.scheduledPublishTime }
        : {}),
    },
  };
}

async function uploadAndFinish(
  context: MetaContext,
  connection: Connection,
  source: UploadSource,
  state: ResumeState,
  controls: Omit<ResumeUploadInput, "source">,
  resumed: boolean,
): Promise<PublishJob> {
  const { videoId, pageId } = state.ids;
  const extra = state.extra ?? {};
  if (!videoId || pageId !== connection.account.id || !state.sessionUrl || extra.flow !== "facebook-reel") {
    throw new ValidationError("meta: not a resume state of a Reel of this Page.", {
      hint: "Pass the state from onResumeState or the UploadError of this Page's Reel.",
    });
  }
  const finish: ReelFinish = {
    state: extra.state === "draft" || extra.state === "scheduled" ? extra.state : "published",
    description: typeof extra.description === "string" ? extra.description : undefined,
    scheduledPublishTime:
      typeof extra.scheduledPublishTime === "number" ? extra.scheduledPublishTime : undefined,
  };
  const { signal } = controls;
  await withPageToken(context, connection, signal, (token) => {
    const protocol = ruploadProtocol({
      uploadUrl: state.sessionUrl!,
      accessToken: token,
      fileSize: state.totalBytes,
      // Meta's documented count of what arrived (resuming from it is UNCONFIRMED; see rupload.ts).
      readOffset: (probeSignal) => reelBytesTransferred(context, connection, videoId, probeSignal),
      context,
      resume: { ids: state.ids, extra },
    });
    return streamUpload(context, protocol, source, { offset: state.offset, resumed }, controls);
  });
  const videoState = finish.state.toUpperCase();
  const ids = { videoId, videoState };
  try {
    await withPageToken(context, connection, signal, (token) =>
      context.graph.call({
        method: "POST",
        path: `/${encodeURIComponent(connection.account.id)}/video_reels`,
        accessToken: token,
        form: {
          upload_phase: "finish",
          video_id: videoId,
          video_state: videoState,
          description: finish.description,
          scheduled_publish_time:
            finish.scheduledPublishTime === undefined ? undefined : String(finish.scheduledPublishTime),
        },
        schema: finishSchema,
        idempotent: false,
        what: "Facebook Reel finish",
        signal,
      }),
    );
  } catch (error) {
    if (answerLost(error, signal)) return lostJob(context, connection, ids, "the Reel's finish call");
    throw error;
  }
  return pageJob(context, connection, {
    outcome: "processing",
    ids,
    postUrl: `https://www.facebook.com/reel/${encodeURIComponent(videoId)}`,
    ...(finish.scheduledPublishTime !== undefined ? { scheduledAt: finish.scheduledPublishTime * 1000 } : {}),
  });
}
