import { createHash } from "node:crypto";
import { ErrorCode, isPostkitError, MemoryTokenStore, OAuthError } from "@postkit/core";
import { assert, describe, isCode, refusal, succeeds } from "./assert.js";
import type { ConformanceCheck } from "./check.js";
import { accountPlatforms, type CheckEnv, consentTo, roundTrip } from "./env.js";

/** A login started with the adapter's publish scopes, and the callback of an approving user. */
async function login(env: CheckEnv) {
  const start = await succeeds(
    env.provider.createAuthorizationUrl({ scopes: env.adapter.scopes.publish }),
    "createAuthorizationUrl",
  );
  const callback = await consentTo(env, start.url);
  return { start, callback, session: roundTrip(start.session) };
}

/** Checks that `call` is refused with an OAuthError and sends nothing; returns the error. */
async function refusedBeforeAnyRequest(
  env: CheckEnv,
  call: Promise<unknown>,
  what: string,
  codes: readonly ErrorCode[],
): Promise<OAuthError> {
  env.hub.log.clear();
  const error = await refusal(call, what);
  assert(
    isCode(error, codes) && OAuthError.isInstance(error),
    `${what} must be refused with ${codes.join(" or ")}; got ${describe(error)}.`,
  );
  const sent = env.hub.log.entries();
  assert(
    sent.length === 0,
    `${what} sent ${sent.length} request(s) (${sent.map((entry) => `${entry.method} ${entry.path}`).join(", ")}); it must be refused before any request.`,
  );
  return error;
}

function withParam(callback: string, name: string, value: string | undefined): string {
  const url = new URL(callback);
  if (value === undefined) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return url.toString();
}

const PKCE = (verifier: string, encoding: "hex" | "base64url") =>
  createHash("sha256").update(verifier).digest(encoding);

