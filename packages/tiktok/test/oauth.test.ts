import { createHash } from "node:crypto";
import { ErrorCode, OAuthError, PlatformError, ValidationError } from "@postkit/core";
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
  it("builds the authorization URL: client_key, comma scopes, code, redirect_uri, state, hex S256", async () => {
    env = await setup({ transport: "fetch" });
    const { url, state, codeVerifier } = await env.tiktok.createAuthorizationUrl({
      scopes: ["user.info.basic", "video.list", "video.publish"],
      disableAutoAuth: true,
    });
    expect(url.origin + url.pathname).toBe("https://www.tiktok.com/v2/auth/authorize/");
    const params = url.searchParams;
    expect(params.get("client_key")).toBe(env.emulator.clientKey);
    expect(params.has("client_id")).toBe(false);
    expect(params.get("scope")).toBe("user.info.basic,video.list,video.publish");
    expect(params.get("response_type")).toBe("code");
    expect(params.get("redirect_uri")).toBe("https://app.example/callback/tiktok");
    expect(params.get("state")).toBe(state);
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toBe(createHash("sha256").update(codeVerifier!).digest("hex"));
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

  it("connects: consent, callback with the granted `scopes`, code exchange with the verifier", async () => {
    env = await setup({
      emulator: { grant: (scopes) => scopes.filter((scope) => scope !== "user.info.stats") },
    });
    const request = await env.tiktok.createAuthorizationUrl({
      scopes: ["user.info.basic", "user.info.stats"],
    });
    const callback = await consent(env, request.url);
    expect(env.tiktok.parseCallback(callback, request.state).grantedScopes).toEqual(["user.info.basic"]);
    const tokens = await env.tiktok.handleCallback(callback, {
      state: request.state,
      codeVerifier: request.codeVerifier,
    });
    expect(tokens.scopes).toEqual(["user.info.basic"]);
    expect(tokens.expiresAt).toBe(env.clock.now() + 86_400_000);
    expect(tokens.refreshTokenExpiresAt).toBe(env.clock.now() + 31_536_000_000);
    expect(tokens.raw.open_id).toBe(env.emulator.user.open_id);
    // The code is single-use; the error is typed and redacted.
    const reuse = await env.tiktok
      .handleCallback(callback, { state: request.state, codeVerifier: request.codeVerifier })
      .catch((error: unknown) => error);
    expect(OAuthError.isInstance(reuse) && reuse.error).toBe("invalid_grant");
  });

  it("connects whichever account is signed in to TikTok", async () => {
    env = await setup({ emulator: { otherAccounts: [{ user: { open_id: "second-user" } }] } });
    env.emulator.signIn("second-user");
    const request = await env.tiktok.createAuthorizationUrl({ scopes: ["user.info.basic"] });
    const tokens = await env.tiktok.handleCallback(await consent(env, request.url), {
      state: request.state,
      codeVerifier: request.codeVerifier,
    });
    expect(tokens.raw.open_id).toBe("second-user");
    expect(await env.tiktok.getProfile(tokens)).toMatchObject({
      id: "second-user",
      displayName: "Emulated Creator 2",
    });
  });

  it("refuses a callback without the verifier, with a wrong state, or an access_denied", async () => {
    env = await setup({ emulator: { consent: "deny" } });
    const request = await env.tiktok.createAuthorizationUrl({ scopes: ["user.info.basic"] });
    const callback = await consent(env, request.url);
    await expect(env.tiktok.handleCallback(callback, { state: request.state })).rejects.toSatisfy(
      ValidationError.isInstance,
    );
    await expect(
      env.tiktok.handleCallback(callback, { state: "other", codeVerifier: request.codeVerifier }),
    ).rejects.toMatchObject({ code: ErrorCode.OAUTH_STATE_MISMATCH });
    await expect(
      env.tiktok.handleCallback(callback, { state: request.state, codeVerifier: request.codeVerifier }),
    ).rejects.toMatchObject({ code: ErrorCode.OAUTH_ACCESS_DENIED, error: "access_denied" });
  });

  it("a strict (hex) authorize page rejects base64url challenges", async () => {
    env = await setup({ client: { pkce: "base64url" } });
    const { url } = await env.tiktok.createAuthorizationUrl({ scopes: ["user.info.basic"] });
    const response = await env.browse(url);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("code_challenge");
  });

  it("refreshes, keeps the rotated refresh token, and says REAUTH_REQUIRED for the old one", async () => {
    env = await setup();
    const tokens = env.tokens(["user.info.basic"]);
    env.clock.advance(3_600_000);
    const refreshed = await env.tiktok.refreshTokens(tokens);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(refreshed.expiresAt).toBe(env.clock.now() + 86_400_000);
    expect(refreshed.scopes).toEqual(["user.info.basic"]);
    await expect(env.tiktok.refreshTokens(tokens)).rejects.toMatchObject({
      code: ErrorCode.REAUTH_REQUIRED,
      error: "invalid_grant",
    });
    await expect(env.tiktok.refreshTokens({ ...tokens, refreshToken: undefined })).rejects.toSatisfy(
      ValidationError.isInstance,
    );
  });

  it("an expired access token gives access_token_invalid; the refreshed one works", async () => {
    env = await setup();
    const tokens = env.tokens(["user.info.basic"]);
    env.clock.advance(86_400_000);
    await expect(env.tiktok.getProfile(tokens)).rejects.toMatchObject({
      platformCode: "access_token_invalid",
      status: 401,
      retryable: false,
    });
    const refreshed = await env.tiktok.refreshTokens(tokens);
    expect((await env.tiktok.getProfile(refreshed)).id).toBe(env.emulator.user.open_id);
  });

  it("revokes the access token: later calls get access_token_invalid", async () => {
    env = await setup();
    const tokens = env.tokens(["user.info.basic"]);
    await env.tiktok.revokeTokens(tokens);
    const error = await env.tiktok.getProfile(tokens).catch((caught: unknown) => caught);
    expect(PlatformError.isInstance(error) && error.platformCode).toBe("access_token_invalid");
    expect(PlatformError.isInstance(error) && error.status).toBe(401);
  });

  it("reports a wrong client secret as invalid_client without leaking it", async () => {
    env = await setup({ client: { clientSecret: "s3cr3t-wrong-secret" } });
    await expect(env.tiktok.refreshTokens(env.tokens())).rejects.toMatchObject({ error: "invalid_client" });
  });
});
