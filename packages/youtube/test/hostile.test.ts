// YouTube against hostile peers: Google hosts that redirect every credentialed call, Google error
// bodies that echo the token in every field (reason and domain included), and a session start
// whose Location points to another bucket, port or scheme.
import { inspect } from "node:util";
import { ErrorCode, SecurityError, type TokenSet } from "@postkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { failuresAgainst, hostilePeer } from "../../../.config/hostile-peer.js";
import { findSecretLeak } from "../../../.config/secret-leak.js";
import { YouTube } from "../src/index.js";
import {
  bytesSource,
  clientFor,
  connectionFrom,
  createEmulatorHub,
  createYouTubeEmulator,
} from "./support.js";

const TOKEN = 'ya29.s3cr3t/token+value=="x"';
const REFRESH = "1//s3cr3t-refresh+value";
const CODE = "4/s3cr3t-code+value";
const VERIFIER = "verifier-s3cr3t-abcdefgh";
const CLIENT_SECRET = "GOCSPX-s3cr3t-client";
const SECRETS = [TOKEN, REFRESH, CODE, VERIFIER, CLIENT_SECRET];
const peer = hostilePeer({
  secrets: SECRETS,
  redirectStatus: 301,
  targetBody: "{}",
  answer(request, { sent, echoes }, response) {
    const oauth = request.url?.startsWith("/token") || request.url?.startsWith("/revoke");
    response.writeHead(oauth ? 400 : 403, {
      "content-type": "application/json",
      "x-echo": encodeURIComponent(echoes),
    });
    response.end(
      JSON.stringify(
        oauth
          ? { error: sent[0] ?? "invalid_grant", error_description: `Bad ${echoes}` }
          : {
              error: {
                code: 403,
                message: `<b>${echoes}</b>`,
                status: sent[0],
                errors: [{ reason: sent[0], domain: sent[0], message: echoes, location: sent[0] }],
              },
            },
      ),
    );
  },
});

const tokens: TokenSet = {
  accessToken: TOKEN,
  refreshToken: REFRESH,
  tokenType: "Bearer",
  expiresAt: Date.now() + 3_600_000,
  scopes: [
    "https://www.googleapis.com/auth/youtube.upload",
    "https://www.googleapis.com/auth/youtube.readonly",
  ],
  raw: {},
};

function client(): YouTube {
  return new YouTube({
    clientId: "id",
    clientSecret: CLIENT_SECRET,
    redirectUri: "https://app.example/callback",
    baseUrls: { oauth: peer.hostile.base, api: peer.hostile.base },
    retry: { minDelayMs: 1, maxDelayMs: 2 },
  });
}

function calls(youtube: YouTube): Array<[string, () => Promise<unknown>]> {
  const callback = `https://app.example/callback?code=${encodeURIComponent(CODE)}&state=st`;
  const now = Date.now();
  const session = {
    v: 1 as const,
    platform: "youtube",
    state: "st",
    codeVerifier: VERIFIER,
    redirectUri: "https://app.example/callback",
    scopes: [],
    createdAt: now,
    expiresAt: now + 600_000,
  };
  const connection = {
    account: { platform: "youtube", id: "UC1", displayName: "c", credentialKey: "youtube:UC1" },
    credentials: tokens,
  };
  return [
    ["code exchange", () => youtube.connect(callback, session)],
    ["refresh", () => youtube.renewTokens(tokens)],
    ["revoke", () => youtube.revoke(connection)],
    ["channel", () => youtube.getChannel(connection)],
    [
      "upload session start",
      () =>
        youtube.publishVideo(connection, {
          source: bytesSource(new Uint8Array(1000)),
          options: { title: "t", privacyStatus: "private" },
        }),
    ],
  ];
}

describe("Google hosts that misbehave", () => {
  it("redirect every credentialed call: REDIRECT_REFUSED, nothing reaches the target", async () => {
    for (const { name, error } of await failuresAgainst(peer, "redirect", calls(client()))) {
      expect(SecurityError.isInstance(error) && error.code, name).toBe(ErrorCode.REDIRECT_REFUSED);
      expect(findSecretLeak(error, inspect), name).toBeUndefined();
    }
    expect(peer.targetHits).toBe(0);
  });

  it("echo the request's secrets in error, error_description, reason, domain, status and messages: no error shows them", async () => {
    for (const { name, error } of await failuresAgainst(peer, "echo", calls(client()))) {
      expect(error, name).toBeInstanceOf(Error);
      expect(findSecretLeak(error, inspect), name).toBeUndefined();
    }
  });
});

describe("the session URI from the session start's Location", () => {
  const emulator = createYouTubeEmulator({ requirePkceS256: true });
  const hub = createEmulatorHub(emulator);
  afterEach(() => hub.log.clear());

  for (const bad of [
    "https://storage.googleapis.com/other-bucket/upload/youtube/v3/videos?upload_id=1",
    "https://www.googleapis.com:8443/upload/youtube/v3/videos?upload_id=1",
    "http://www.googleapis.com/upload/youtube/v3/videos?upload_id=1",
    "https://www.googleapis.com/youtube/v3/videos?upload_id=1",
    "https://evil.example/upload/youtube/v3/videos?upload_id=1",
  ]) {
    it(`is refused before a byte goes out: ${bad}`, async () => {
      const sent: string[] = [];
      const youtube = clientFor(emulator, {
        fetch: async (input, init) => {
          const request = new Request(input, init);
          sent.push(`${request.method} ${new URL(request.url).origin}`);
          const response = await hub.fetch(request);
          if (request.method !== "POST" || !response.headers.has("location")) return response;
          return new Response(null, { status: 200, headers: { location: bad } });
        },
      });
      const error = await youtube
        .publishVideo(connectionFrom(emulator), {
          source: bytesSource(new Uint8Array(1000)),
          options: { title: "t", privacyStatus: "private" },
        })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: ErrorCode.UNEXPECTED_RESPONSE });
      expect((error as Error).message).toContain(new URL(bad).origin);
      expect(sent).toEqual(["POST https://www.googleapis.com"]);
    });
  }
});
