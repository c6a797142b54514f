// The Meta emulator's Instagram Login and debug_token on their own, through the hub's fetch with
// raw requests: the documented flow and what real Meta refuses.
import { describe, expect, it } from "vitest";
import { createClock, createEmulatorHub } from "@postkit/testing";
import { createMetaEmulator, type MetaEmulatorOptions } from "../src/meta/index.js";

const DAY = 24 * 3600 * 1000;
const IG_GRAPH = "https://graph.instagram.com";

function setup(options: MetaEmulatorOptions = {}) {
  const clock = createClock(Date.UTC(2026, 0, 1));
  const emulator = createMetaEmulator({ clock, ...options });
  const hub = createEmulatorHub(emulator);
  const ig = emulator.instagramLogin;
  const authorize = async (scope = "instagram_business_basic,instagram_business_content_publish") => {
    const url = new URL("https://www.instagram.com/oauth/authorize");
    url.search = new URLSearchParams({
      client_id: ig.appId,
      redirect_uri: ig.redirectUri,
      response_type: "code",
      scope,
      state: "st4te-st4te-st4te",
    }).toString();
    return hub.fetch(url, { redirect: "manual" });
  };
  const codeOf = (location: string) => new URL(location).searchParams.get("code") ?? "";
  const exchange = (fields: Record<string, string>) =>
    hub.fetch("https://api.instagram.com/oauth/access_token", {
      method: "POST",
      body: new URLSearchParams({
        client_id: ig.appId,
        client_secret: ig.appSecret,
        grant_type: "authorization_code",
        redirect_uri: ig.redirectUri,
        ...fields,
      }),
    });
  const get = (path: string, params: Record<string, string>) =>
    hub.fetch(`${IG_GRAPH}${path}?${new URLSearchParams(params)}`);
  return { clock, emulator, hub, ig, authorize, codeOf, exchange, get };
}

