// The login end to end over a real loopback HTTP server with the real global fetch.
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
