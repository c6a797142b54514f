// Instagram media containers: creating one (`POST /{ig-user-id}/media`), reading its
// `status_code`, and waiting until it is ready at Meta's pace.
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media ,
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container .
import { type Clock, PlatformError, pollUntil, redactValue } from "@postkit/core";
import * as z from "zod/mini";
import { igCall, type InstagramTarget, type InstagramContext } from "./instagram-account.js";

/**
 * A container's `status_code`: `IN_PROGRESS`, `FINISHED` (ready to publish), `PUBLISHED`,
 * `ERROR` (see `status`) or `EXPIRED` (not published within 24 hours).
 * @group Instagram
 */
export type InstagramContainerStatus = "IN_PROGRESS" | "FINISHED" | "PUBLISHED" | "ERROR" | "EXPIRED";

/** A container as Meta reports it. @group Instagram */
export interface InstagramContainer {
  /** The container id (`creation_id` of `media_publish`). */
  id: string;
  /** Where it stands. */
  statusCode: InstagramContainerStatus;
  /** Meta's `status`: on `ERROR`, the error subcode or text (redacted). */
  status?: string | undefined;
}

/**
 * How long to wait for containers. Meta: "We recommend querying a container's status once per
 * minute, for no more than 5 minutes"; big Reels often take longer, so the bound is the app's.
 * @group Instagram
 */
export interface InstagramWaitSettings {
  /** The first wait between two status reads; later waits double up to a minute. @default 5000 */
  pollIntervalMs?: number | undefined;
  /** Give up waiting for one container after this long (the job stays `processing`). @default 300000 */
  containerTimeoutMs?: number | undefined;
}

/** The defaults of {@link InstagramWaitSettings}. @internal */
export const CONTAINER_POLL = Object.freeze({ intervalMs: 5_000, maxIntervalMs: 60_000, timeoutMs: 300_000 });

const STATUS_CODES = ["IN_PROGRESS", "FINISHED", "PUBLISHED", "ERROR", "EXPIRED"] as const;
const created = z.looseObject({ id: z.string().check(z.minLength(1)), uri: z.optional(z.string()) });
const container = z.looseObject({
  id: z.optional(z.string()),
  status_code: z.enum(STATUS_CODES),
  status: z.optional(z.string()),
});

/**
 * A container that ended in `ERROR` or `EXPIRED`: nothing was published. `reason` is Meta's
 * `status` (the error subcode or text). Create a new container to try again.
 * @group Instagram
 */
export class InstagramContainerError extends PlatformError {
  /** The container's id. */
  readonly containerId: string;
  /** `ERROR` or `EXPIRED`. */
  readonly statusCode: "ERROR" | "EXPIRED";
  /** Meta's `status`, redacted; absent when it sent none. */
  readonly reason: string | undefined;

  /** @internal */
  constructor(found: InstagramContainer & { statusCode: "ERROR" | "EXPIRED" }) {
    const reason = found.status ? shortReason(found.status) : undefined;
    super(
      found.statusCode === "EXPIRED"
        ? "meta: the Instagram container expired before it was published."
        : `meta: Instagram could not process the media${reason ? ` (${reason})` : ""}.`,
      {
        platform: "meta",
        platformCode: found.statusCode,
        retryable: false,
        next: "never",
        hint:
          found.statusCode === "EXPIRED"
            ? "Containers expire 24 hours after creation: publish again, which creates a new one."
            : "Check the media against Instagram's rules (JPEG images; H.264/AAC MP4 videos with +faststart) and publish again.",
      },
    );
    this.name = "InstagramContainerError";
    this.containerId = found.id;
    this.statusCode = found.statusCode;
    this.reason = reason;
  }
}

/** One short clause of Meta's text: messages are one sentence. */
function shortReason(status: string): string {
  const clean = String(redactValue(status)).split(/[.!?]\s/)[0] ?? "";
  return (clean.length > 120 ? `${clean.slice(0, 119)}…` : clean).replace(/[.!?]+$/, "");
}

/**
 * Creates one container. Never repeated: each call makes a container (an unpublished one expires
 * after 24 hours and posts nothing). `uri` is the upload URL of a resumable video container.
 * @internal
 */
export async function createContainer(
  context: InstagramContext,
  target: InstagramTarget,
  params: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<{ id: string; uri?: string | undefined }> {
  return igCall(context, target, {
    method: "POST",
    path: `/${target.igUserId}/media`,
    form: params,
    schema: created,
    idempotent: false,
    what: "Instagram container creation",
    signal,
  });
}

/** `GET /{container-id}?fields=id,status_code,status`. @internal */
export async function readContainer(
  context: InstagramContext,
  target: InstagramTarget,
  id: string,
  signal: AbortSignal | undefined,
): Promise<InstagramContainer> {
  const body = await igCall(context, target, {
    method: "GET",
    path: `/${encodeURIComponent(id)}`,
    query: { fields: "id,status_code,status" },
    schema: container,
    idempotent: true,
    what: "Instagram container status",
    signal,
  });
  return {
    id,
    statusCode: body.status_code,
    ...(body.status ? { status: String(redactValue(body.status, [context.clientSecret])) } : {}),
  };
}

/**
 * Reads the container until it leaves `IN_PROGRESS` or the bound passes (core's `pollUntil`:
 * 5 s, doubling up to a minute). Returns the last status; `ERROR` and `EXPIRED` are thrown as
 * {@link InstagramContainerError}.
 * @internal
 */
export async function waitForContainer(
  context: InstagramContext,
  target: InstagramTarget,
  id: string,
  options: InstagramWaitSettings & { signal?: AbortSignal | undefined; clock?: Clock | undefined },
): Promise<InstagramContainer> {
  const found = await pollUntil(
    () => readContainer(context, target, id, options.signal),
    (current) => current.statusCode !== "IN_PROGRESS",
    {
      intervalMs: options.pollIntervalMs ?? CONTAINER_POLL.intervalMs,
      backoff: 2,
      maxIntervalMs: CONTAINER_POLL.maxIntervalMs,
      timeoutMs: options.containerTimeoutMs ?? CONTAINER_POLL.timeoutMs,
      signal: options.signal,
      clock: options.clock ?? context.clock,
    },
  );
  assertUsable(found);
  return found;
}

/** Throws {@link InstagramContainerError} for `ERROR` and `EXPIRED`. @internal */
export function assertUsable(found: InstagramContainer): void {
  if (found.statusCode === "ERROR" || found.statusCode === "EXPIRED") {
    throw new InstagramContainerError({ ...found, statusCode: found.statusCode });
  }
}
