// Instagram publishing as core jobs: the post's containers (children first for a carousel), the
// wait until each is ready, the publishing limit read before anything is created, `media_publish`
// once, and the job brought up to date (or reconciled) from the container's status_code.
// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/content-publishing
import {
  type CallOptions,
  type Clock,
  type Connection,
  createPublishJob,
  fingerprint,
  isSettled,
  PlatformError,
  type ProgressListener,
  type PublishJob,
  pollUntil,
  publishOnce,
  type ResumeState,
  type ResumeUploadInput,
  ValidationError,
  type WaitOptions,
} from "@postkit/core";
import {
  assertPublishScopes,
  type InstagramTarget,
  instagramTarget,
  type InstagramContext,
} from "./instagram-account.js";
import {
  CONTAINER_POLL,
  createContainer,
  type InstagramWaitSettings,
  readContainer,
  waitForContainer,
} from "./instagram-containers.js";
import { assertQuotaLeft, type InstagramPublishingLimit, readPublishingLimit } from "./instagram-limit.js";
import { publishContainer, withContainer, withMedia } from "./instagram-publish.js";
import type { InstagramPost } from "./instagram-post.js";
import { type ContainerSpec, type InstagramPlan, planInstagramPost } from "./instagram-rules.js";
import { resumeContainerUpload, uploadToContainer } from "./instagram-upload.js";

/** What every Instagram publish takes besides the post. @group Instagram */
export interface InstagramPublishControls extends InstagramWaitSettings {
  /**
   * Your key for this publish: the same key never publishes twice (a repeat returns the first
   * job; other content under it is a `ConflictError`), kept in the client's `idempotencyStore`.
   */
  idempotencyKey?: string | undefined;
  /** Called with the account's publishing limit, read before anything is created. */
  onPublishingLimit?: ((limit: InstagramPublishingLimit) => void) | undefined;
  /** Video bytes: called after every acknowledged range. */
  onProgress?: ProgressListener | undefined;
  /** Video bytes: the state to persist to resume the upload (`resumeUpload`). */
  onResumeState?: ((state: ResumeState) => void | Promise<void>) | undefined;
  /** Aborts the publish. */
  signal?: AbortSignal | undefined;
  /** Time for the container waits, for tests. @default the client's clock */
  clock?: Clock | undefined;
}

/** What `publishInstagram` takes: the post and the controls. @group Instagram */
export type InstagramPublishInput = InstagramPost & InstagramPublishControls;

const CONTROL_KEYS = [
  "idempotencyKey",
  "onPublishingLimit",
  "onProgress",
  "onResumeState",
  "signal",
  "clock",
  "pollIntervalMs",
  "containerTimeoutMs",
] as const;

/** Splits the controls from the post. */
function split(input: InstagramPublishInput): {
  post: Record<string, unknown>;
  controls: InstagramPublishControls;
} {
  const post: Record<string, unknown> = { ...(input as unknown as Record<string, unknown>) };
  const controls: Record<string, unknown> = {};
  for (const key of CONTROL_KEYS) {
    if (key in post) controls[key] = post[key];
    delete post[key];
  }
  return { post, controls: controls as InstagramPublishControls };
}

/** Publishes a post to an Instagram account; the job says where it stands. @internal */
export async function publishInstagram(
  context: InstagramContext,
  connection: Connection,
  input: InstagramPublishInput,
): Promise<PublishJob> {
  const target = instagramTarget(context, connection);
  const { post, controls } = split(input ?? ({} as InstagramPublishInput));
  const plan = planInstagramPost(post);
  const upload = plan.main.upload;
  if (upload && target.login === "instagram") throw bytesRefused();
  const run = () => runPublish(context, target, plan, controls);
  if (controls.idempotencyKey === undefined) return run();
  const media = upload ? { size: upload.size, name: upload.name, type: upload.type } : undefined;
  const { source: _source, ...content } = post;
  const print = await fingerprint({ platform: "instagram", account: target.igUserId, content, media });
  return publishOnce(
    {
      store: context.idempotency,
      key: controls.idempotencyKey,
      fingerprint: print,
      now: () => context.clock.now(),
    },
    run,
  );
}

async function runPublish(
  context: InstagramContext,
  target: InstagramTarget,
  plan: InstagramPlan,
  controls: InstagramPublishControls,
): Promise<PublishJob> {
  const { signal } = controls;
  await assertPublishScopes(context, target, signal);
  const limit = await readPublishingLimit(context, target, signal);
  controls.onPublishingLimit?.(limit);
  assertQuotaLeft(limit);
  const wait = { ...controls, clock: controls.clock ?? context.clock };
  const childIds: string[] = [];
  for (const child of plan.children)
    childIds.push((await createContainer(context, target, child.params, signal)).id);
  // Each child until FINISHED, in turn: they become ready at different times.
  for (const id of childIds) {
    const child = await waitForContainer(context, target, id, wait);
    if (child.statusCode === "IN_PROGRESS") throw notReady(id, wait);
  }
  const main: ContainerSpec = childIds.length
    ? { params: { ...plan.main.params, children: childIds.join(",") } }
    : plan.main;
  const created = await createContainer(context, target, main.params, signal);
  const job = createPublishJob(
    {
      platform: "instagram",
      accountId: target.igUserId,
      outcome: "processing",
      ids: {
        containerId: created.id,
        mediaType: plan.kind,
        ...(childIds.length ? { children: childIds.join(",") } : {}),
      },
    },
    context.clock.now(),
  );
  if (main.upload) await uploadToContainer(context, target, job, created.uri, main.upload, controls);
  return finish(context, target, job, wait);
}

