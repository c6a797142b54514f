// The loopback server's base URLs are typed from the hub's emulators: `baseUrls.tiktok` has
// TikTok's roles, with no `!` needed, and matches what the server really serves.
import { createEmulatorHub, createTikTokEmulator, createYouTubeEmulator } from "@postkit/testing";
import { describe, expect, expectTypeOf, it } from "vitest";

describe("typed base URLs", () => {
  it("types baseUrls per platform and role, and serves exactly those", async () => {
    const tiktok = createTikTokEmulator();
    const youtube = createYouTubeEmulator();
    const server = await createEmulatorHub(tiktok, youtube).listen();
    try {
      expectTypeOf(server.baseUrls.tiktok).toEqualTypeOf<{ auth: string; api: string; upload: string }>();
      expectTypeOf(server.baseUrls.youtube).toEqualTypeOf<{ auth: string; oauth: string; api: string }>();
      // @ts-expect-error: the hub has no Meta emulator
      void server.baseUrls.meta;
      expect(Object.keys(server.baseUrls).sort()).toEqual(["tiktok", "youtube"]);
      expect(Object.keys(server.baseUrls.tiktok).sort()).toEqual(["api", "auth", "upload"]);
      expect(Object.keys(server.baseUrls.youtube).sort()).toEqual(["api", "auth", "oauth"]);
      expect(server.baseUrls.tiktok.api).toBe(`${server.url}/tiktok/api`);
    } finally {
      await server.close();
    }
  });

  it("names the first registered redirect URI, and refuses an emulator without one", () => {
    expect(
      createTikTokEmulator({ redirectUris: ["https://a.example/cb", "https://b.example/cb"] }).redirectUri,
    ).toBe("https://a.example/cb");
    expect(createYouTubeEmulator().redirectUri).toBe("http://localhost:3000/callback");
    expect(() => createTikTokEmulator({ redirectUris: [] })).toThrow(/at least one/);
    expect(() =>
      createYouTubeEmulator({ clients: [{ clientId: "c", clientSecret: "s3cr3t-x", redirectUris: [] }] }),
    ).toThrow(/at least one/);
  });
});