/** The OAuth checks: the authorization URL, the callback's validation, the code exchange, the accounts. */
export const oauthChecks: ConformanceCheck[] = [
  {
    id: "oauth.url",
    promise:
      "the authorization URL names the client, the redirect URI, the code flow and the requested scopes in the provider's scope style",
    async run(env) {
      const scopes = env.adapter.scopes.publish;
      const { url, session } = await succeeds(
        env.provider.createAuthorizationUrl({ scopes }),
        "createAuthorizationUrl",
      );
      const params = url.searchParams;
      const clientId = env.adapter.oauth.clientId(env.emulator);
      assert(
        params.get(env.adapter.oauth.clientIdParam) === clientId,
        `the authorization URL must carry the client id in "${env.adapter.oauth.clientIdParam}"; got ${params.get(env.adapter.oauth.clientIdParam)}.`,
      );
      assert(
        params.get("response_type") === "code",
        'the authorization URL must ask for response_type "code".',
      );
      assert(
        params.get("redirect_uri") === session.redirectUri,
        "redirect_uri must be the login session's redirectUri (the code exchange sends the same).",
      );
      const expected = env.provider.scopeStyle.serialize(scopes);
      assert(
        params.get("scope") === expected,
        `scope must be the requested scopes in the provider's scopeStyle ("${expected}"); got "${params.get("scope")}".`,
      );
      assert(
        JSON.stringify(session.scopes) === JSON.stringify([...scopes]),
        "the login session must record the requested scopes.",
      );
      assert(session.platform === env.provider.id, "the login session must name the provider's platform.");
    },
  },
  {
    id: "oauth.state",
    promise: "every login has its own unguessable state, in the URL and the session",
    async run(env) {
      const scopes = env.adapter.scopes.profile;
      const a = await succeeds(env.provider.createAuthorizationUrl({ scopes }), "createAuthorizationUrl");
      const b = await succeeds(env.provider.createAuthorizationUrl({ scopes }), "createAuthorizationUrl");
      assert(
        a.url.searchParams.get("state") === a.session.state,
        "the URL's state must be the session's state.",
      );
      assert(a.session.state !== b.session.state, "two logins must get different states.");
      assert(a.session.state.length >= 16, "the state must be at least 16 characters of randomness.");
    },
  },
  {
    id: "oauth.pkce",
    promise:
      "PKCE is sent as the platform wants it: an S256 challenge of the session's verifier, in its encoding",
    async run(env) {
      const { url, session } = await succeeds(
        env.provider.createAuthorizationUrl({
          scopes: env.adapter.scopes.profile,
        }),
        "createAuthorizationUrl",
      );
      const params = url.searchParams;
      const encoding = env.adapter.oauth.pkce;
      if (encoding === "none") {
        assert(
          !params.has("code_challenge"),
          "the adapter declares no PKCE, but the URL carries a code_challenge.",
        );
        return;
      }
      assert(session.codeVerifier, "the login session must keep the PKCE verifier for the code exchange.");
      assert(params.get("code_challenge_method") === "S256", "code_challenge_method must be S256.");
      const expected = PKCE(session.codeVerifier, encoding === "S256-hex" ? "hex" : "base64url");
      assert(
        params.get("code_challenge") === expected,
        `code_challenge must be SHA-256 of the verifier, ${encoding === "S256-hex" ? "hex" : "base64url"}-encoded.`,
      );
      assert(!url.toString().includes(session.codeVerifier), "the verifier itself must never be in the URL.");
    },
  },
  {
    id: "oauth.callback.state",
    promise: "a callback with another state is refused before any request",
    async run(env) {
      const { callback, session } = await login(env);
      await refusedBeforeAnyRequest(
        env,
        env.provider.connect(withParam(callback, "state", `${session.state}x`), session),
        "connect with a callback of another state",
        [ErrorCode.OAUTH_STATE_MISMATCH],
      );
      await refusedBeforeAnyRequest(
        env,
        env.provider.connect(withParam(callback, "state", undefined), session),
        "connect with a callback without state",
        [ErrorCode.OAUTH_STATE_MISMATCH],
      );
    },
  },
  {
    id: "oauth.callback.session",
    promise: "a missing, expired, malformed or other platform's login session is refused before any request",
    async run(env) {
      const { callback, session } = await login(env);
      const bad: Array<[string, unknown]> = [
        ["missing", undefined],
        ["expired", { ...session, expiresAt: Date.now() - 1000 }],
        ["another platform's", { ...session, platform: `${session.platform}-other` }],
        ["malformed", { ...session, state: 42 }],
      ];
      for (const [name, value] of bad) {
        const error = await refusedBeforeAnyRequest(
          env,
          // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong sessions, as an app could pass them.
          env.provider.connect(callback, value as any),
          `connect with a ${name} session`,
          [ErrorCode.OAUTH_SESSION_INVALID],
        );
        assert(
          error.next === "never",
          `a ${name} session never becomes valid: next must be "never"; got "${error.next}".`,
        );
        assert(
          error.hint?.includes("createAuthorizationUrl"),
          `a ${name} session's error must advise starting the login again with createAuthorizationUrl (hint); got "${error.hint}".`,
        );
      }
    },
  },
  {
    id: "oauth.callback.denied",
    promise: "a callback with an error (the user denied) is a typed OAuthError before any request",
    async run(env) {
      const { session } = await login(env);
      const denied = new URL(session.redirectUri);
      denied.searchParams.set("error", "access_denied");
      denied.searchParams.set("error_description", "The user denied");
      denied.searchParams.set("state", session.state);
      const error = await refusedBeforeAnyRequest(
        env,
        env.provider.connect(denied.toString(), session),
        "connect with access_denied",
        [ErrorCode.OAUTH_ACCESS_DENIED],
      );
      assert(
        error.error === "access_denied",
        `the OAuthError must carry the callback's error ("access_denied"); got "${error.error}".`,
      );
    },
  },
  {
    id: "oauth.callback.missing-code",
    promise: "a callback without a code is refused before any request",
    async run(env) {
      const { callback, session } = await login(env);
      env.hub.log.clear();
      const error = await refusal(
        env.provider.connect(withParam(callback, "code", undefined), session),
        "connect without a code",
      );
      assert(
        OAuthError.isInstance(error) || isPostkitError(error, ErrorCode.INVALID_INPUT),
        `a callback without a code must be an OAuthError; got ${describe(error)}.`,
      );
      assert(env.hub.log.count() === 0, "connect without a code must send nothing.");
    },
  },
  {
    id: "oauth.callback.tampered",
    promise: "a tampered code is refused by the platform and becomes a typed OAuthError, with no account",
    async run(env) {
      const { callback, session } = await login(env);
      const code = new URL(callback).searchParams.get("code") ?? "";
      const error = await refusal(
        env.provider.connect(withParam(callback, "code", `${code}tampered`), session),
        "connect with a tampered code",
      );
      assert(OAuthError.isInstance(error), `a refused code must be an OAuthError; got ${describe(error)}.`);
    },
  },
  {
    id: "oauth.callback.repeated",
    promise: "a callback used twice connects once: the second is refused, with one exchange for the code",
    async run(env) {
      const { callback, session } = await login(env);
      await succeeds(env.provider.connect(callback, session), "connect");
      const exchanges = env.hub.log.count(env.adapter.requests.token);
      const error = await refusal(
        env.provider.connect(callback, session),
        "connect with the same callback again",
      );
      assert(
        OAuthError.isInstance(error),
        `a repeated callback must be an OAuthError; got ${describe(error)}.`,
      );
      assert(
        env.hub.log.count(env.adapter.requests.token) <=
          exchanges + (env.adapter.oauth.exchangesPerConnect ?? 1),
        "a repeated callback must not make more than one further exchange.",
      );
    },
  },
  {
    id: "oauth.exchange",
    promise:
      "connect exchanges the code once and returns the grant, the granted scopes and the login's accounts, ready to use",
    async run(env) {
      const { callback, session } = await login(env);
      env.hub.log.clear();
      const result = await succeeds(env.provider.connect(callback, session), "connect");
      const exchanges = env.adapter.oauth.exchangesPerConnect ?? 1;
      const made = env.hub.log.count(env.adapter.requests.token);
      assert(
        made === exchanges,
        `connect must exchange the code exactly once (${exchanges} token-endpoint request(s) in all); it made ${made}.`,
      );
      assert(result.tokens.accessToken, "connect must return the grant's access token.");
      assert(
        Array.isArray(result.grantedScopes) && result.grantedScopes.length > 0,
        "connect must return the granted scopes.",
      );
      assert(result.accounts.length >= 1, "connect must return at least one account.");
      for (const { account, credentials } of result.accounts) {
        assert(
          accountPlatforms(env.adapter).includes(account.platform),
          `each account must name the provider's platform (${accountPlatforms(env.adapter).join(", ")}); got "${account.platform}".`,
        );
        assert(
          account.credentialKey === `${account.platform}:${account.id}`,
          `an account's credentialKey must be "platform:id"; got "${account.credentialKey}".`,
        );
        assert(credentials?.accessToken, "each account must come with its credentials.");
        const profile = await succeeds(
          env.provider.getProfile({ account, credentials }),
          "getProfile of a connected account",
        );
        assert(profile.id === account.id, "the profile of a connected account must be that account.");
      }
      assert(
        JSON.stringify(roundTrip(result)) === JSON.stringify(result),
        "connect's result must be plain JSON.",
      );
    },
  },
  {
    id: "oauth.token-store",
    promise:
      "with a tokenStore, connect saves each account's credentials and connections without credentials load them",
    async run(env) {
      const tokenStore = new MemoryTokenStore();
      const provider = env.make({ tokenStore });
      const start = await provider.createAuthorizationUrl({
        scopes: env.adapter.scopes.publish,
      });
      const result = await succeeds(
        provider.connect(await consentTo(env, start.url), start.session),
        "connect",
      );
      for (const { account, credentials } of result.accounts) {
        const stored = await tokenStore.load(account.credentialKey);
        assert(
          stored?.tokens.accessToken === credentials.accessToken,
          "connect must save each account's tokens under its credentialKey.",
        );
        const other = env.make({ tokenStore });
        await succeeds(
          other.getProfile({ account }),
          "getProfile({ account }) on another instance with the same store",
        );
      }
    },
  },
];
