import {
  type CallOptions,
  type ResumeState,
  type TokenSet,
  type UploadSource,
  ValidationError,
} from "@postkit/core";
import * as z from "zod/mini";
import { planTikTokChunks } from "./chunk-plan.js";
import type { TikTokContext } from "./context.js";
import { queryCreatorInfo, type TikTokCreatorInfo } from "./creator-info.js";
import { assertTikTokUploadUrl, TIKTOK_PATHS } from "./endpoints.js";
import {
  checkDirectPostOptions,
  checkMediaUrl,
  checkPhotoPostOptions,
  type TikTokDirectPostOptions,
  type TikTokPhotoPostOptions,
} from "./post-options.js";
import type { TikTokRateLimitBucket } from "./rate-limit.js";
import { requireScopes } from "./scopes.js";
import {
  resumeStateOf,
  runUpload,
  sessionFromResumeState,
  TIKTOK_UPLOAD_URL_LIFETIME_MS,
  TIKTOK_VIDEO_CONTENT_TYPES,
  type TikTokUploadControls,
  type TikTokVideoContentType,
  type UploadSession,
} from "./upload.js";

/**
 * Where the video comes from: bytes postkit uploads in chunks (`FILE_UPLOAD`), or an `https` URL
 * on a verified domain that TikTok downloads (`PULL_FROM_URL`).
 * @group Posting
 */
export type TikTokVideoSource =
  | {
      /** The video bytes, sent in chunks to TikTok's `upload_url` (`FILE_UPLOAD`) within the hour it is valid. */
      source: UploadSource;
      /** Chunk size for files over 64 MB (5,242,880–64,000,000). @default 10000000 */
      chunkSize?: number | undefined;
      /** `video/mp4`, `video/quicktime` or `video/webm`. @default the source's `type`, else `video/mp4` */
      contentType?: TikTokVideoContentType | undefined;
    }
  | {
      /**
       * An `https` URL on a domain or URL prefix verified in the developer portal, which TikTok
       * downloads (`PULL_FROM_URL`). Redirects are not followed; the download times out after 1 hour.
       */
      videoUrl: string;
    };

/** The input of `postVideo`: the video, its post options and the upload controls. @group Posting */
export type TikTokDirectPostInput = TikTokVideoSource &
  TikTokUploadControls & {
    /** The post's settings, checked against `creatorInfo` before the init call. */
    options: TikTokDirectPostOptions;
    /**
     * The creator info your post UI showed the user. TikTok requires the latest values; when
     * absent postkit queries it (one of the 20 calls per minute).
     */
    creatorInfo?: TikTokCreatorInfo | undefined;
  };

/** The input of `uploadDraft`: the video and the upload controls (no post options). @group Posting */
export type TikTokDraftInput = TikTokVideoSource & TikTokUploadControls;

/** The input of `postPhotos`: the photo post options and an optional creator info. @group Posting */
export type TikTokPhotoPostInput = TikTokPhotoPostOptions &
  CallOptions & {
    /**
     * The creator info your post UI showed, to check the privacy level and toggles against. Queried
     * when absent for `DIRECT_POST`, and for a `MEDIA_UPLOAD` with a `privacyLevel` when the token
     * has `video.publish`.
     */
    creatorInfo?: TikTokCreatorInfo | undefined;
  };

/**
 * A started post. Poll it with `getPublishStatus` or `waitForPublish`.
 * @group Posting
 */
export interface TikTokPublishStart {
  /** TikTok's `publish_id` (at most 64 characters), for `getPublishStatus`, `waitForPublish` and `cancelPublish`. */
  publishId: string;
  /** `FILE_UPLOAD` posts: all bytes were acknowledged (TikTok answered 201). */
  uploaded: boolean;
}

const initData = z.looseObject({
  publish_id: z.string().check(z.minLength(1)),
  upload_url: z.optional(z.string()),
});

const anyData = z.optional(z.unknown());

interface InitCall {
  path: string;
  bucket: TikTokRateLimitBucket;
  body: Record<string, unknown>;
  what: string;
  signal: AbortSignal | undefined;
}

/** Sends an init call exactly once: never retried (each creates a publish and spends the 6/min budget). */
async function init(context: TikTokContext, tokens: TokenSet, call: InitCall) {
  return context.api.call({
    method: "POST",
    path: call.path,
    accessToken: tokens.accessToken,
    json: call.body,
    data: initData,
    idempotent: false,
    bucket: call.bucket,
    what: call.what,
    signal: call.signal,
  });
}

function contentTypeOf(input: { source: UploadSource; contentType?: TikTokVideoContentType | undefined }) {
  const type = input.contentType ?? (input.source.type || "video/mp4");
  if (!(TIKTOK_VIDEO_CONTENT_TYPES as readonly string[]).includes(type)) {
    throw new ValidationError(
      `TikTok accepts ${TIKTOK_VIDEO_CONTENT_TYPES.join(", ")} uploads, not ${type}; pass contentType if the source's type is wrong.`,
    );
  }
  return type as TikTokVideoContentType;
}

