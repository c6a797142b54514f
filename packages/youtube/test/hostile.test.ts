// YouTube against hostile peers: Google hosts that redirect every credentialed call, Google error
// bodies that echo the token in every field (reason and domain included), and a session start
// whose Location points to another bucket, port or scheme.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { ErrorCode, SecurityError, type TokenSet } from "@postkit/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findSecretLeak } from "../../../.config/secret-leak.js";
import { YouTube } from "../src/index.js";
import { bytesSource, clientFor, createEmulatorHub, createYouTubeEmulator, tokensFrom } from "./support.js";

const TOKEN = 'ya29.s3cr3t/token+value=="x"';
const REFRESH = "1//s3cr3t-refresh+value";
const CODE = "4/s3cr3t-code+value";
const VERIFIER = "verifier-s3cr3t-abcdefgh";
const CLIENT_SECRET = "GOCSPX-s3cr3t-client";
const SECRETS = [TOKEN, REFRESH, CODE, VERIFIER, CLIENT_SECRET];
const forms = (value: string) => [
  value,
  encodeURIComponent(value),
  new URLSearchParams({ v: value }).toString().slice(2),
  JSON.stringify(value).slice(1, -1),
];

function listen(server: Server): { base: string } {
  const address = { base: "" };
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    address.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return address;
}

let targetHits = 0;
const target = listen(
  createServer((_request, response) => {
    targetHits++;
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  }),
);

let mode: "redirect" | "echo" = "redirect";
const hostile = listen(
  createServer(async (request, response) => {
    const parts: Buffer[] = [];
    for await (const part of request) parts.push(part as Buffer);
    if (mode === "redirect") {
      response.writeHead(301, { location: `${target.base}${request.url}` }).end();
      return;
    }
    const received = `${request.url} ${Buffer.concat(parts)} ${request.headers.authorization}`;
    const sent = SECRETS.filter((secret) => forms(secret).some((form) => received.includes(form)));
    const echoes = sent.flatMap(forms).join(" ");
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
  }),
);

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
    baseUrls: { oauth: hostile.base, api: hostile.base },
    retry: { minDelayMs: 1, maxDelayMs: 2 },
  });
}

function calls(youtube: YouTube): Array<[string, () => Promise<unknown>]> {
  const callback = `https://app.example/callback?code=${encodeURIComponent(CODE)}&state=st`;
  return [
    ["code exchange", () => youtube.handleCallback(callback, { state: "st", codeVerifier: VERIFIER })],
    ["refresh", () => youtube.refreshTokens(tokens)],
    ["revoke", () => youtube.revokeTokens(tokens)],
    ["channel", () => youtube.getChannel(tokens)],
    [
      "upload session start",
      () =>
        youtube.uploadVideo(tokens, {
          source: bytesSource(new Uint8Array(1000)),
          metadata: { title: "t", privacyStatus: "private" },
        }),
    ],
  ];
}

describe("Google hosts that misbehave", () => {
  it("redirect every credentialed call: REDIRECT_REFUSED, nothing reaches the target", async () => {
    mode = "redirect";
    targetHits = 0;
    for (const [name, call] of calls(client())) {
      const error = await call().catch((caught: unknown) => caught);
      expect(SecurityError.isInstance(error) && error.code, name).toBe(ErrorCode.REDIRECT_REFUSED);
      expect(findSecretLeak(error, inspect), name).toBeUndefined();
    }
    expect(targetHits).toBe(0);
  });

  it("echo the request's secrets in error, error_description, reason, domain, status and messages: no error shows them", async () => {
    mode = "echo";
    for (const [name, call] of calls(client())) {
      const error = await call().catch((caught: unknown) => caught);
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
        .uploadVideo(tokensFrom(emulator), {
          source: bytesSource(new Uint8Array(1000)),
          metadata: { title: "t", privacyStatus: "private" },
        })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: ErrorCode.UNEXPECTED_RESPONSE });
      expect((error as Error).message).toContain(new URL(bad).origin);
      expect(sent).toEqual(["POST https://www.googleapis.com"]);
    });
  }
});
