// Instagram Login and debug_token against hostile peers: hosts that redirect every credentialed
// call, and error bodies (Instagram's OAuth shape and Graph's) that echo every secret back.
import { inspect } from "node:util";
import { ErrorCode, SecurityError, type TokenSet } from "@postkit/core";
import { describe, expect, it } from "vitest";
import { failuresAgainst, hostilePeer } from "../../../.config/hostile-peer.js";
import { findSecretLeak } from "../../../.config/secret-leak.js";
import { InstagramLogin, Meta } from "../src/index.js";

const TOKEN = 'IGAA.s3cr3t/token+value=="x"';
const CODE = "AQD-s3cr3t-code+value";
const SECRET = "ig-s3cr3t-app-secret";
const FB_SECRET = "fb-s3cr3t-app-secret";
const SECRETS = [TOKEN, CODE, SECRET, FB_SECRET];
const DAY = 24 * 3600 * 1000;

const peer = hostilePeer({
  secrets: SECRETS,
  redirectStatus: 302,
  targetBody: '{"access_token":"x","user_id":"1"}',
  answer(request, { sent, echoes }, response) {
    const oauth = request.url?.startsWith("/oauth/");
    response.writeHead(400, { "content-type": "application/json", "x-echo": encodeURIComponent(echoes) });
    response.end(
      JSON.stringify(
        oauth
          ? {
              error_type: sent[0] ?? "OAuthException",
              code: 400,
              error_message: `Bad ${echoes}. Again ${echoes}`,
            }
          : {
              error: {
                message: `Bad ${echoes}`,
                type: sent[0],
                code: 190,
                error_user_title: echoes,
                error_user_msg: echoes,
                fbtrace_id: sent[0],
              },
            },
      ),
    );
  },
});

const tokens: TokenSet = {
  accessToken: TOKEN,
  tokenType: "bearer",
  expiresAt: Date.now() + 20 * DAY,
  scopes: ["instagram_business_basic"],
  raw: { token_kind: "instagram_login", user_id: "1", issued_at: Date.now() - 40 * DAY },
};

function calls(): Array<[string, () => Promise<unknown>]> {
  const base = peer.hostile.base;
  const instagram = new InstagramLogin({
    clientId: "1",
    clientSecret: SECRET,
    redirectUri: "https://app.example/callback",
    baseUrls: { instagramApi: base, instagramGraph: base, instagramDialog: base },
    retry: { minDelayMs: 1, maxDelayMs: 2 },
  });
  const meta = new Meta({
    clientId: "2",
    clientSecret: FB_SECRET,
    redirectUri: "https://app.example/callback",
    baseUrls: { graph: base },
    retry: { minDelayMs: 1, maxDelayMs: 2 },
  });
  const now = Date.now();
  const session = {
    v: 1 as const,
    platform: "instagram",
    state: "st",
    redirectUri: "https://app.example/callback",
    scopes: ["instagram_business_basic"],
    createdAt: now,
    expiresAt: now + 600_000,
  };
  const callback = `https://app.example/callback?state=st&code=${encodeURIComponent(CODE)}#_`;
  const account = {
    platform: "instagram",
    id: "1",
    displayName: "a",
    credentialKey: "instagram:1",
    login: "instagram",
  };
  const page = { platform: "facebook", id: "9", displayName: "p", credentialKey: "facebook:9" };
  return [
    ["code exchange", () => instagram.connect(callback, session)],
    ["refresh", () => instagram.renewTokens(tokens)],
    ["profile (renewing first)", () => instagram.getProfile({ account, credentials: tokens })],
    ["debug_token", () => meta.inspectToken({ account: page, credentials: { ...tokens, raw: {} } })],
  ];
}

describe("Instagram Login and debug_token against hosts that misbehave", () => {
  it("redirect every credentialed call: REDIRECT_REFUSED, nothing reaches the target", async () => {
    for (const { name, error } of await failuresAgainst(peer, "redirect", calls())) {
      expect(SecurityError.isInstance(error) && error.code, name).toBe(ErrorCode.REDIRECT_REFUSED);
      expect(findSecretLeak(error, inspect), name).toBeUndefined();
    }
    expect(peer.targetHits).toBe(0);
  });

  it("echo the request's secrets in every field of either error shape: no error shows them", async () => {
    const failures = await failuresAgainst(peer, "echo", calls());
    for (const { name, error } of failures) {
      expect(error, name).toBeInstanceOf(Error);
      expect(findSecretLeak(error, inspect), name).toBeUndefined();
    }
    // Instagram's OAuth shape became an OAuthError; Graph's 190 on the refresh a reconnect.
    expect(failures[0]!.error).toMatchObject({ code: ErrorCode.OAUTH_ERROR, status: 400 });
    expect(failures[1]!.error).toMatchObject({ code: ErrorCode.REAUTH_REQUIRED });
  });
});
