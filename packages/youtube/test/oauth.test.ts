// Covered by the conformance suite instead (conformance.test.ts): oauth.url, oauth.state, oauth.pkce (the URL's response_type, state, base64url S256); oauth.callback.denied on the fetch transport.
import { ErrorCode, OAuthError, ScopeError } from "@postkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultYouTubeScopes, YouTubeScopes } from "../src/index.js";
import {
  approve,
  createClock,
  SCOPES,
  setup,
  defaults,
  connectionFrom,
  TRANSPORTS,
  clientFor,
  withTokens,
} from "./support.js";

for (const transport of TRANSPORTS) {
  describe(`via ${transport}`, () => {
    beforeAll(() => {
      defaults.transport = transport;
    });

    describe("authorization URL", () => {
      it("uses Google's endpoint, space-separated scopes, offline access, consent and the extras", async () => {
        const { youtube } = setup();
        const { url } = await youtube.createAuthorizationUrl({
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
        const { tokens, accounts } = await youtube.connect(callback, login.session);
        expect(tokens.refreshToken).toMatch(/^1\/\//);
        expect(tokens.scopes).toEqual([...defaultYouTubeScopes]);
        expect(tokens.expiresAt).toBeGreaterThan(Date.now());

        const refreshed = await youtube.renewTokens(tokens);
        expect(refreshed.accessToken).not.toBe(tokens.accessToken);
        expect(refreshed.refreshToken).toBe(tokens.refreshToken);
        expect(emulator.stats.refreshes).toBe(1);

        await youtube.revoke({ account: accounts[0]!.account, credentials: refreshed });
        const error = await youtube.renewTokens(refreshed).catch((e: unknown) => e);
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
        const tokens = connectionFrom(emulator);
        const error = await youtube.revoke(tokens).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: ErrorCode.NETWORK_ERROR, retryable: true });
        expect(hub.log.count({ platform: "youtube", path: "/revoke" })).toBe(1);
        // Calling again is safe; invalid_token then says the token is already revoked.
        const again = await youtube.revoke(tokens).catch((e: unknown) => e);
        expect(OAuthError.isInstance(again) && again.error).toBe("invalid_token");
      });

      it("gets a refresh token only with consent: a second login without prompt=consent gets none", async () => {
        const { youtube, hub } = setup();
        const first = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes, prompt: null });
        const { tokens: firstTokens } = await youtube.connect(
          await approve(hub.fetch, first.url),
          first.session,
        );
        expect(firstTokens.refreshToken).toBeDefined();
        const second = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes, prompt: null });
        const { tokens: secondTokens } = await youtube.connect(
          await approve(hub.fetch, second.url),
          second.session,
        );
        expect(secondTokens.refreshToken).toBeUndefined();
        const third = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
        const { tokens: thirdTokens } = await youtube.connect(
          await approve(hub.fetch, third.url),
          third.session,
        );
        expect(thirdTokens.refreshToken).toBeDefined();
      });

      it("rejects a wrong PKCE verifier and a reused code", async () => {
        const { youtube, hub } = setup();
        const login = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
        const callback = await approve(hub.fetch, login.url);
        const wrong = await youtube
          .connect(callback, { ...login.session, codeVerifier: "x".repeat(43) })
          .catch((e: unknown) => e);
        expect(OAuthError.isInstance(wrong) && wrong.error).toBe("invalid_grant");
        const reused = await youtube.connect(callback, login.session).catch((e: unknown) => e);
        expect(OAuthError.isInstance(reused) && reused.error).toBe("invalid_grant");
      });

      // On fetch, conformance oauth.callback.denied makes this assertion.
      if (transport !== "fetch")
        it("reports a denied consent", async () => {
          const { youtube, hub } = setup({ consent: "deny" });
          const login = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
          const error = await youtube
            .connect(await approve(hub.fetch, login.url), login.session)
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
        await expect(youtube.renewTokens(tokens)).resolves.toMatchObject({
          refreshToken: raw.refresh_token,
        });
        clock.advance(7 * 24 * 3_600_000 + 1);
        const error = await youtube.renewTokens(tokens).catch((e: unknown) => e);
        expect(OAuthError.isInstance(error)).toBe(true);
        const oauth = error as OAuthError;
        expect(oauth.code).toBe(ErrorCode.REAUTH_REQUIRED);
        expect(oauth.error).toBe("invalid_grant");
        expect(oauth.hint).toMatch(/7 days/);
        expect(oauth.hint).toMatch(/Testing/);
      });

      it("names the missing scope when the user unticked one (granular consent)", async () => {
        const { youtube, hub, emulator } = setup({
          grantScopes: (requested) => requested.filter((s) => s === SCOPES.upload),
        });
        const login = await youtube.createAuthorizationUrl({
          scopes: [YouTubeScopes.upload, YouTubeScopes.readonly],
        });
        // No scope reads the channel: connect cannot name the account, and says which scope to add.
        const error = await youtube
          .connect(await approve(hub.fetch, login.url), login.session)
          .catch((e: unknown) => e);
        expect(ScopeError.isInstance(error)).toBe(true);
        expect((error as ScopeError).granted).toEqual([YouTubeScopes.upload]);
        expect((error as ScopeError).missing).toEqual([YouTubeScopes.readonly]);
        expect(hub.log.count({ platform: "youtube", role: "api" })).toBe(0);
        // A grant with only youtube.upload is refused the same way on any read.
        const uploadOnly = withTokens(emulator, connectionFrom(emulator, [YouTubeScopes.upload]).credentials);
        const read = await youtube.getChannel(uploadOnly).catch((e: unknown) => e);
        expect(ScopeError.isInstance(read) && read.missing).toEqual([YouTubeScopes.readonly]);
        expect(hub.log.count({ platform: "youtube", role: "api" })).toBe(0);
      });
    });
  });
}
