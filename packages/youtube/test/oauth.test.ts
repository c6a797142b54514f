import { ErrorCode, OAuthError, ScopeError } from "@postkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultYouTubeScopes, YouTubeScopes } from "../src/index.js";
import {
  approve,
  createClock,
  SCOPES,
  setup,
  defaults,
  tokensFrom,
  TRANSPORTS,
  clientFor,
} from "./support.js";

for (const transport of TRANSPORTS) {
  describe(`via ${transport}`, () => {
    beforeAll(() => {
      defaults.transport = transport;
    });

    describe("authorization URL", () => {
      it("uses Google's endpoint, space-separated scopes, offline access, consent, PKCE S256 and the extras", async () => {
        const { youtube } = setup();
        const { url, state, codeVerifier } = await youtube.createAuthorizationUrl({
          scopes: [YouTubeScopes.upload, YouTubeScopes.readonly],
          loginHint: "someone@example.com",
        });
        expect(url.origin + url.pathname).toBe("https://accounts.google.com/o/oauth2/v2/auth");
        const q = url.searchParams;
        expect(q.get("scope")).toBe(`${YouTubeScopes.upload} ${YouTubeScopes.readonly}`);
        expect(q.get("access_type")).toBe("offline");
        expect(q.get("prompt")).toBe("consent");
        expect(q.get("include_granted_scopes")).toBe("true");
        expect(q.get("login_hint")).toBe("someone@example.com");
        expect(q.get("response_type")).toBe("code");
        expect(q.get("state")).toBe(state);
        expect(q.get("code_challenge_method")).toBe("S256");
        const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(codeVerifier!));
        expect(q.get("code_challenge")).toBe(Buffer.from(digest).toString("base64url"));
      });

      it("lets the app turn off the defaults", async () => {
        const { youtube } = setup();
        const { url } = await youtube.createAuthorizationUrl({
          scopes: defaultYouTubeScopes,
          prompt: null,
          accessType: "online",
          includeGrantedScopes: false,
        });
        expect(url.searchParams.has("prompt")).toBe(false);
        expect(url.searchParams.get("access_type")).toBe("online");
        expect(url.searchParams.has("include_granted_scopes")).toBe(false);
      });
    });

    describe("code exchange, refresh, revoke against the emulator", () => {
      it("connects, keeps the refresh token on refresh, and revokes", async () => {
        const { youtube, hub, emulator } = setup();
        const login = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
        const callback = await approve(hub.fetch, login.url);
        const tokens = await youtube.handleCallback(callback, login);
        expect(tokens.refreshToken).toMatch(/^1\/\//);
        expect(tokens.scopes).toEqual([...defaultYouTubeScopes]);
        expect(tokens.expiresAt).toBeGreaterThan(Date.now());

        const refreshed = await youtube.refreshTokens(tokens);
        expect(refreshed.accessToken).not.toBe(tokens.accessToken);
        expect(refreshed.refreshToken).toBe(tokens.refreshToken);
        expect(emulator.stats.refreshes).toBe(1);

        await youtube.revokeTokens(refreshed);
        const error = await youtube.refreshTokens(refreshed).catch((e: unknown) => e);
        expect(OAuthError.isInstance(error) && error.code).toBe(ErrorCode.REAUTH_REQUIRED);
      });

      it("sends a revoke once: a lost response surfaces, and is not repeated into invalid_token", async () => {
        const { emulator, hub } = setup();
        let lost = false;
        const youtube = clientFor(emulator, {
          retry: { minDelayMs: 1, maxDelayMs: 2 },
          fetch: async (input, init) => {
            const request = new Request(input, init);
            const response = await hub.fetch(request);
            if (!lost && new URL(request.url).pathname === "/revoke") {
              lost = true;
              throw new TypeError("fetch failed"); // Google revoked it; the answer never arrived
            }
            return response;
          },
        });
        const tokens = tokensFrom(emulator);
        const error = await youtube.revokeTokens(tokens).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: ErrorCode.NETWORK_ERROR, retryable: true });
        expect(hub.log.count({ platform: "youtube", path: "/revoke" })).toBe(1);
        // Calling again is safe; invalid_token then says the token is already revoked.
        const again = await youtube.revokeTokens(tokens).catch((e: unknown) => e);
        expect(OAuthError.isInstance(again) && again.error).toBe("invalid_token");
      });

      it("gets a refresh token only with consent: a second login without prompt=consent gets none", async () => {
        const { youtube, hub } = setup();
        const first = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes, prompt: null });
        const firstTokens = await youtube.handleCallback(await approve(hub.fetch, first.url), first);
        expect(firstTokens.refreshToken).toBeDefined();
        const second = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes, prompt: null });
        const secondTokens = await youtube.handleCallback(await approve(hub.fetch, second.url), second);
        expect(secondTokens.refreshToken).toBeUndefined();
        const third = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
        const thirdTokens = await youtube.handleCallback(await approve(hub.fetch, third.url), third);
        expect(thirdTokens.refreshToken).toBeDefined();
      });

      it("rejects a wrong PKCE verifier and a reused code", async () => {
        const { youtube, hub } = setup();
        const login = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
        const callback = await approve(hub.fetch, login.url);
        const wrong = await youtube
          .handleCallback(callback, { state: login.state, codeVerifier: "x".repeat(43) })
          .catch((e: unknown) => e);
        expect(OAuthError.isInstance(wrong) && wrong.error).toBe("invalid_grant");
        const reused = await youtube.handleCallback(callback, login).catch((e: unknown) => e);
        expect(OAuthError.isInstance(reused) && reused.error).toBe("invalid_grant");
      });

      it("reports a denied consent", async () => {
        const { youtube, hub } = setup({ consent: "deny" });
        const login = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
        const error = await youtube
          .handleCallback(await approve(hub.fetch, login.url), login)
          .catch((e: unknown) => e);
        expect(OAuthError.isInstance(error) && error.code).toBe(ErrorCode.OAUTH_ACCESS_DENIED);
      });

      it("turns invalid_grant after the 7-day Testing expiry into REAUTH_REQUIRED that says so", async () => {
        const clock = createClock(Date.UTC(2026, 0, 1));
        const { youtube, emulator } = setup({ clock, refreshTokenTtlMs: 7 * 24 * 3_600_000 });
        const raw = emulator.issueTokens();
        const tokens = {
          accessToken: raw.access_token,
          tokenType: "Bearer",
          refreshToken: raw.refresh_token,
          scopes: raw.scope.split(" "),
          raw: {},
        };
        await expect(youtube.refreshTokens(tokens)).resolves.toMatchObject({
          refreshToken: raw.refresh_token,
        });
        clock.advance(7 * 24 * 3_600_000 + 1);
        const error = await youtube.refreshTokens(tokens).catch((e: unknown) => e);
        expect(OAuthError.isInstance(error)).toBe(true);
        const oauth = error as OAuthError;
        expect(oauth.code).toBe(ErrorCode.REAUTH_REQUIRED);
        expect(oauth.error).toBe("invalid_grant");
        expect(oauth.message).toMatch(/7 days/);
        expect(oauth.message).toMatch(/Testing/);
      });

      it("names the missing scope when the user unticked one (granular consent)", async () => {
        const { youtube, hub } = setup({
          grantScopes: (requested) => requested.filter((s) => s === SCOPES.upload),
        });
        const login = await youtube.createAuthorizationUrl({
          scopes: [YouTubeScopes.upload, YouTubeScopes.readonly],
        });
        const tokens = await youtube.handleCallback(await approve(hub.fetch, login.url), login);
        expect(tokens.scopes).toEqual([YouTubeScopes.upload]);
        const error = await youtube.getChannel(tokens).catch((e: unknown) => e);
        expect(ScopeError.isInstance(error)).toBe(true);
        expect((error as ScopeError).missing).toEqual([YouTubeScopes.readonly]);
        expect(hub.log.count({ platform: "youtube", role: "api" })).toBe(0);
      });
    });
  });
}
