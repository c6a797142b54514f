// TikTok against hostile peers: a TikTok host that redirects every credentialed call, one that
// echoes the token in its envelope, an init that hands out a foreign upload_url, and a request
// that reaches TikTok later than it was sent (the limiter must count it from its arrival).
import { inspect } from "node:util";
import { ErrorCode, SecurityError, type TokenSet } from "@postkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { failuresAgainst, hostilePeer } from "../../../.config/hostile-peer.js";
import { findSecretLeak } from "../../../.config/secret-leak.js";
import { TIKTOK_RATE_LIMITS, TikTok, type TikTokCreatorInfo } from "../src/index.js";
import { directOptions, memorySource, pseudoRandomBytes, type Setup, setup } from "./helpers.js";

const TOKEN = 'act.s3cr3t/token+value=="x"';
const REFRESH = "rft.s3cr3t/refresh+value";
const CODE = "code-s3cr3t-1234";
const VERIFIER = "verifier-s3cr3t-abcdef";
const CLIENT_SECRET = "client-s3cr3t-secret";
const SECRETS = [TOKEN, REFRESH, CODE, VERIFIER, CLIENT_SECRET];
const peer = hostilePeer({
  secrets: SECRETS,
  redirectStatus: 307,
  targetBody: '{"data":{},"error":{"code":"ok"}}',
  answer(_request, { sent, echoes }, response) {
    response
      .writeHead(401, { "content-type": "application/json", "x-request-token": encodeURIComponent(echoes) })
      .end(
        JSON.stringify({
          data: { echo: echoes },
          error: {
            code: sent[0] ?? "none",
            message: `The access token is invalid: ${echoes}`,
            log_id: echoes,
          },
        }),
      );
  },
});

const tokens: TokenSet = {
  accessToken: TOKEN,
  refreshToken: REFRESH,
  tokenType: "Bearer",
  scopes: ["user.info.basic", "video.publish", "video.upload"],
  raw: {},
};

function client(): TikTok {
  return new TikTok({
    clientKey: "key",
    clientSecret: CLIENT_SECRET,
    redirectUri: "https://app.example/callback/",
    baseUrls: { api: peer.hostile.base, upload: peer.hostile.base },
    retry: { minDelayMs: 1, maxDelayMs: 2 },
  });
}

const creatorInfo: TikTokCreatorInfo = {
  avatarUrl: "",
  username: "u",
  nickname: "n",
  privacyLevelOptions: ["SELF_ONLY"],
  commentDisabled: false,
  duetDisabled: false,
  stitchDisabled: false,
  maxVideoPostDurationSec: 600,
};

/** Every credentialed TikTok call. */
function calls(tiktok: TikTok): Array<[string, () => Promise<unknown>]> {
  const callback = `https://app.example/callback/?code=${CODE}&state=st&scopes=user.info.basic`;
  const now = Date.now();
  const session = {
    v: 1 as const,
    platform: "tiktok",
    state: "st",
    codeVerifier: VERIFIER,
    redirectUri: "https://app.example/callback/",
    scopes: ["user.info.basic"],
    createdAt: now,
    expiresAt: now + 600_000,
  };
  const connection = {
    account: { platform: "tiktok", id: "u1", displayName: "u1", credentialKey: "tiktok:u1" },
    credentials: tokens,
  };
  return [
    ["code exchange", () => tiktok.connect(callback, session)],
    ["refresh", () => tiktok.renewTokens(tokens)],
    ["revoke", () => tiktok.revoke(connection)],
    ["profile", () => tiktok.getProfile(connection)],
    ["creator info", () => tiktok.getCreatorInfo(connection)],
    [
      "video init",
      () =>
        tiktok.postVideo(connection, {
          videoUrl: "https://media.example/a.mp4",
          options: directOptions,
          creatorInfo: { ...creatorInfo, privacyLevelOptions: [...creatorInfo.privacyLevelOptions] },
        }),
    ],
    [
      "chunk PUT",
      () =>
        tiktok.resumeUpload(
          connection,
          {
            version: 1,
            platform: "tiktok",
            sessionUrl: `${peer.hostile.base}/video/?upload_id=1&upload_token=${encodeURIComponent(TOKEN)}`,
            ids: { publishId: "p1" },
            offset: 0,
            totalBytes: 1000,
            chunkSize: 1000,
            expiresAt: Date.now() + 3_600_000,
            extra: { totalChunkCount: 1, contentType: "video/mp4", flow: "direct" },
          },
          { source: memorySource(new Uint8Array(1000)) },
        ),
    ],
  ];
}

