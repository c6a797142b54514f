// "One Facebook login connects a user with two Pages, one linked to Instagram, and the app
// publishes to each account it chose": the Instagram part (the Pages' part is Page publishing's
// own file). Over the loopback emulator with the real fetch; the app keeps only the accounts (plain
// JSON) and the client loads each one's token from the token store by its credential key.
import { MemoryTokenStore } from "@postkit/core";
import { createEmulatorHub, createMetaEmulator } from "@postkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { defaultFacebookScopes, type Meta, type MetaAccount } from "../src/index.js";
import { JPEG, MP4, publishCalls, sharedClock } from "./instagram-support.js";
import { clientFor, login } from "./support.js";

const { emulatorClock, client: clock } = sharedClock();
const emulator = createMetaEmulator({ clock: emulatorClock, requireAppSecretProof: true });
const hub = createEmulatorHub(emulator);
const tokenStore = new MemoryTokenStore();
let server: Awaited<ReturnType<typeof hub.listen>>;
let meta: Meta;

beforeAll(async () => {
  server = await hub.listen();
  meta = clientFor(emulator, { baseUrls: server.baseUrls.meta, clock, tokenStore });
});
afterAll(() => server.close());

it("one Facebook login yields two Pages and the Instagram account of one; the app publishes to the Instagram account it chose", async () => {
  const { result } = await login(meta, fetch, defaultFacebookScopes);
  const accounts = result.accounts.map((connection) => connection.account);
  expect(accounts.map((account) => account.platform)).toEqual(["facebook", "instagram", "facebook"]);
  const [bakery, instagram, books] = accounts as [MetaAccount, MetaAccount, MetaAccount];
  expect(instagram).toMatchObject({ pageId: bakery.id, login: "facebook" });
  expect(books.id).not.toBe(bakery.id);

  // The app stored the accounts as JSON and chose the Instagram one; credentials come from the store.
  const chosen = { account: JSON.parse(JSON.stringify(instagram)) as MetaAccount };
  const limit = await meta.getInstagramPublishingLimit(chosen);
  expect(limit).toMatchObject({ used: 0, remaining: 50 });
  const image = await meta.publishPhotos(chosen, {
    imageUrls: [JPEG("sourdough")],
    options: { caption: "Sourdough #bread" },
  });
  const reel = await meta.publishInstagram(chosen, {
    type: "reel",
    videoUrl: MP4("oven"),
    caption: "The oven",
  });
  const settledReel =
    reel.outcome === "published" ? reel : await meta.waitForPublish(chosen, reel, { clock });
  expect([image.outcome, settledReel.outcome]).toEqual(["published", "published"]);
  const media = emulator.instagramMedia();
  expect(media.map((m) => [m.igUserId, m.mediaProductType, m.caption])).toEqual([
    [instagram.id, "FEED", "Sourdough #bread"],
    [instagram.id, "REELS", "The oven"],
  ]);
  expect(publishCalls(hub)).toBe(2);
  // Every Instagram call went to graph.facebook.com with the linked Page's token (appsecret_proof required).
  const instagramCalls = hub.log.entries().filter((entry) => entry.path.includes(instagram.id));
  expect(new Set(instagramCalls.map((entry) => entry.role))).toEqual(new Set(["graph"]));
  expect(instagramCalls.every((entry) => entry.status === 200)).toBe(true);
});
