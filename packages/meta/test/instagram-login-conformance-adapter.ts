// InstagramLogin's adapter for the conformance suite (@postkit/testing/conformance): the client,
// the Meta emulator's Instagram Login, and the facts the platform-neutral checks need.
import { credentialKeyOf } from "@postkit/core";
import { createMetaEmulator, type MetaEmulator } from "@postkit/testing";
import type { ConformanceAdapter } from "@postkit/testing/conformance";
import { INSTAGRAM_LOGIN_SCOPES, InstagramLogin, type InstagramLoginScope } from "../src/index.js";

const DAY = 24 * 3600 * 1000;
const MEDIA_PUBLISH = {
  platform: "meta",
  role: "instagramGraph",
  method: "POST",
  path: /^\/v\d+\.\d+\/[^/]+\/media_publish$/,
};

export const instagramLoginConformance: ConformanceAdapter<MetaEmulator, InstagramLoginScope, unknown> = {
  name: "instagram",
  createEmulator: () => createMetaEmulator(),
  createProvider: (emulator, options) =>
    new InstagramLogin({
      clientId: emulator.instagramLogin.appId,
      clientSecret: emulator.instagramLogin.appSecret,
      redirectUri: emulator.instagramLogin.redirectUri,
      retry: { minDelayMs: 1, maxDelayMs: 2, jitter: false },
      ...options,
    }),
  scopes: {
    profile: ["instagram_business_basic"],
    publish: ["instagram_business_basic", "instagram_business_content_publish"],
  },
  oauth: {
    clientIdParam: "client_id",
    clientId: (emulator) => emulator.instagramLogin.appId,
    pkce: "none",
  },
  renewal: { kind: "exchange" },
  // A long-lived token a day and an hour old: old enough for Meta to refresh it.
  connection(emulator, scopes = INSTAGRAM_LOGIN_SCOPES) {
    const issuedAt = Date.now() - DAY - 3600 * 1000;
    const accessToken = emulator.issueInstagramToken(scopes, {
      ageMs: DAY + 3600 * 1000,
    });
    const { account } = emulator.instagramLogin;
    return {
      account: {
        platform: "instagram",
        id: account.id,
        displayName: account.username,
        credentialKey: credentialKeyOf("instagram", account.id),
        login: "instagram",
      },
      credentials: {
        accessToken,
        tokenType: "bearer",
        expiresAt: issuedAt + 60 * DAY,
        scopes: [...scopes],
        raw: {
          token_kind: "instagram_login",
          user_id: account.scopedId,
          issued_at: issuedAt,
        },
      },
    };
  },
  // No video bytes with Instagram Login (publishVideo is unavailable, so the kit skips the checks
  // that need it); posts are the published media, what the photo lost-response check counts.
  video: {
    options: {},
    size: 3072,
    chunkSize: 1024,
    storedSha256: () => undefined,
    posts: (emulator) => emulator.instagramMedia().length,
  },
  requests: {
    token: {
      platform: "meta",
      role: "instagramApi",
      path: "/oauth/access_token",
    },
    publish: { platform: "meta", role: "instagramGraph", method: "POST" },
    chunk: { platform: "meta", role: "rupload", method: "POST" },
  },
  // media_publish takes effect and its answer is lost: the job is unknown, and reading the
  // container (status_code PUBLISHED) settles it without a second media_publish.
  lostResponse: {
    faults: () => [{ ...MEDIA_PUBLISH, drop: "after-response" }],
    write: MEDIA_PUBLISH,
    photos: {
      imageUrls: ["https://media.example/p/0.jpg"],
      options: { caption: "conformance" },
    },
    reconcilable: true,
  },
};
