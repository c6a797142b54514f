import { ErrorCode, isPostkitError, MemoryTokenStore, replaceStoredTokens } from "@postkit/core";
import { mintSecret } from "../harness/secrets.js";
import { assert, describe, refusal, succeeds } from "./assert.js";
import type { ConformanceCheck } from "./check.js";
import { unavailable } from "./env.js";

const renews = (kind: string) => kind === "refresh-token" || kind === "exchange";
const skipUnlessRenewing = (adapter: { renewal: { kind: string } }) =>
  renews(adapter.renewal.kind) ? undefined : `the provider declares renewal "${adapter.renewal.kind}"`;

/** Credential renewal as the provider declares it, one renewal per grant, and revoke. */
export const credentialChecks: ConformanceCheck[] = [
  {
    id: "credentials.renewal-kind",
    promise: "the provider declares the renewal kind the platform has",
    async run(env) {
      assert(
        env.provider.renewal === env.adapter.renewal.kind,
        `provider.renewal is "${env.provider.renewal}"; the platform renews by "${env.adapter.renewal.kind}".`,
      );
    },
  },
  {
    id: "credentials.renew",
    promise:
      "renewTokens returns a new access token; a rotated refresh token replaces the old one, which is refused after",
    skip: skipUnlessRenewing,
    async run(env) {
      const { credentials } = env.connection(env.adapter.scopes.profile);
      const renewed = await succeeds(env.provider.renewTokens(credentials), "renewTokens");
      assert(
        renewed.accessToken && renewed.accessToken !== credentials.accessToken,
        "renewTokens must return a new access token.",
      );
      if (env.adapter.renewal.kind !== "refresh-token") return;
      assert(
        renewed.refreshToken,
        "a renewed grant must keep a refresh token (the new one, or the old one when none came back).",
      );
      if (env.adapter.renewal.rotates) {
        assert(
          renewed.refreshToken !== credentials.refreshToken,
          "the platform rotates refresh tokens: renewTokens must return the new one.",
        );
        const error = await refusal(
          env.provider.renewTokens(credentials),
          "renewTokens with the rotated-away refresh token",
        );
        assert(
          isPostkitError(error, ErrorCode.REAUTH_REQUIRED),
          `a refused refresh token must be REAUTH_REQUIRED; got ${describe(error)}.`,
        );
      } else {
        assert(
          renewed.refreshToken === credentials.refreshToken,
          "the platform keeps refresh tokens: the renewed set must keep it.",
        );
      }
    },
  },
  {
    id: "credentials.renew-once",
    promise: "20 concurrent calls on an expired grant make exactly one renewal",
    skip: skipUnlessRenewing,
    async run(env) {
      const connection = env.connection(env.adapter.scopes.profile);
      const expired = {
        ...connection,
        credentials: {
          ...connection.credentials,
          expiresAt: Date.now() - 1000,
        },
      };
      env.hub.log.clear();
      await succeeds(
        Promise.all(Array.from({ length: 20 }, () => env.provider.getProfile(expired))),
        "20 concurrent getProfile calls",
      );
      const renewals = env.hub.log.count(env.adapter.requests.token);
      assert(
        renewals === 1,
        `20 concurrent calls on an expired grant made ${renewals} renewals; there must be exactly one.`,
      );
    },
  },
  {
    id: "credentials.renew-once-shared-store",
    promise:
      "two instances sharing a token store renew an expired grant once between them, and save it there",
    skip: skipUnlessRenewing,
    async run(env) {
      const tokenStore = new MemoryTokenStore();
      const { account, credentials } = env.connection(env.adapter.scopes.profile);
      await replaceStoredTokens(tokenStore, account.credentialKey, {
        ...credentials,
        expiresAt: Date.now() - 1000,
      });
      const first = env.make({ tokenStore });
      const second = env.make({ tokenStore });
      env.hub.log.clear();
      await succeeds(
        Promise.all(
          Array.from({ length: 10 }, (_, index) => (index % 2 ? first : second).getProfile({ account })),
        ),
        "concurrent getProfile({ account }) on two instances",
      );
      const renewals = env.hub.log.count(env.adapter.requests.token);
      assert(
        renewals === 1,
        `two instances sharing a store made ${renewals} renewals of one grant; there must be exactly one.`,
      );
      const saved = await tokenStore.load(account.credentialKey);
      assert(
        saved && saved.tokens.accessToken !== credentials.accessToken,
        "the renewed tokens must be saved in the shared store.",
      );
    },
  },
  {
    id: "credentials.refused-token",
    promise:
      "an access token the platform refuses is renewed once and the call repeated (or REAUTH_REQUIRED when it cannot be renewed)",
    async run(env) {
      const connection = env.connection(env.adapter.scopes.profile);
      const refused = {
        ...connection,
        credentials: {
          ...connection.credentials,
          accessToken: mintSecret("refused-"),
        },
      };
      env.hub.log.clear();
      if (!renews(env.adapter.renewal.kind)) {
        const error = await refusal(env.provider.getProfile(refused), "getProfile with a refused token");
        assert(
          isPostkitError(error, ErrorCode.REAUTH_REQUIRED, ErrorCode.ACCESS_TOKEN_INVALID),
          `got ${describe(error)}.`,
        );
        assert(
          env.hub.log.count(env.adapter.requests.token) === 0,
          "a grant that cannot be renewed must not call the token endpoint.",
        );
        return;
      }
      const profile = await succeeds(
        env.provider.getProfile(refused),
        "getProfile with a token the platform refuses",
      );
      assert(profile.id === connection.account.id, "the repeated call must act for the same account.");
      const renewals = env.hub.log.count(env.adapter.requests.token);
      assert(renewals === 1, `a refused token must be renewed exactly once; got ${renewals} renewals.`);
    },
  },
  {
    id: "credentials.revoke",
    promise: "revoke ends the grant at the platform and forgets it in the store",
    skip: (adapter) => unavailable(adapter, "revoke"),
    async run(env) {
      const tokenStore = new MemoryTokenStore();
      const provider = env.make({ tokenStore });
      const connection = env.connection(env.adapter.scopes.profile);
      await replaceStoredTokens(tokenStore, connection.account.credentialKey, connection.credentials);
      await succeeds(provider.revoke({ account: connection.account }), "revoke");
      assert(
        (await tokenStore.load(connection.account.credentialKey)) === undefined,
        "revoke must delete the grant from the token store.",
      );
      const stale = {
        ...connection,
        credentials: { ...connection.credentials, refreshToken: undefined },
      };
      const error = await refusal(env.make().getProfile(stale), "getProfile with a revoked access token");
      assert(
        isPostkitError(error, ErrorCode.REAUTH_REQUIRED, ErrorCode.ACCESS_TOKEN_INVALID),
        `a revoked grant must be REAUTH_REQUIRED or ACCESS_TOKEN_INVALID; got ${describe(error)}.`,
      );
    },
  },
];
