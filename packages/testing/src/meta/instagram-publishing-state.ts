// The Instagram publishing part of the Meta emulator's state: containers, published media and
// the publishing quota, with each container's status_code derived from the clock
// (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container).
import { numericId } from "./instagram-state.js";
import type { MetaState } from "./state.js";

/** A container's `status_code`. */
export type EmulatedContainerStatus = "IN_PROGRESS" | "FINISHED" | "PUBLISHED" | "ERROR" | "EXPIRED";

/** What a test decides about a container when it is created. */
export interface InstagramContainerPlan {
  /** It stays `IN_PROGRESS` this long after creation (after its upload completes, for bytes). */
  readyAfterMs?: number | undefined;
  /** What it becomes once ready. @default "FINISHED" */
  outcome?: "FINISHED" | "ERROR" | "EXPIRED" | undefined;
  /** The container's `status` on `ERROR`. @default "Error: 2207026: unsupported video format" */
  status?: string | undefined;
}

/** What the plan function is told about a new container. */
export interface InstagramContainerInfo {
  /** The container id. */
  id: string;
  /** The nth container created by this emulator, from 0. */
  sequence: number;
  /** `IMAGE`, `VIDEO`, `REELS`, `STORIES` or `CAROUSEL`. */
  mediaType: string;
  /** `is_carousel_item=true`. */
  isCarouselItem: boolean;
  /** The Instagram user it belongs to. */
  igUserId: string;
}

/** Options of the emulator's Instagram publishing. */
export interface InstagramPublishingOptions {
  /** `config.quota_total` of `content_publishing_limit`. @default 50 (Meta's example) */
  quotaTotal?: number | undefined;
  /**
   * Decides each container's ready time and outcome. @default images ready at once, videos
   * after 10 s, all `FINISHED`
   */
  containerPlan?: ((info: InstagramContainerInfo) => InstagramContainerPlan) | undefined;
}

/** A media container. */
export interface EmulatedContainer {
  id: string;
  igUserId: string;
  /** The host it was created on. */
  host: "facebook" | "instagram";
  mediaType: "IMAGE" | "VIDEO" | "REELS" | "STORIES" | "CAROUSEL";
  isCarouselItem: boolean;
  /** The creation parameters as sent. */
  params: Record<string, string>;
  /** A carousel's children, in order. */
  children: string[];
  /** Its bytes come through rupload (`upload_type=resumable`). */
  resumable: boolean;
  createdAt: number;
  /** When a resumable container's upload completed. */
  uploadedAt?: number | undefined;
  plan: Required<Pick<InstagramContainerPlan, "readyAfterMs" | "outcome">> & { status: string };
  /** The media it became. */
  mediaId?: string | undefined;
  /** `media_publish` calls that reached it. */
  publishCalls: number;
  /** `status_code` reads so far. */
  statusReads: number;
  /** The `late-processing-failure` preset: `status_code` reads answered IN_PROGRESS before ERROR. */
  failAfterReads?: number | undefined;
}

/** A published Instagram media. */
export interface EmulatedInstagramMedia {
  /** The media id (`media_publish`'s answer). */
  id: string;
  /** The Instagram user it was published to. */
  igUserId: string;
  /** The container it came from. */
  containerId: string;
  /** `IMAGE`, `VIDEO` or `CAROUSEL_ALBUM`. */
  mediaType: "IMAGE" | "VIDEO" | "CAROUSEL_ALBUM";
  /** `FEED`, `REELS` or `STORY`. */
  mediaProductType: "FEED" | "REELS" | "STORY";
  /** The container's caption. */
  caption?: string | undefined;
  /** `https://www.instagram.com/p/…/` (`/reel/…` for Reels, `/stories/…` for Stories). */
  permalink: string;
  /** Epoch ms. */
  publishedAt: number;
  /** Child media ids of a carousel. */
  children: string[];
}

