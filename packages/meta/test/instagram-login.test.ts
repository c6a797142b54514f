import {
  CapabilityError,
  ErrorCode,
  isPostkitError,
  MemoryTokenStore,
  OAuthError,
  ScopeError,
  type TokenSet,
} from "@postkit/core";
import { describe, expect, it } from "vitest";
import { defaultFacebookScopes, type MetaAccount } from "../src/index.js";
import { DAY, loginInstagram, setupInstagram } from "./instagram-login-support.js";
import { login, setup } from "./support.js";

const REFRESH = { platform: "meta", role: "instagramGraph", path: "/refresh_access_token" };
const EXCHANGE = { platform: "meta", role: "instagramApi", path: "/oauth/access_token" };

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: unknown) => error,
  );
}

describe.each(["fetch", "msw"] as const)("Instagram Login over %s", (transport) => {
  it("authorize → connect → profile: one Instagram account on graph.instagram.com with a long-lived token", async () => {
    const { emulator, hub, instagram, fetcher, clock } = setupInstagram(transport);
    const { start, location, result } = await loginInstagram(instagram, fetcher);
    expect(start.url.origin).toBe("https://www.instagram.com");
    expect(start.url.pathname).toBe("/oauth/authorize");
    expect(start.url.searchParams.get("client_id")).toBe(emulator.instagramLogin.appId);
    expect(start.url.searchParams.get("scope")).toBe(
      "instagram_business_basic,instagram_business_content_publish",
    );
    expect(start.session.platform).toBe("instagram");
    expect(location.endsWith("#_")).toBe(true);

    const ig = emulator.instagramLogin.account;
    expect(result.accounts).toHaveLength(1);
    const [connection] = result.accounts;
    expect(connection!.account).toEqual({
      platform: "instagram",
      id: ig.id,
      displayName: "postkit.studio",
      credentialKey: `instagram:${ig.id}`,
      login: "instagram",
      username: "postkit.studio",
      avatarUrl: ig.profilePictureUrl,
    });
    expect(result.grantedScopes).toEqual(["instagram_business_basic", "instagram_business_content_publish"]);
    const tokens = connection!.credentials;
    expect(tokens.expiresAt).toBe(clock.now() + 60 * DAY);
    // The code exchange's user_id (app-scoped) is kept as a string; the token is not copied into raw.
    expect(tokens.raw).toMatchObject({
      token_kind: "instagram_login",
      user_id: ig.scopedId,
      issued_at: clock.now(),
    });
    expect(JSON.stringify(tokens.raw)).not.toContain(tokens.accessToken);
    expect(hub.log.count(EXCHANGE)).toBe(1);

    const profile = await instagram.getProfile(connection!);
    expect(profile).toEqual({
      platform: "instagram",
      id: ig.id,
      displayName: "postkit.studio",
      username: "postkit.studio",
      avatarUrl: ig.profilePictureUrl,
      followersCount: 2100,
      followsCount: 64,
      mediaCount: 23,
      biography: "Films, weekly.",
      website: "https://studio.example",
    });
  });

  it("accepts the flat answer, whose user_id is a number above 2^53, exactly", async () => {
    const { emulator, instagram, fetcher } = setupInstagram(transport, {
      instagramLogin: { tokenShape: "flat" },
    });
    const { result } = await loginInstagram(instagram, fetcher, ["instagram_business_basic"]);
    const ig = emulator.instagramLogin.account;
    expect(result.tokens.raw.user_id).toBe(ig.scopedId);
    // The flat answer lists no permissions: the requested ones are taken as granted.
    expect(result.grantedScopes).toEqual(["instagram_business_basic"]);
    expect(result.accounts[0]!.account.id).toBe(ig.id);
  });
});