async function postVideo(
  context: TikTokContext,
  tokens: TokenSet,
  input: TikTokVideoSource & TikTokUploadControls,
  flow: "direct" | "inbox",
  postInfo: Record<string, unknown> | undefined,
): Promise<TikTokPublishStart> {
  const path = flow === "direct" ? TIKTOK_PATHS.videoInit : TIKTOK_PATHS.inboxVideoInit;
  const bucket = flow === "direct" ? "videoInit" : "inboxVideoInit";
  const what = flow === "direct" ? "TikTok direct post init" : "TikTok draft upload init";
  const body: Record<string, unknown> = postInfo ? { post_info: postInfo } : {};
  if ("videoUrl" in input) {
    body.source_info = {
      source: "PULL_FROM_URL",
      video_url: checkMediaUrl(input.videoUrl, "TikTok video URL"),
    };
    const data = await init(context, tokens, { path, bucket, body, what, signal: input.signal });
    return { publishId: data.publish_id, uploaded: false };
  }
  const contentType = contentTypeOf(input);
  const plan = planTikTokChunks(input.source.size, { chunkSize: input.chunkSize });
  body.source_info = {
    source: "FILE_UPLOAD",
    video_size: plan.videoSize,
    chunk_size: plan.chunkSize,
    total_chunk_count: plan.totalChunkCount,
  };
  const issuedAt = context.timers.now();
  const data = await init(context, tokens, { path, bucket, body, what, signal: input.signal });
  if (!data.upload_url) {
    throw new ValidationError("TikTok's init response has no upload_url for a FILE_UPLOAD post.");
  }
  assertTikTokUploadUrl(data.upload_url, context.baseUrls.upload, "TikTok's upload_url");
  const session: UploadSession = {
    publishId: data.publish_id,
    uploadUrl: data.upload_url,
    plan,
    contentType,
    expiresAt: issuedAt + TIKTOK_UPLOAD_URL_LIFETIME_MS,
    flow,
  };
  // Persist before the first byte, so even a crash during chunk 1 can resume.
  await input.onResumeState?.(resumeStateOf(session, 0));
  await runUpload(context, session, input.source, 0, input);
  return { publishId: data.publish_id, uploaded: true };
}

export async function directPostVideo(
  context: TikTokContext,
  tokens: TokenSet,
  input: TikTokDirectPostInput,
): Promise<TikTokPublishStart> {
  requireScopes(tokens.scopes, ["video.publish"], "post videos directly");
  if (!input.options)
    throw new ValidationError("TikTok direct post needs options (privacyLevel, durationSec, …).");
  // Check what can be checked without the network first.
  if (!("videoUrl" in input)) {
    contentTypeOf(input);
    planTikTokChunks(input.source.size, { chunkSize: input.chunkSize });
  } else checkMediaUrl(input.videoUrl, "TikTok video URL");
  const creator = input.creatorInfo ?? (await queryCreatorInfo(context, tokens, { signal: input.signal }));
  const postInfo = checkDirectPostOptions(input.options, creator);
  return postVideo(context, tokens, input, "direct", { ...postInfo });
}

export async function uploadDraft(
  context: TikTokContext,
  tokens: TokenSet,
  input: TikTokDraftInput,
): Promise<TikTokPublishStart> {
  requireScopes(tokens.scopes, ["video.upload"], "upload drafts");
  // The inbox init documents only source_info; whether it accepts post_info is UNCONFIRMED, so none is sent.
  return postVideo(context, tokens, input, "inbox", undefined);
}

export async function resumeUpload(
  context: TikTokContext,
  state: ResumeState,
  source: UploadSource,
  controls: TikTokUploadControls,
): Promise<TikTokPublishStart> {
  const { session, offset } = sessionFromResumeState(state);
  // The engine checks the saved upload URL before any request: storage may have been edited.
  await runUpload(context, session, source, offset, controls, true);
  return { publishId: session.publishId, uploaded: true };
}

export async function postPhotos(
  context: TikTokContext,
  tokens: TokenSet,
  input: TikTokPhotoPostInput,
): Promise<TikTokPublishStart> {
  requireScopes(
    tokens.scopes,
    [input.postMode === "DIRECT_POST" ? "video.publish" : "video.upload"],
    input.postMode === "DIRECT_POST" ? "post photos directly" : "upload photo drafts",
  );
  const { creatorInfo, signal, ...options } = input;
  // Creator info needs video.publish: an upload-only token's privacy level is left to TikTok.
  const query =
    !creatorInfo &&
    (input.postMode === "DIRECT_POST" ||
      (input.privacyLevel !== undefined && tokens.scopes.includes("video.publish")));
  // Check the shape before spending a creator info call on a post that cannot be valid.
  if (query) checkPhotoPostOptions(options, PLACEHOLDER_CREATOR);
  const creator = query ? await queryCreatorInfo(context, tokens, { signal }) : creatorInfo;
  const body = checkPhotoPostOptions(options, creator);
  const data = await init(context, tokens, {
    path: TIKTOK_PATHS.contentInit,
    bucket: "contentInit",
    body: { ...body },
    what: "TikTok photo post init",
    signal,
  });
  return { publishId: data.publish_id, uploaded: false };
}

/** Lets the shape checks run before creator info is fetched; privacy and toggles are checked again after. */
const PLACEHOLDER_CREATOR: TikTokCreatorInfo = {
  avatarUrl: "",
  username: "",
  nickname: "",
  privacyLevelOptions: ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"],
  commentDisabled: false,
  duetDisabled: false,
  stitchDisabled: false,
  maxVideoPostDurationSec: Number.MAX_SAFE_INTEGER,
};

export async function cancelPublish(
  context: TikTokContext,
  tokens: TokenSet,
  publishId: string,
  options: CallOptions = {},
): Promise<void> {
  if (!publishId) throw new ValidationError("cancelPublish needs a publish_id.");
  await context.api.call({
    method: "POST",
    path: TIKTOK_PATHS.cancel,
    accessToken: tokens.accessToken,
    json: { publish_id: publishId },
    data: anyData,
    idempotent: false,
    what: "TikTok publish cancel",
    signal: options.signal,
  });
}
