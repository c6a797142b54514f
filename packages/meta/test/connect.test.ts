import { ErrorCode, isPostkitError, MemoryTokenStore, ScopeError } from "@postkit/core";
import { describe, expect, it } from "vitest";
import { defaultFacebookScopes } from "../src/index.js";
import { login, setup, TRANSPORTS } from "./support.js";

describe.each(TRANSPORTS)("Facebook Login over %s", (transport) => {
  it("one login, two Pages, one linked to Instagram: three accounts with their tokens", async () => {
    // The emulator refuses any token call without a valid appsecret_proof.
    const { emulator, hub, meta } = setup(transport, { requireAppSecretProof: true });
    const fetcher = transport === "msw" ? fetch : hub.fetch;
    const { result } = await login(meta, fetcher, defaultFacebookScopes);
    const [bakery, books] = emulator.pages;
    expect(result.accounts.map((c) => [c.account.platform, c.account.id])).toEqual([
      ["facebook", bakery!.id],
      ["instagram", bakery!.instagram!.id],
      ["facebook", books!.id],
    ]);
    const [page, ig] = result.accounts;
    expect(page!.account).toMatchObject({
      displayName: "Postkit Bakery",
      credentialKey: `facebook:${bakery!.id}`,
    });
    expect(ig!.account).toMatchObject({
      displayName: "postkit.bakery",
      username: "postkit.bakery",
      pageId: bakery!.id,
    });
    // The Instagram account acts with its Page's token.
    expect(ig!.credentials.accessToken).toBe(page!.credentials.accessToken);
    expect(page!.credentials.accessToken).not.toBe(result.tokens.accessToken);
    expect(result.tokens.expiresAt).toBeGreaterThan(Date.now() + 59 * 24 * 3600 * 1000);
    expect(result.grantedScopes).toEqual(expect.arrayContaining([...defaultFacebookScopes]));
    expect(result.declinedScopes).toEqual([]);
  });

  it("profiles of the Page and of the Instagram account", async () => {
    const { hub, meta } = setup(transport);
    const fetcher = transport === "msw" ? fetch : hub.fetch;
    const { result } = await login(meta, fetcher, defaultFacebookScopes);
    const page = await meta.getProfile(result.accounts[0]!);
    expect(page).toMatchObject({
      platform: "facebook",
      displayName: "Postkit Bakery",
      username: "postkitbakery",
      fanCount: 1200,
      followersCount: 1350,
      category: "Bakery",
    });
    expect(page.avatarUrl).toMatch(/^https:/);
    const ig = await meta.getProfile(result.accounts[1]!);
    expect(ig).toEqual({
      platform: "instagram",
      id: result.accounts[1]!.account.id,
      displayName: "postkit.bakery",
      username: "postkit.bakery",
      avatarUrl: "https://scontent.example/ig.jpg",
      followersCount: 5400,
      followsCount: 120,
      mediaCount: 87,
      biography: "Bread, daily.",
      website: "https://bakery.example",
    });
  });
});

