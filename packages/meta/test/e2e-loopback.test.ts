// The login end to end over a real loopback HTTP server with the real global fetch.
import { fromBytes } from "@postkit/core";
import { createEmulatorHub, createMetaEmulator } from "@postkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { defaultFacebookScopes, type Meta } from "../src/index.js";
import { clientFor, login } from "./support.js";

const emulator = createMetaEmulator({ requireAppSecretProof: true });
const hub = createEmulatorHub(emulator);
let server: Awaited<ReturnType<typeof hub.listen>>;
let meta: Meta;

beforeAll(async () => {
  server = await hub.listen();
  meta = clientFor(emulator, { baseUrls: server.baseUrls.meta });
});
afterAll(() => server.close());

it("one Facebook login yields two Pages and the Instagram account linked to one, each with a profile", async () => {
  emulator.setUsage("x-app-usage", { call_count: 10, total_cputime: 1, total_time: 2 });
  const { start, result } = await login(meta, fetch, defaultFacebookScopes);
  expect(start.url.href.startsWith(server.baseUrls.meta.dialog)).toBe(true);
  expect(result.accounts.map((c) => c.account.platform)).toEqual(["facebook", "instagram", "facebook"]);
  const profiles = await Promise.all(result.accounts.map((c) => meta.getProfile(c)));
  expect(profiles.map((p) => p.displayName)).toEqual(["Postkit Bakery", "postkit.bakery", "Postkit Books"]);
  expect(meta.graph.usage.percent("app")).toBe(10);
});

it("one Facebook login connects a user with two Pages, one linked to Instagram, and the app publishes to each Page it chose", async () => {
  const { result } = await login(meta, fetch, defaultFacebookScopes);
  const pages = result.accounts.filter((c) => c.account.platform === "facebook");
  expect(pages.map((c) => c.account.displayName)).toEqual(["Postkit Bakery", "Postkit Books"]);
  expect(result.accounts.find((c) => c.account.platform === "instagram")?.account.pageId).toBe(
    pages[0]!.account.id,
  );
  const [bakery, books] = pages;
  const post = await meta.publishPagePost(bakery!, { message: "Fresh bread today" });
  const reel = await meta.publishVideo(books!, {
    source: fromBytes(
      Uint8Array.from({ length: 65_536 }, (_, i) => i % 251),
      { type: "video/mp4" },
    ),
    options: { kind: "reel", description: "New shelf" },
  });
  const clock = { now: () => Date.now(), sleep: async () => {} };
  const settled = await meta.waitForPublish(books!, reel, { clock });
  expect([post.outcome, settled.outcome]).toEqual(["published", "published"]);
  const byPage = new Map(emulator.pagePosts().map((p) => [p.pageId, p.message]));
  expect(byPage.get(bakery!.account.id)).toBe("Fresh bread today");
  expect(emulator.pageVideos().map((v) => [v.pageId, v.kind, v.description])).toEqual([
    [books!.account.id, "reel", "New shelf"],
  ]);
});