describe("Instagram Login: the callback and the code exchange", () => {
  it("strips Instagram's #_ from a code read off the raw query string", async () => {
    const { instagram, fetcher, emulator } = setupInstagram("fetch");
    const start = await instagram.createAuthorizationUrl({ scopes: ["instagram_business_basic"] });
    const location = (await fetcher(start.url, { redirect: "manual" })).headers.get("location") ?? "";
    // An app that splits the location by hand gets the `#_` on the last parameter, the code.
    const raw = new URLSearchParams(location.slice(location.indexOf("?") + 1));
    expect(raw.get("code")?.endsWith("#_")).toBe(true);
    const { accounts } = await instagram.connect(raw, start.session);
    expect(accounts[0]!.account.id).toBe(emulator.instagramLogin.account.id);
  });

  it("refuses a reused code, a redirect URI other than the authorize window's, and a wrong secret as OAuthErrors", async () => {
    const { instagram, fetcher, emulator, hub } = setupInstagram("fetch");
    const { start, location } = await loginInstagram(instagram, fetcher);
    const reused = await refusal(instagram.connect(location, start.session));
    expect(OAuthError.isInstance(reused)).toBe(true);
    expect((reused as OAuthError).message).toMatch(/Matching code was not found or was already used/);
    expect((reused as OAuthError).error).toBe("OAuthException");
    expect((reused as OAuthError).status).toBe(400);

    const again = await instagram.createAuthorizationUrl({ scopes: ["instagram_business_basic"] });
    const callback = (await fetcher(again.url, { redirect: "manual" })).headers.get("location") ?? "";
    const elsewhere = { ...again.session, redirectUri: "https://app.example/elsewhere" };
    expect(OAuthError.isInstance(await refusal(instagram.connect(callback, elsewhere)))).toBe(true);

    const { InstagramLogin } = await import("../src/index.js");
    const wrongSecret = new InstagramLogin({
      clientId: emulator.instagramLogin.appId,
      clientSecret: "not-the-secret",
      redirectUri: emulator.instagramLogin.redirectUri,
      fetch: hub.fetch,
    });
    const third = await wrongSecret.createAuthorizationUrl({ scopes: ["instagram_business_basic"] });
    const thirdCallback = (await fetcher(third.url, { redirect: "manual" })).headers.get("location") ?? "";
    const error = await refusal(wrongSecret.connect(thirdCallback, third.session));
    expect(OAuthError.isInstance(error)).toBe(true);
    expect((error as OAuthError).message).toMatch(/client secret/);
  });

  it("refuses a Facebook login session, and bad scopes before any request", async () => {
    const { instagram, fetcher, hub } = setupInstagram("fetch");
    const { start, location } = await loginInstagram(instagram, fetcher);
    hub.log.clear();
    const error = await refusal(instagram.connect(location, { ...start.session, platform: "meta" }));
    expect(isPostkitError(error, ErrorCode.OAUTH_SESSION_INVALID)).toBe(true);
    const scopes = await refusal(instagram.createAuthorizationUrl({ scopes: ["pages_show_list" as never] }));
    expect(isPostkitError(scopes, ErrorCode.INVALID_INPUT)).toBe(true);
    expect(hub.log.count()).toBe(0);
  });
});