describe("Facebook Login rules", () => {
  it("builds the dialog URL with commas, state, rerequest and config_id", async () => {
    const { meta } = setup("fetch");
    const { url } = await meta.createAuthorizationUrl({
      scopes: ["pages_show_list", "pages_manage_posts"],
      authType: "rerequest",
    });
    expect(url.origin + url.pathname).toBe("https://www.facebook.com/v25.0/dialog/oauth");
    expect(url.searchParams.get("scope")).toBe("pages_show_list,pages_manage_posts");
    expect(url.searchParams.get("auth_type")).toBe("rerequest");
    expect(url.searchParams.get("state")).toBeTruthy();
    const business = await meta.createAuthorizationUrl({ scopes: [], configId: "cfg1" });
    expect(business.url.searchParams.get("config_id")).toBe("cfg1");
    expect(business.url.searchParams.has("scope")).toBe(false);
  });

  it("the version is set in one place", async () => {
    const { meta } = setup("fetch", {}, { graphVersion: "v24.0" });
    const { url } = await meta.createAuthorizationUrl({ scopes: ["pages_show_list"] });
    expect(url.pathname).toBe("/v24.0/dialog/oauth");
    expect(() => setup("fetch", {}, { graphVersion: "25" })).toThrow(/Graph API version/);
  });

  it("reports declined permissions, and Instagram is not listed without instagram_basic", async () => {
    const { hub, meta } = setup("fetch", { declined: ["instagram_basic"] });
    const { result } = await login(meta, hub.fetch, defaultFacebookScopes);
    expect(result.declinedScopes).toEqual(["instagram_basic"]);
    expect(result.accounts.map((c) => c.account.platform)).toEqual(["facebook", "facebook"]);
  });

  it("a Page left out in granular consent is not an account", async () => {
    const { emulator, hub, meta } = setup("fetch");
    const books = emulator.pages[1]!.id;
    const other = setup("fetch", { ungrantedPages: [books] });
    const { result } = await login(other.meta, other.hub.fetch, defaultFacebookScopes);
    expect(result.accounts.some((c) => c.account.id === books)).toBe(false);
    expect(emulator.pages).toHaveLength(2);
    expect(hub.log.count()).toBe(0);
    void meta;
  });

  it("without appsecret_proof, an app that requires it gets Graph error 100", async () => {
    const { hub, meta } = setup("fetch", { requireAppSecretProof: true }, { appSecretProof: false });
    await expect(login(meta, hub.fetch, defaultFacebookScopes)).rejects.toMatchObject({
      platformCode: "100",
    });
  });

  it("follows every page of /me/accounts", async () => {
    const pages = Array.from({ length: 5 }, (_, i) => ({
      id: `10${i}`,
      name: `Page ${i}`,
      category: "Shop",
      fanCount: i,
      followersCount: i,
      tasks: ["CREATE_CONTENT"],
    }));
    const { hub, meta } = setup("fetch", { pages, accountsPageSize: 2 });
    const { result } = await login(meta, hub.fetch, defaultFacebookScopes);
    expect(result.accounts.map((c) => c.account.id)).toEqual(["100", "101", "102", "103", "104"]);
    expect(hub.log.count({ platform: "meta", path: "/v25.0/me/accounts" })).toBe(3);
  });

  it("saves every account to the token store, and a connection by key works", async () => {
    const tokenStore = new MemoryTokenStore();
    const { hub, meta } = setup("fetch", {}, { tokenStore });
    const { result } = await login(meta, hub.fetch, defaultFacebookScopes);
    for (const { account } of result.accounts)
      expect(await tokenStore.load(account.credentialKey)).toBeDefined();
    const profile = await meta.getProfile({ account: result.accounts[2]!.account });
    expect(profile.displayName).toBe("Postkit Books");
  });

  it("refuses a missing session or a forged state before any request", async () => {
    const { hub, meta } = setup("fetch");
    const start = await meta.createAuthorizationUrl({ scopes: ["pages_show_list"] });
    await expect(meta.connect("?code=x&state=y", undefined)).rejects.toMatchObject({
      code: ErrorCode.OAUTH_SESSION_INVALID,
    });
    await expect(meta.connect("?code=x&state=forged", start.session)).rejects.toMatchObject({
      code: ErrorCode.OAUTH_STATE_MISMATCH,
    });
    await expect(
      meta.connect(`?error=access_denied&error_reason=user_denied&state=${start.state}`, start.session),
    ).rejects.toMatchObject({ code: ErrorCode.OAUTH_ACCESS_DENIED });
    expect(hub.log.count()).toBe(0);
  });

  it("an invalidated Page token is a reconnect error, never renewed", async () => {
    const { emulator, hub, meta } = setup("fetch");
    const { result } = await login(meta, hub.fetch, defaultFacebookScopes);
    const page = result.accounts[0]!;
    emulator.invalidate(page.credentials.accessToken, 460);
    const error = await meta.getProfile(page).catch((e: unknown) => e);
    expect(isPostkitError(error, ErrorCode.ACCESS_TOKEN_INVALID)).toBe(true);
    expect(error).toMatchObject({ next: "after-reconnect", platformCode: "190", subcode: "460" });
    await expect(meta.renewTokens(page.credentials)).rejects.toMatchObject({
      code: ErrorCode.REAUTH_REQUIRED,
    });
  });

  it("reading an Instagram profile without instagram_basic is a ScopeError before any request", async () => {
    const { emulator, hub, meta } = setup("fetch");
    const bakery = emulator.pages[0]!;
    const token = emulator.issuePageToken(bakery.id, ["pages_show_list"]);
    const connection = {
      account: {
        platform: "instagram",
        id: bakery.instagram!.id,
        displayName: "x",
        credentialKey: "instagram:x",
      },
      credentials: { accessToken: token, tokenType: "bearer", scopes: ["pages_show_list"], raw: {} },
    };
    await expect(meta.getProfile(connection)).rejects.toSatisfy(ScopeError.isInstance);
    expect(hub.log.count()).toBe(0);
  });

  it("unavailable operations say so before any request", async () => {
    const { hub, meta } = setup("fetch");
    const account = { platform: "facebook", id: "1", displayName: "x", credentialKey: "facebook:1" };
    await expect(meta.revoke({ account })).rejects.toMatchObject({ code: ErrorCode.OPERATION_UNAVAILABLE });
    await expect(meta.listVideos({ account })).rejects.toMatchObject({
      code: ErrorCode.OPERATION_UNAVAILABLE,
    });
    expect(hub.log.count()).toBe(0);
    expect(meta.specificationVersion).toBe("v1");
    expect(meta.renewal).toBe("none");
  });
});