describe("a TikTok host that misbehaves", () => {
  it("redirects every credentialed call: REDIRECT_REFUSED, nothing reaches the target", async () => {
    for (const { name, error } of await failuresAgainst(peer, "redirect", calls(client()))) {
      expect(SecurityError.isInstance(error) && error.code, name).toBe(ErrorCode.REDIRECT_REFUSED);
      expect(findSecretLeak(error, inspect), name).toBeUndefined();
    }
    expect(peer.targetHits).toBe(0);
  });

  it("echoes the token in its envelope's code, message and log_id: no error shows it", async () => {
    for (const { name, error } of await failuresAgainst(peer, "echo", calls(client()))) {
      expect(error, name).toBeInstanceOf(Error);
      expect(findSecretLeak(error, inspect), name).toBeUndefined();
    }
  });
});

describe("TikTok's upload_url from the init response", () => {
  let env: Setup;
  afterEach(async () => env?.close());
  const bytes = pseudoRandomBytes(1_000_000);

  for (const bad of [
    "https://evil.example/video/?upload_id=1&upload_token=t",
    "http://open-upload.tiktokapis.com/video/?upload_id=1&upload_token=t",
    "https://open-upload.tiktokapis.com:8443/video/?upload_id=1&upload_token=t",
    "https://open-upload.tiktokapis.com/other/?upload_id=1&upload_token=t",
    "https://storage.tiktokapis.com/video/?upload_id=1&upload_token=t",
  ]) {
    it(`is refused before a byte goes out: ${bad}`, async () => {
      const sent: string[] = [];
      env = await setup();
      const tiktok = env.client({
        fetch: async (input, init) => {
          const request = new Request(input, init);
          sent.push(new URL(request.url).origin);
          const response = await env.hub.fetch(request);
          if (!request.url.includes("/video/init/")) return response;
          const body = (await response.json()) as { data: Record<string, unknown> };
          body.data.upload_url = bad;
          return Response.json(body, { status: response.status });
        },
      });
      const error = await tiktok
        .postVideo(env.connection(["video.publish"]), { source: memorySource(bytes), options: directOptions })
        .catch((caught: unknown) => caught);
      expect(SecurityError.isInstance(error) && error.code).toBe(ErrorCode.UNTRUSTED_URL);
      expect((error as SecurityError).origin).toBe(new URL(bad).origin);
      expect(sent.filter((origin) => origin !== "https://open.tiktokapis.com")).toEqual([]);
      expect(env.hub.log.count({ method: "PUT" })).toBe(0);
    });
  }
});

describe("the limiter counts a request from when it reached TikTok", () => {
  let env: Setup;
  afterEach(async () => env?.close());

  it("a slow first request does not earn a 429 at the window's edge (emulator's own limiter)", async () => {
    env = await setup({ client: { rateLimit: { mode: "wait" } } });
    let first = true;
    const tiktok = env.client({
      fetch: async (input, init) => {
        // The first request spends 5 s on the way: TikTok counts it 5 s after it was sent.
        if (first) env.clock.advance(5_000);
        first = false;
        return env.hub.fetch(input, init);
      },
    });
    const tokens = env.connection(["video.publish"]);
    for (let i = 0; i <= TIKTOK_RATE_LIMITS.creatorInfo; i++) await tiktok.getCreatorInfo(tokens);
    const statuses = env.hub.log.entries().map((entry) => entry.status);
    expect(statuses).toHaveLength(TIKTOK_RATE_LIMITS.creatorInfo + 1);
    expect(statuses.filter((status) => status === 429)).toEqual([]);
  });
});