describe("Instagram Login: renewal", () => {
  it("renewTokens refuses a token under 24 hours old and an expired one before any request, and renews one in between", async () => {
    const { instagram, fetcher, hub, advance, clock } = setupInstagram("fetch");
    const { result } = await loginInstagram(instagram, fetcher);
    const tokens = result.tokens;
    hub.log.clear();
    const young = await refusal(instagram.renewTokens(tokens));
    expect(isPostkitError(young, ErrorCode.INVALID_INPUT)).toBe(true);
    expect((young as Error).message).toMatch(/less than 24 hours old/);
    expect(hub.log.count()).toBe(0);

    advance(DAY);
    const renewed = await instagram.renewTokens(tokens);
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(renewed.expiresAt).toBe(clock.now() + 60 * DAY);
    expect(renewed.scopes).toEqual(tokens.scopes);
    expect(renewed.raw).toMatchObject({
      token_kind: "instagram_login",
      issued_at: clock.now(),
      user_id: tokens.raw.user_id,
    });
    expect(hub.log.count(REFRESH)).toBe(1);
    // The renewed token works, and is young again.
    await instagram.getProfile({ account: result.accounts[0]!.account, credentials: renewed });
    expect(isPostkitError(await refusal(instagram.renewTokens(renewed)), ErrorCode.INVALID_INPUT)).toBe(true);

    advance(61 * DAY);
    hub.log.clear();
    const expired = await refusal(instagram.renewTokens(renewed));
    expect(isPostkitError(expired, ErrorCode.REAUTH_REQUIRED)).toBe(true);
    expect((expired as OAuthError).next).toBe("after-reconnect");
    expect(hub.log.count()).toBe(0);
  });

  it("renews on use once within the renewal window (onTokens first), and not before", async () => {
    const seen: TokenSet[] = [];
    const { instagram, fetcher, hub, advance } = setupInstagram(
      "fetch",
      {},
      { onTokens: (tokens) => void seen.push(tokens) },
    );
    const { result } = await loginInstagram(instagram, fetcher);
    const connection = result.accounts[0]!;
    advance(2 * DAY);
    hub.log.clear();
    await instagram.getProfile(connection);
    expect(hub.log.count(REFRESH)).toBe(0);

    advance(29 * DAY); // 29 days left: within the default 30-day window
    await Promise.all(Array.from({ length: 5 }, () => instagram.getProfile(connection)));
    expect(hub.log.count(REFRESH)).toBe(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.accessToken).not.toBe(connection.credentials.accessToken);
  });

  it("a token Meta refuses is REAUTH_REQUIRED with no refresh; an expired one too; the store's grant renews in place", async () => {
    const { emulator, instagram, fetcher, hub, advance } = setupInstagram("fetch");
    const { result } = await loginInstagram(instagram, fetcher);
    const connection = result.accounts[0]!;
    emulator.revokeInstagramToken(connection.credentials.accessToken);
    hub.log.clear();
    const refused = await refusal(instagram.getProfile(connection));
    expect(isPostkitError(refused, ErrorCode.REAUTH_REQUIRED)).toBe(true);
    expect(hub.log.count(REFRESH)).toBe(0);

    const store = new MemoryTokenStore();
    const {
      instagram: stored,
      fetcher: f2,
      hub: hub2,
      advance: advance2,
    } = setupInstagram("fetch", {}, { tokenStore: store });
    const second = await loginInstagram(stored, f2);
    const { account } = second.result.accounts[0]!;
    expect((await store.load(account.credentialKey))?.tokens.accessToken).toBe(
      second.result.tokens.accessToken,
    );
    advance2(40 * DAY);
    hub2.log.clear();
    await stored.getProfile({ account });
    expect(hub2.log.count(REFRESH)).toBe(1);
    const saved = await store.load(account.credentialKey);
    expect(saved?.tokens.accessToken).not.toBe(second.result.tokens.accessToken);

    advance(61 * DAY);
    hub.log.clear();
    const fresh = { account: connection.account, credentials: { ...connection.credentials } };
    expect(isPostkitError(await refusal(instagram.getProfile(fresh)), ErrorCode.REAUTH_REQUIRED)).toBe(true);
    expect(hub.log.count()).toBe(0);
  });
});

describe("Instagram Login: accounts, scopes and capabilities", () => {
  it("getProfile without instagram_business_basic is a ScopeError before any request", async () => {
    const { instagram, fetcher, hub } = setupInstagram("fetch");
    const { result } = await loginInstagram(instagram, fetcher);
    const connection = result.accounts[0]!;
    hub.log.clear();
    const lacking = {
      ...connection,
      credentials: { ...connection.credentials, scopes: ["instagram_business_content_publish"] },
    };
    const error = await refusal(instagram.getProfile(lacking));
    expect(ScopeError.isInstance(error) && error.missing).toEqual(["instagram_business_basic"]);
    expect(hub.log.count()).toBe(0);
  });

  it("each client refuses the other login's accounts before any request; publishing is not available yet", async () => {
    const { instagram, fetcher, hub } = setupInstagram("fetch");
    const { result } = await loginInstagram(instagram, fetcher);
    const igConnection = result.accounts[0]!;
    const facebook = setup("fetch");
    const { result: fb } = await login(facebook.meta, facebook.hub.fetch, defaultFacebookScopes);
    const linked = fb.accounts.find((c) => c.account.platform === "instagram")!;
    hub.log.clear();
    facebook.hub.log.clear();
    const toMeta = await refusal(facebook.meta.getProfile(igConnection));
    expect(isPostkitError(toMeta, ErrorCode.INVALID_INPUT)).toBe(true);
    expect((toMeta as Error).message).toMatch(/Instagram Login/);
    const toInstagram = await refusal(instagram.getProfile(linked));
    expect(isPostkitError(toInstagram, ErrorCode.INVALID_INPUT)).toBe(true);
    const notInstagram = {
      ...igConnection,
      account: { ...igConnection.account, platform: "facebook" } as MetaAccount,
    };
    expect(isPostkitError(await refusal(instagram.getProfile(notInstagram)), ErrorCode.INVALID_INPUT)).toBe(
      true,
    );
    expect(CapabilityError.isInstance(await refusal(instagram.listVideos(igConnection)))).toBe(true);
    expect(CapabilityError.isInstance(await refusal(instagram.revoke(igConnection)))).toBe(true);
    expect(hub.log.count() + facebook.hub.log.count()).toBe(0);
  });
});
