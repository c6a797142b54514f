// Instagram publishing end to end over the loopback emulator server with the real global fetch:
// a carousel whose children become ready at different times publishes once, and a media_publish
// whose answer is lost is reconciled without a second post. Time is a manual clock the client's
// waits move, so nothing here waits for real.
import { createEmulatorHub, createMetaEmulator } from "@postkit/testing";
import { afterEach, expect, it } from "vitest";
import { defaultFacebookScopes } from "../src/index.js";
import { sharedClock, JPEG, MP4, publishCalls } from "./instagram-support.js";
import { clientFor, login } from "./support.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function loopback() {
  const { emulatorClock, client } = sharedClock();
  const emulator = createMetaEmulator({ clock: emulatorClock, requireAppSecretProof: true });
  const hub = createEmulatorHub(emulator);
  const server = await hub.listen();
  close = () => server.close();
  const meta = clientFor(emulator, { baseUrls: server.baseUrls.meta, clock: client });
  const { result } = await login(meta, fetch, defaultFacebookScopes);
  const instagram = result.accounts.find((c) => c.account.platform === "instagram");
  if (!instagram) throw new Error("no Instagram account");
  return { emulator, hub, meta, instagram, clock: client };
}

it("a carousel whose children become ready at different times is published once, after every child and the carousel are FINISHED", async () => {
  const { emulator, hub, meta, instagram } = await loopback();
  // Children ready after 40 s, 5 s and 2 min; the carousel itself 10 s after its creation.
  const readyAfter = [40_000, 5_000, 120_000];
  emulator.planInstagramContainers((info) => ({
    readyAfterMs: info.isCarouselItem ? readyAfter[info.sequence] : 10_000,
  }));
  hub.log.clear();
  const job = await meta.publishInstagram(instagram, {
    type: "carousel",
    items: [
      { type: "image", imageUrl: JPEG("one"), altText: "One" },
      { type: "video", videoUrl: MP4("two") },
      { type: "image", imageUrl: JPEG("three") },
    ],
    caption: "Three things #bakery",
  });
  expect(job.outcome).toBe("published");
  expect(job.postUrl).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
  const containers = emulator.instagramContainers();
  expect(containers.map((c) => [c.mediaType, c.isCarouselItem, c.statusCode])).toEqual([
    ["IMAGE", true, "FINISHED"],
    ["VIDEO", true, "FINISHED"],
    ["IMAGE", true, "FINISHED"],
    ["CAROUSEL", false, "PUBLISHED"],
  ]);
  // The carousel was created only once every child was ready (the emulator refuses it before),
  // and the carousel itself polled until FINISHED before media_publish, sent once.
  const creations = hub.log
    .entries()
    .filter((entry) => entry.method === "POST" && entry.path.endsWith("/media"));
  expect(creations.map((entry) => entry.status)).toEqual([200, 200, 200, 200]);
  expect(publishCalls(hub)).toBe(1);
  expect(containers[3]?.publishCalls).toBe(1);
  const media = emulator.instagramMedia(instagram.account.id);
  expect(media).toHaveLength(1);
  expect(media[0]).toMatchObject({
    mediaType: "CAROUSEL_ALBUM",
    caption: "Three things #bakery",
    id: job.postId,
  });
  expect(media[0]?.children).toHaveLength(3);
});

it("a media_publish whose answer is lost after Instagram published is an unknown job, reconciled without a second post", async () => {
  const { emulator, hub, meta, instagram, clock } = await loopback();
  hub.faults.add({
    platform: "meta",
    role: "graph",
    method: "POST",
    path: /\/media_publish$/,
    drop: "after-response",
  });
  const job = await meta.publishInstagram(instagram, {
    type: "image",
    imageUrl: JPEG("lost"),
    caption: "Lost and found",
    idempotencyKey: "lost-1",
  });
  expect(job).toMatchObject({ outcome: "unknown", failure: { code: "PUBLISH_RESPONSE_LOST" } });
  expect(emulator.instagramMedia()).toHaveLength(1);
  // The same key returns the unknown job: no second publish.
  const repeat = await meta.publishInstagram(instagram, {
    type: "image",
    imageUrl: JPEG("lost"),
    caption: "Lost and found",
    idempotencyKey: "lost-1",
  });
  expect(repeat.outcome).toBe("unknown");
  const settled = await meta.waitForPublish(instagram, JSON.parse(JSON.stringify(job)), { clock });
  const [media] = emulator.instagramMedia();
  expect(settled).toMatchObject({ outcome: "published", postId: media?.id, postUrl: media?.permalink });
  expect(publishCalls(hub)).toBe(1);
  expect(emulator.instagramMedia()).toHaveLength(1);
  expect(emulator.instagramContainer(job.ids.containerId!)?.publishCalls).toBe(1);
});

it("a media_publish lost before Instagram saw it is reconciled to publishing it, once, after the settle margin", async () => {
  const { emulator, hub, meta, instagram, clock } = await loopback();
  hub.faults.add({
    platform: "meta",
    role: "graph",
    method: "POST",
    path: /\/media_publish$/,
    drop: "before-response",
  });
  const job = await meta.publishInstagram(instagram, { type: "image", imageUrl: JPEG("dropped") });
  expect(job.outcome).toBe("unknown");
  expect(emulator.instagramMedia()).toHaveLength(0);
  // At once: the container is still FINISHED, which could be a publish Meta is still working on.
  expect((await meta.getPublishStatus(instagram, job)).outcome).toBe("unknown");
  const settled = await meta.waitForPublish(instagram, job, { clock });
  expect(settled.outcome).toBe("published");
  expect(emulator.instagramMedia()).toHaveLength(1);
  expect(publishCalls(hub)).toBe(2);
});