/** Waits for the container within the bound, then publishes it; `processing` when it is not ready by then. */
async function finish(
  context: InstagramContext,
  target: InstagramTarget,
  job: PublishJob,
  wait: InstagramWaitSettings & { signal?: AbortSignal | undefined; clock?: Clock | undefined },
): Promise<PublishJob> {
  const ready = await waitForContainer(context, target, job.ids.containerId as string, wait);
  if (ready.statusCode === "IN_PROGRESS") return job;
  return publishContainer(context, target, job, wait.signal);
}

/**
 * Continues an interrupted video upload from its saved state with the same bytes, then waits for
 * the container and publishes it, as `publishVideo` does. @internal
 */
export async function resumeInstagramUpload(
  context: InstagramContext,
  connection: Connection,
  state: ResumeState,
  input: ResumeUploadInput,
): Promise<PublishJob> {
  const target = instagramTarget(context, connection);
  if (target.login === "instagram") throw bytesRefused();
  await assertPublishScopes(context, target, input?.signal);
  const job = await resumeContainerUpload(context, target, state, input);
  return finish(context, target, job, { signal: input.signal, clock: context.clock });
}

function bytesRefused(): ValidationError {
  return new ValidationError("meta: Instagram Login accounts cannot upload video bytes through postkit.", {
    issues: [{ path: ["source"], message: "use videoUrl" }],
    hint: "Meta documents resumable uploads for Facebook Login apps only; pass a public https videoUrl instead.",
  });
}

function notReady(id: string, wait: InstagramWaitSettings): PlatformError {
  return new PlatformError(
    `meta: carousel item ${id} was not ready within ${wait.containerTimeoutMs ?? CONTAINER_POLL.timeoutMs} ms, so nothing was published.`,
    {
      platform: "meta",
      platformCode: "IN_PROGRESS",
      retryable: true,
      next: "after-delay",
      hint: "Raise containerTimeoutMs for slow videos, then publish again (new containers are created; unused ones expire).",
    },
  );
}

/** The job checked against the connection before any request. */
function checkJob(target: InstagramTarget, job: PublishJob): string {
  const containerId = job?.ids?.containerId;
  if (
    job?.platform !== "instagram" ||
    typeof containerId !== "string" ||
    !/^[A-Za-z0-9_]{1,64}$/.test(containerId)
  ) {
    throw new ValidationError("meta: the job is not an Instagram publish job.", {
      hint: "Pass a job publishVideo, publishPhotos or publishInstagram returned for an Instagram account.",
    });
  }
  if (job.accountId !== target.igUserId) {
    throw new ValidationError("meta: the job belongs to another Instagram account than the connection.");
  }
  return containerId;
}

/**
 * The job brought up to date: a `processing` container is read and, once `FINISHED`, published;
 * an `unknown` one is reconciled from its status_code (`PUBLISHED`: it was published);
 * a `published` job without its link gets it.
 * @internal
 */
export async function instagramPublishStatus(
  context: InstagramContext,
  connection: Connection,
  job: PublishJob,
  options: CallOptions = {},
): Promise<PublishJob> {
  const target = instagramTarget(context, connection);
  const containerId = checkJob(target, job);
  const { signal } = options;
  if (job.outcome === "published") {
    const mediaId = job.ids.mediaId;
    return mediaId && !job.postUrl ? withMedia(context, target, job, mediaId, signal) : job;
  }
  if (job.outcome === "failed") return job;
  if (job.outcome === "unknown") {
    const current = await readContainer(context, target, containerId, signal);
    return withContainer(context, target, job, current, signal);
  }
  return publishContainer(context, target, job, signal);
}

/**
 * Polls {@link instagramPublishStatus} at Meta's pace (5 s, doubling up to a minute) until the
 * job settles or `timeoutMs` passes.
 * @internal
 */
export function waitForInstagramPublish(
  context: InstagramContext,
  connection: Connection,
  job: PublishJob,
  options: WaitOptions = {},
): Promise<PublishJob> {
  let current = job;
  const check = async () => {
    current = await instagramPublishStatus(context, connection, current, options);
    return current;
  };
  return pollUntil(check, isSettled, {
    intervalMs: CONTAINER_POLL.intervalMs,
    backoff: 2,
    maxIntervalMs: CONTAINER_POLL.maxIntervalMs,
    timeoutMs: options.timeoutMs ?? 600_000,
    signal: options.signal,
    clock: options.clock ?? context.clock,
  });
}
