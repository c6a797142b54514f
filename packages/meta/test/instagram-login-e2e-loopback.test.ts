// Instagram Login end to end over a real loopback HTTP server with the real global fetch.
import { createEmulatorHub, createMetaEmulator } from "@postkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { InstagramLogin } from "../src/index.js";
import { loginInstagram } from "./instagram-login-support.js";

const emulator = createMetaEmulator({ instagramLogin: { tokenShape: "flat" } });
const hub = createEmulatorHub(emulator);
let server: Awaited<ReturnType<typeof hub.listen>>;
let instagram: InstagramLogin;

beforeAll(async () => {
  server = await hub.listen();
  instagram = new InstagramLogin({
    clientId: emulator.instagramLogin.appId,
    clientSecret: emulator.instagramLogin.appSecret,
    redirectUri: emulator.instagramLogin.redirectUri,
    baseUrls: server.baseUrls.meta,
  });
});
afterAll(() => server.close());

it("an Instagram login yields its account and profile, on the configured hosts", async () => {
  const { start, result } = await loginInstagram(instagram, fetch);
  expect(start.url.href.startsWith(server.baseUrls.meta.instagramDialog)).toBe(true);
  const [connection] = result.accounts;
  expect(connection!.account).toMatchObject({ platform: "instagram", login: "instagram" });
  const profile = await instagram.getProfile(connection!);
  expect(profile.id).toBe(emulator.instagramLogin.account.id);
  expect(profile.displayName).toBe("postkit.studio");
  expect(hub.log.count({ role: "instagramGraph", path: "/v25.0/me" })).toBe(2);
});