describe("Instagram Login on the Meta emulator", () => {
  it("authorize → code (with #_) → short-lived token (wrapped) → long-lived token → /me", async () => {
    const { ig, authorize, codeOf, exchange, get } = setup();
    const consent = await authorize("instagram_business_basic instagram_business_content_publish");
    expect(consent.status).toBe(302);
    const location = consent.headers.get("location") ?? "";
    expect(location.startsWith(ig.redirectUri)).toBe(true);
    // The code goes last and Instagram appends `#_`.
    expect(location).toMatch(/[?&]code=[^&#]+#_$/);
    const short = await exchange({ code: codeOf(location) });
    expect(short.status).toBe(200);
    const wrapped = (await short.json()) as {
      data: [{ access_token: string; user_id: string; permissions: string }];
    };
    expect(wrapped.data[0].user_id).toBe(ig.account.scopedId);
    expect(wrapped.data[0].permissions).toBe("instagram_business_basic,instagram_business_content_publish");
    const long = await get("/access_token", {
      grant_type: "ig_exchange_token",
      client_secret: ig.appSecret,
      access_token: wrapped.data[0].access_token,
    });
    const body = (await long.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 60 * 24 * 3600 });
    const me = await get("/v25.0/me", {
      fields: "user_id,username,followers_count",
      access_token: body.access_token,
    });
    expect(await me.json()).toEqual({
      user_id: ig.account.id,
      username: "postkit.studio",
      followers_count: 2100,
    });
  });

  it("answers the flat shape with user_id a bare number above 2^53", async () => {
    const { authorize, codeOf, exchange, ig } = setup({ instagramLogin: { tokenShape: "flat" } });
    const location = (await authorize()).headers.get("location") ?? "";
    const text = await (await exchange({ code: codeOf(location) })).text();
    expect(text).toMatch(new RegExp(`"user_id":${ig.account.scopedId}}$`));
    expect(BigInt(ig.account.scopedId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it("refuses a wrong redirect_uri, a reused code, a wrong secret and unknown scopes", async () => {
    const { ig, authorize, codeOf, exchange, hub } = setup();
    const wrongRedirect = new URL("https://www.instagram.com/oauth/authorize");
    wrongRedirect.search = new URLSearchParams({
      client_id: ig.appId,
      redirect_uri: "https://evil.example/cb",
      response_type: "code",
      scope: "instagram_business_basic",
    }).toString();
    expect((await hub.fetch(wrongRedirect, { redirect: "manual" })).status).toBe(400);
    expect((await authorize("pages_show_list")).status).toBe(400);

    const code = codeOf((await authorize()).headers.get("location") ?? "");
    const badSecret = await exchange({ code, client_secret: "nope" });
    expect(await badSecret.json()).toEqual({
      error_type: "OAuthException",
      code: 400,
      error_message: "Error validating client secret.",
    });
    expect((await exchange({ code })).status).toBe(200);
    const reused = await exchange({ code });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({
      error_message: "Matching code was not found or was already used",
    });

    const other = codeOf((await authorize()).headers.get("location") ?? "");
    const mismatch = await exchange({ code: other, redirect_uri: "https://app.example/elsewhere" });
    expect(mismatch.status).toBe(400);
    // The code is spent by a failed exchange too.
    expect((await exchange({ code: other })).status).toBe(400);
  });

  it("refreshes only a long-lived token at least 24 hours old and unexpired", async () => {
    const { clock, emulator, get } = setup();
    const young = emulator.issueInstagramToken();
    const refresh = (token: string) =>
      get("/refresh_access_token", { grant_type: "ig_refresh_token", access_token: token });
    const tooYoung = await refresh(young);
    expect(tooYoung.status).toBe(400);
    expect(((await tooYoung.json()) as { error: { message: string } }).error.message).toMatch(/24 hours/);

    clock.advance(DAY);
    const renewed = await refresh(young);
    expect(renewed.status).toBe(200);
    const { access_token: fresh } = (await renewed.json()) as { access_token: string };
    expect(fresh).not.toBe(young);

    const old = emulator.issueInstagramToken(undefined, { ageMs: 61 * DAY });
    const expired = await refresh(old);
    expect(
      ((await expired.json()) as { error: { code: number; error_subcode: number } }).error,
    ).toMatchObject({
      code: 190,
      error_subcode: 463,
    });
    const basicless = emulator.issueInstagramToken(["instagram_business_content_publish"], {
      ageMs: 2 * DAY,
    });
    expect((await refresh(basicless)).status).toBe(403);
    expect((await refresh("IGAAunknown")).status).toBe(400);
  });

  it("/me needs instagram_business_basic and a live token; unknown fields are refused", async () => {
    const { emulator, get } = setup();
    const limited = emulator.issueInstagramToken(["instagram_business_content_publish"]);
    expect((await get("/v25.0/me", { fields: "username", access_token: limited })).status).toBe(403);
    const token = emulator.issueInstagramToken();
    const field = await get("/v25.0/me", { fields: "username,nonsense", access_token: token });
    expect(field.status).toBe(400);
    emulator.revokeInstagramToken(token);
    const revoked = await get("/v25.0/me", { fields: "username", access_token: token });
    const { error } = (await revoked.json()) as { error: { code: number; error_subcode?: number } };
    // As Facebook tokens: 190 with the subcode that says why (460: the password changed).
    expect([error.code, error.error_subcode]).toEqual([190, 460]);
    const removed = emulator.issueInstagramToken();
    emulator.revokeInstagramToken(removed, 458);
    const gone = await get("/v25.0/me", { fields: "username", access_token: removed });
    expect(((await gone.json()) as { error: { error_subcode?: number } }).error.error_subcode).toBe(458);
  });
});

describe("debug_token on the Meta emulator", () => {
  it("reports type, validity, expiry and scopes, and wants the app token", async () => {
    const { clock, emulator, hub } = setup({ declined: ["publish_video"] });
    const user = emulator.issueUserToken(["pages_show_list", "publish_video"], 3600);
    const page = emulator.issuePageToken(emulator.pages[0]!.id, ["pages_show_list"]);
    const debug = async (input: string, app = `${emulator.clientId}|${emulator.clientSecret}`) => {
      const url = `https://graph.facebook.com/v25.0/debug_token?${new URLSearchParams({ input_token: input, access_token: app })}`;
      return hub.fetch(url);
    };
    const info = (await (await debug(user)).json()) as { data: Record<string, unknown> };
    expect(info.data).toMatchObject({
      app_id: emulator.clientId,
      type: "USER",
      is_valid: true,
      issued_at: Math.floor(clock.now() / 1000),
      expires_at: Math.floor(clock.now() / 1000) + 3600,
      scopes: ["pages_show_list"],
    });
    expect(((await (await debug(page)).json()) as { data: Record<string, unknown> }).data).toMatchObject({
      type: "PAGE",
      expires_at: 0,
      is_valid: true,
    });
    clock.advance(3601 * 1000);
    expect(((await (await debug(user)).json()) as { data: { is_valid: boolean } }).data.is_valid).toBe(false);
    expect(
      ((await (await debug("EAAUunknown")).json()) as { data: { is_valid: boolean } }).data.is_valid,
    ).toBe(false);
    const wrongApp = await debug(page, `${emulator.clientId}|wrong`);
    expect(((await wrongApp.json()) as { error: { code: number } }).error.code).toBe(190);
  });
});