/** @internal */
export interface InstagramPublishingState {
  quotaTotal: number;
  plan: (info: InstagramContainerInfo) => InstagramContainerPlan;
  containers: Map<string, EmulatedContainer>;
  media: Map<string, EmulatedInstagramMedia>;
  /** Publish times per Instagram user, for `quota_usage`. */
  published: Map<string, number[]>;
  /** Extra quota usage set by tests, per Instagram user. */
  extraUsage: Map<string, number>;
  sequence: number;
  /** The `late-processing-failure` preset: new containers fail after this many status reads. */
  lateFailure?: { reads: number; status: string } | undefined;
}

/** Containers expire 24 hours after creation. */
export const CONTAINER_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** The publishing window, `quota_duration`. */
export const QUOTA_WINDOW_S = 86_400;

const defaultPlan = (info: InstagramContainerInfo): InstagramContainerPlan => ({
  readyAfterMs: info.mediaType === "IMAGE" || info.mediaType === "CAROUSEL" ? 0 : 10_000,
});

/** @internal */
export function createInstagramPublishingState(
  options: InstagramPublishingOptions = {},
): InstagramPublishingState {
  return {
    quotaTotal: options.quotaTotal ?? 50,
    plan: options.containerPlan ?? defaultPlan,
    containers: new Map(),
    media: new Map(),
    published: new Map(),
    extraUsage: new Map(),
    sequence: 0,
  };
}

/** Creates a container, with its plan. @internal */
export function addContainer(
  state: MetaState,
  fields: Omit<EmulatedContainer, "id" | "createdAt" | "plan" | "publishCalls" | "statusReads">,
): EmulatedContainer {
  const publishing = state.instagramPublishing;
  const id = numericId("179");
  const planned = publishing.plan({
    id,
    sequence: publishing.sequence++,
    mediaType: fields.mediaType,
    isCarouselItem: fields.isCarouselItem,
    igUserId: fields.igUserId,
  });
  const container: EmulatedContainer = {
    ...fields,
    id,
    createdAt: state.clock.now(),
    publishCalls: 0,
    statusReads: 0,
    plan: {
      readyAfterMs: planned.readyAfterMs ?? 0,
      outcome: planned.outcome ?? "FINISHED",
      status: planned.status ?? "Error: 2207026: unsupported video format",
    },
  };
  if (publishing.lateFailure) failLate(container, publishing.lateFailure);
  publishing.containers.set(id, container);
  return container;
}

/** The container's `status_code` now. @internal */
export function statusOf(state: MetaState, container: EmulatedContainer): EmulatedContainerStatus {
  if (container.mediaId) return "PUBLISHED";
  const now = state.clock.now();
  if (now >= container.createdAt + CONTAINER_LIFETIME_MS) return "EXPIRED";
  let start = container.createdAt;
  if (container.resumable) {
    const upload = state.ruploads.get(container.id);
    if (!upload?.complete) return "IN_PROGRESS";
    container.uploadedAt ??= now;
    start = container.uploadedAt;
  }
  if (now < start + container.plan.readyAfterMs) return "IN_PROGRESS";
  if (container.mediaType === "CAROUSEL") {
    const children = container.children.map((id) => state.instagramPublishing.containers.get(id));
    if (children.some((child) => !child || statusOf(state, child) !== "FINISHED")) return "IN_PROGRESS";
  }
  if (container.failAfterReads !== undefined && container.plan.outcome === "FINISHED")
    return container.statusReads > container.failAfterReads ? "ERROR" : "IN_PROGRESS";
  return container.plan.outcome;
}

/** Makes `container` report IN_PROGRESS for `reads` more status reads once ready, then ERROR. @internal */
export function failLate(container: EmulatedContainer, failure: { reads: number; status: string }): void {
  container.failAfterReads = container.statusReads + failure.reads;
  container.plan.status = failure.status;
}

/** API posts of `igUserId` in the last 24 hours. @internal */
export function quotaUsage(state: MetaState, igUserId: string): number {
  const since = state.clock.now() - QUOTA_WINDOW_S * 1000;
  const times = (state.instagramPublishing.published.get(igUserId) ?? []).filter((at) => at > since);
  return times.length + (state.instagramPublishing.extraUsage.get(igUserId) ?? 0);
}
