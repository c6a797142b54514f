// The Meta emulator's registered redirect URIs (`redirectUris`, `instagramLogin.redirectUris`): an
// app serving its own callbacks registers them, and any other URI is refused, as Meta refuses one
// missing from the app's Valid OAuth Redirect URIs.
import { expect, it } from "vitest";
import { createEmulatorHub } from "@postkit/testing";
import { createMetaEmulator } from "../src/meta/index.js";

const facebook = ["http://127.0.0.1:8787/callback/facebook", "http://127.0.0.1:8787/callback/instagram"];
const instagram = ["http://127.0.0.1:8787/callback/instagram-login"];

function setup() {
  const emulator = createMetaEmulator({
    redirectUris: facebook,
    instagramLogin: { redirectUris: instagram },
  });
  return { emulator, hub: createEmulatorHub(emulator) };
}

it("accepts each registered Facebook redirect URI and refuses another", async () => {
  const { emulator, hub } = setup();
  expect(emulator.redirectUri).toBe(facebook[0]);
  const dialog = (redirectUri: string) =>
    hub.fetch(
      `https://www.facebook.com/v25.0/dialog/oauth?${new URLSearchParams({
        client_id: emulator.clientId,
        redirect_uri: redirectUri,
        scope: "pages_show_list",
        state: "s",
      })}`,
    );
  for (const uri of facebook) {
    const response = await dialog(uri);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")?.startsWith(`${uri}?code=`)).toBe(true);
  }
  expect((await dialog("https://app.example/callback/meta")).status).toBe(400);
});

it("accepts the registered Instagram Login redirect URI and refuses the default one", async () => {
  const { emulator, hub } = setup();
  expect(emulator.instagramLogin.redirectUri).toBe(instagram[0]);
  const authorize = (redirectUri: string) =>
    hub.fetch(
      `https://www.instagram.com/oauth/authorize?${new URLSearchParams({
        client_id: emulator.instagramLogin.appId,
        redirect_uri: redirectUri,
        response_type: "code",
        scope: "instagram_business_basic",
        state: "s",
      })}`,
    );
  expect((await authorize(instagram[0]!)).status).toBe(302);
  expect((await authorize("https://app.example/callback/instagram")).status).toBe(400);
});

it("refuses an empty list of redirect URIs at creation", () => {
  expect(() => createMetaEmulator({ redirectUris: [] })).toThrow(/redirectUris/);
});
