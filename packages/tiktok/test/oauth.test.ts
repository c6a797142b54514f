// Covered by the conformance suite instead (conformance.test.ts, fetch transport): oauth.url, oauth.state, oauth.pkce (the URL's client_key, response_type, state, hex S256), oauth.callback.session, oauth.callback.state, oauth.callback.denied, credentials.revoke.
import { createHash } from "node:crypto";
import {
  ErrorCode,
  isPostkitError,
  MemoryTokenStore,
  OAuthError,
  type TokenSet,
  ValidationError,
} from "@postkit/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TikTok } from "../src/index.js";
import { defaults, type Setup, setup, TRANSPORTS } from "./helpers.js";

let env: Setup | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** Opens the authorization URL like a browser would (no redirect following) and returns the callback URL. */
async function consent(env: Setup, url: URL): Promise<string> {
  const response = await env.browse(url);
  expect(response.status).toBe(302);
  return response.headers.get("location")!;
}

describe("TikTok OAuth without the network", () => {
  it("builds the authorization URL: TikTok's endpoint, no client_id, comma scopes, the redirect_uri, disable_auto_auth", async () => {
    env = await setup({ transport: "fetch" });
    const { url } = await env.tiktok.createAuthorizationUrl({
      scopes: ["user.info.basic", "video.list", "video.publish"],
      disableAutoAuth: true,
    });
    expect(url.origin + url.pathname).toBe("https://www.tiktok.com/v2/auth/authorize/");
    const params = url.searchParams;
    expect(params.has("client_id")).toBe(false);
    expect(params.get("scope")).toBe("user.info.basic,video.list,video.publish");
    expect(params.get("redirect_uri")).toBe("https://app.example/callback/tiktok");
    expect(params.get("disable_auto_auth")).toBe("1");
  });

  it("writes base64url challenges when asked", async () => {
    const tiktok = new TikTok({
      clientKey: "k",
      clientSecret: "s3cr3t-client",
      redirectUri: "http://127.0.0.1:8080/callback/",
      pkce: "base64url",
    });
    const { url, codeVerifier } = await tiktok.createAuthorizationUrl({ scopes: ["user.info.basic"] });
    expect(url.searchParams.get("code_challenge")).toBe(
      createHash("sha256").update(codeVerifier!).digest("base64url"),
    );
    expect(url.searchParams.has("disable_auto_auth")).toBe(false);
  });

  it("turns a callback error with a description into a typed OAuthError", async () => {
    env = await setup({ transport: "fetch" });
    const error = (() => {
      try {
        env.tiktok.parseCallback("?error=invalid_scope&error_description=bad+scope&state=s", "s");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({
      code: ErrorCode.OAUTH_CALLBACK_ERROR,
      error: "invalid_scope",
      description: "bad scope",
    });
  });

  it("validates options and scopes before any request", async () => {
    expect(
      () => new TikTok({ clientKey: "k", clientSecret: "s3cr3t-x", redirectUri: "https://a.example/cb?x=1" }),
    ).toThrow(/static/);
    expect(
      () => new TikTok({ clientKey: "k", clientSecret: "s3cr3t-x", redirectUri: "http://app.example/cb" }),
    ).toThrow(/https/);
    expect(
      () => new TikTok({ clientKey: "", clientSecret: "s3cr3t-x", redirectUri: "https://a.example/cb" }),
    ).toThrow(/clientKey/);
    // Desktop redirects (spec §1.1): localhost or 127.0.0.1, http or https, with an actual port.
    const redirect = (redirectUri: string) => () =>
      new TikTok({ clientKey: "k", clientSecret: "s3cr3t-x", redirectUri });
    for (const uri of ["http://localhost/cb", "https://127.0.0.1/cb/", "http://127.0.0.1:/cb"]) {
      expect(redirect(uri), uri).toThrow(/port/);
    }
    expect(redirect("http://127.0.0.1:*/callback/")).toThrow(/actual port/);
    for (const uri of [
      "http://127.0.0.1:8080/callback/",
      "https://localhost:443/cb",
      "http://localhost:3000/cb",
    ]) {
      expect(redirect(uri), uri).not.toThrow();
    }
    const tiktok = new TikTok({
      clientKey: "k",
      clientSecret: "s3cr3t-x",
      redirectUri: "https://a.example/cb",
    });
    await expect(tiktok.createAuthorizationUrl({ scopes: [] })).rejects.toSatisfy(ValidationError.isInstance);
    // @ts-expect-error not a TikTok scope
    await expect(tiktok.createAuthorizationUrl({ scopes: ["user.info.email"] })).rejects.toSatisfy(
      ValidationError.isInstance,
    );
    await expect(
      tiktok.createAuthorizationUrl({ scopes: ["user.info.basic"], params: { client_id: "k" } }),
    ).rejects.toSatisfy(ValidationError.isInstance);
  });
});

describe.each(TRANSPORTS)("TikTok OAuth via %s", (transport) => {
  beforeAll(() => {
    defaults.transport = transport;
  });
  afterAll(() => {
    defaults.transport = "fetch";
  });

  it("connects: consent, callback with the granted `scopes`, code exchange with the verifier, one account", async () => {
    env = await setup({
      emulator: { grant: (scopes) => scopes.filter((scope) => scope !== "user.info.stats") },
    });
    const request = await env.tiktok.createAuthorizationUrl({
      scopes: ["user.info.basic", "user.info.stats"],
    });
    expect(request.session).toMatchObject({
      v: 1,
      platform: "tiktok",
      state: request.state,
      codeVerifier: request.codeVerifier,
      scopes: ["user.info.basic", "user.info.stats"],
      expiresAt: env.clock.now() + 600_000,
    });
    // The session is plain JSON: it survives a cookie or a session store.
    const session = JSON.parse(JSON.stringify(request.session));
    const callback = await consent(env, request.url);
    expect(env.tiktok.parseCallback(callback, request.state).grantedScopes).toEqual(["user.info.basic"]);
    const { tokens, accounts, grantedScopes } = await env.tiktok.connect(callback, session);
    expect(grantedScopes).toEqual(["user.info.basic"]);
    expect(tokens.scopes).toEqual(["user.info.basic"]);
    expect(tokens.expiresAt).toBe(env.clock.now() + 86_400_000);
    expect(tokens.refreshTokenExpiresAt).toBe(env.clock.now() + 31_536_000_000);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]?.account).toMatchObject({
      platform: "tiktok",
      id: env.emulator.user.open_id,
      displayName: env.emulator.user.display_name,
      credentialKey: `tiktok:${env.emulator.user.open_id}`,
    });
    // The code is single-use; the error is typed and redacted.
    const reuse = await env.tiktok.connect(callback, session).catch((error: unknown) => error);
    expect(OAuthError.isInstance(reuse) && reuse.error).toBe("invalid_grant");
  });

  it("connects whichever account is signed in to TikTok", async () => {
    env = await setup({ emulator: { otherAccounts: [{ user: { open_id: "second-user" } }] } });
    env.emulator.signIn("second-user");
    const request = await env.tiktok.createAuthorizationUrl({ scopes: ["user.info.basic"] });
    const { accounts } = await env.tiktok.connect(await consent(env, request.url), request.session);
    const [connection] = accounts;
    expect(connection?.account.id).toBe("second-user");
    expect(await env.tiktok.getProfile(connection!)).toMatchObject({
      id: "second-user",
      displayName: "Emulated Creator 2",
    });
  });

  // On fetch, conformance oauth.callback.session, oauth.callback.state and oauth.callback.denied make these assertions.
  if (transport !== "fetch")
    it("refuses a missing, expired or foreign session, a wrong state, or an access_denied, before any request", async () => {
      env = await setup({ emulator: { consent: "deny" } });
      const request = await env.tiktok.createAuthorizationUrl({ scopes: ["user.info.basic"] });
      const callback = await consent(env, request.url);
      const before = env.hub.log.count({ platform: "tiktok", method: "POST" });
      for (const session of [
        undefined,
        { ...request.session, expiresAt: env.clock.now() - 1 },
        { ...request.session, platform: "youtube" },
      ]) {
        await expect(env.tiktok.connect(callback, session)).rejects.toMatchObject({
          code: ErrorCode.OAUTH_SESSION_INVALID,
          next: "never",
        });
      }
      await expect(
        env.tiktok.connect(callback, { ...request.session, state: "other" }),
      ).rejects.toMatchObject({
        code: ErrorCode.OAUTH_STATE_MISMATCH,
      });
      await expect(env.tiktok.connect(callback, request.session)).rejects.toMatchObject({
        code: ErrorCode.OAUTH_ACCESS_DENIED,
        error: "access_denied",
      });
      expect(env.hub.log.count({ platform: "tiktok", method: "POST" })).toBe(before);
    });

  it("saves the grant in the tokenStore on connect; connections without credentials load from it", async () => {
    const store = new MemoryTokenStore();
    env = await setup({ client: { tokenStore: store } });
    const request = await env.tiktok.createAuthorizationUrl({ scopes: ["user.info.basic"] });
    const { accounts } = await env.tiktok.connect(await consent(env, request.url), request.session);
    const account = accounts[0]!.account;
    expect((await store.load(account.credentialKey))?.tokens.accessToken).toBe(
      accounts[0]!.credentials.accessToken,
    );
    // Another instance with the same store acts for the account from its key alone.
    const other = env.client({ tokenStore: store });
    expect((await other.getProfile({ account })).id).toBe(env.emulator.user.open_id);
    await expect(env.client({ tokenStore: undefined }).getProfile({ account })).rejects.toSatisfy(
      ValidationError.isInstance,
    );
  });

  it("a strict (hex) authorize page rejects base64url challenges", async () => {
    env = await setup({ client: { pkce: "base64url" } });
    const { url } = await env.tiktok.createAuthorizationUrl({ scopes: ["user.info.basic"] });
    const response = await env.browse(url);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("code_challenge");
  });

  it("renews, keeps the rotated refresh token, and says REAUTH_REQUIRED for the old one", async () => {
    env = await setup();
    const tokens = env.tokens(["user.info.basic"]);
    env.clock.advance(3_600_000);
    const refreshed = await env.tiktok.renewTokens(tokens);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(refreshed.expiresAt).toBe(env.clock.now() + 86_400_000);
    expect(refreshed.scopes).toEqual(["user.info.basic"]);
    await expect(env.tiktok.renewTokens(tokens)).rejects.toMatchObject({
      code: ErrorCode.REAUTH_REQUIRED,
      error: "invalid_grant",
    });
    await expect(env.tiktok.renewTokens({ ...tokens, refreshToken: undefined })).rejects.toSatisfy(
      ValidationError.isInstance,
    );
  });

  it("an expired access token is renewed before the call, once, and onTokens hears of it first", async () => {
    const saved: TokenSet[] = [];
    env = await setup({ client: { onTokens: (tokens) => void saved.push(tokens) } });
    const connection = env.connection(["user.info.basic"]);
    env.clock.advance(86_400_000);
    const profiles = await Promise.all(Array.from({ length: 20 }, () => env!.tiktok.getProfile(connection)));
    expect(new Set(profiles.map((profile) => profile.id))).toEqual(new Set([env.emulator.user.open_id]));
    expect(env.hub.log.count({ platform: "tiktok", path: "/v2/oauth/token/" })).toBe(1);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.refreshToken).not.toBe(connection.credentials.refreshToken);
    // The app passes its first set again: the client knows it was renewed and uses the new one.
    await env.tiktok.getProfile(connection);
    expect(env.hub.log.count({ platform: "tiktok", path: "/v2/oauth/token/" })).toBe(1);
  });

  it("a token TikTok refuses is renewed once and the call repeated; without a refresh token it says reconnect", async () => {
    env = await setup();
    const connection = env.connection(["user.info.basic"]);
    const refused = {
      ...connection,
      credentials: { ...connection.credentials, accessToken: "act.unknown-to-tiktok" },
    };
    expect((await env.tiktok.getProfile(refused)).id).toBe(env.emulator.user.open_id);
    expect(env.hub.log.count({ platform: "tiktok", path: "/v2/oauth/token/" })).toBe(1);
    const hopeless = {
      account: { ...connection.account, credentialKey: "tiktok:no-refresh" },
      credentials: { ...connection.credentials, accessToken: "act.also-unknown", refreshToken: undefined },
    };
    await expect(env.tiktok.getProfile(hopeless)).rejects.toMatchObject({
      code: ErrorCode.REAUTH_REQUIRED,
      next: "after-reconnect",
    });
    expect(env.hub.log.count({ platform: "tiktok", path: "/v2/oauth/token/" })).toBe(1);
  });

  // On fetch, conformance credentials.revoke makes these assertions.
  if (transport !== "fetch")
    it("revokes the grant: later calls with its tokens are refused", async () => {
      env = await setup();
      const connection = env.connection(["user.info.basic"]);
      await env.tiktok.revoke(connection);
      const error = await env.tiktok
        .getProfile({ ...connection, credentials: { ...connection.credentials, refreshToken: undefined } })
        .catch((caught: unknown) => caught);
      expect(isPostkitError(error, "REAUTH_REQUIRED", "ACCESS_TOKEN_INVALID")).toBe(true);
    });

  it("reports a wrong client secret as invalid_client without leaking it", async () => {
    env = await setup({ client: { clientSecret: "s3cr3t-wrong-secret" } });
    await expect(env.tiktok.renewTokens(env.tokens())).rejects.toMatchObject({ error: "invalid_client" });
  });
});
