// The Meta emulator's Instagram publishing test controls: container plans, what was published,
// and the quota.
import {
  type EmulatedContainer,
  type EmulatedContainerStatus,
  type EmulatedInstagramMedia,
  type InstagramContainerInfo,
  type InstagramContainerPlan,
  statusOf,
} from "./instagram-publishing-state.js";
import type { MetaState } from "./state.js";

/** A container as a test sees it. */
export interface MetaEmulatedContainer {
  /** The container id. */
  id: string;
  /** The Instagram user it belongs to. */
  igUserId: string;
  /** `graph.facebook.com` (Facebook Login) or `graph.instagram.com` (Instagram Login). */
  host: "facebook" | "instagram";
  /** `IMAGE`, `VIDEO`, `REELS`, `STORIES` or `CAROUSEL`. */
  mediaType: string;
  /** `is_carousel_item=true`. */
  isCarouselItem: boolean;
  /** Its `status_code` now. */
  statusCode: EmulatedContainerStatus;
  /** The creation parameters as sent. */
  params: Readonly<Record<string, string>>;
  /** A carousel's children. */
  children: readonly string[];
  /** `media_publish` calls that named it, refused ones included. */
  publishCalls: number;
  /** The media it became, once published. */
  mediaId: string | undefined;
}

/** What the Meta emulator offers tests about Instagram publishing. */
export interface InstagramPublishingControls {
  /** Decides each new container's ready time and outcome (per-container, so carousel children differ). */
  planInstagramContainers(plan: (info: InstagramContainerInfo) => InstagramContainerPlan): void;
  /** A container; `undefined` when there is none with that id. */
  instagramContainer(id: string): MetaEmulatedContainer | undefined;
  /** Every container created, in order. */
  instagramContainers(): MetaEmulatedContainer[];
  /** The published media (of one Instagram user, or all), oldest first. */
  instagramMedia(igUserId?: string): EmulatedInstagramMedia[];
  /** Adds `used` API posts to the account's `quota_usage` (as if published elsewhere). */
  useInstagramQuota(igUserId: string, used: number): void;
}

function view(state: MetaState, container: EmulatedContainer): MetaEmulatedContainer {
  return {
    id: container.id,
    igUserId: container.igUserId,
    host: container.host,
    mediaType: container.mediaType,
    isCarouselItem: container.isCarouselItem,
    statusCode: statusOf(state, container),
    params: { ...container.params },
    children: [...container.children],
    publishCalls: container.publishCalls,
    mediaId: container.mediaId,
  };
}

/** The controls over `state`. @internal */
export function instagramPublishingControls(state: MetaState): InstagramPublishingControls {
  const publishing = state.instagramPublishing;
  return {
    planInstagramContainers(plan) {
      publishing.plan = plan;
    },
    instagramContainer(id) {
      const container = publishing.containers.get(id);
      return container ? view(state, container) : undefined;
    },
    instagramContainers() {
      return [...publishing.containers.values()].map((container) => view(state, container));
    },
    instagramMedia(igUserId) {
      return [...publishing.media.values()]
        .filter((media) => igUserId === undefined || media.igUserId === igUserId)
        .map((media) => ({ ...media, children: [...media.children] }));
    },
    useInstagramQuota(igUserId, used) {
      publishing.extraUsage.set(igUserId, (publishing.extraUsage.get(igUserId) ?? 0) + used);
    },
  };
}
