// TikTok's adapter for the conformance suite (@postkit/testing/conformance): how to build the
// client and its emulator, and the TikTok facts the platform-neutral checks need. Used by
// conformance.test.ts, and by the suite's own mutation tests in packages/testing.
import { commaSeparatedScopes, credentialKeyOf, tokenSetFromResponse } from "@postkit/core";
import { createTikTokEmulator, type TikTokEmulator } from "@postkit/testing";
import type { ConformanceAdapter } from "@postkit/testing/conformance";
import { TikTok, type TikTokScope, type TikTokVideoOptions } from "../src/index.js";

const SIZE = 16_000_000;
const CHUNK = 5_242_880; // → 3 chunks, the last 5,514,240 B
const INIT = "/v2/post/publish/video/init/";

export const tiktokConformance: ConformanceAdapter<TikTokEmulator, TikTokScope, TikTokVideoOptions> = {
  name: "tiktok",
  createEmulator: () => createTikTokEmulator(),
  createProvider: (emulator, options) =>
    new TikTok({
      clientKey: emulator.clientKey,
      clientSecret: emulator.clientSecret,
      redirectUri: emulator.redirectUri,
      retry: { minDelayMs: 1, maxDelayMs: 2, jitter: false },
      ...options,
    }),
  scopes: {
    profile: ["user.info.basic"],
    publish: ["user.info.basic", "video.publish", "video.upload", "video.list"],
  },
  oauth: { clientIdParam: "client_key", clientId: (emulator) => emulator.clientKey, pkce: "S256-hex" },
  renewal: { kind: "refresh-token", rotates: true },
  connection(emulator, scopes) {
    const tokens = tokenSetFromResponse(emulator.issueTokens(scopes), { scopeStyle: commaSeparatedScopes });
    const id = String(tokens.raw.open_id);
    return {
      account: { platform: "tiktok", id, displayName: id, credentialKey: credentialKeyOf("tiktok", id) },
      credentials: tokens,
    };
  },
  video: {
    options: { mode: "direct", privacyLevel: "SELF_ONLY", durationSec: 30, chunkSize: CHUNK },
    size: SIZE,
    chunkSize: CHUNK,
    storedSha256: (emulator, job) => emulator.upload(job.ids.publishId ?? "")?.sha256,
    posts: (emulator) => emulator.publishes().length,
  },
  requests: {
    token: { platform: "tiktok", path: "/v2/oauth/token/" },
    publish: { platform: "tiktok", path: INIT },
    chunk: { platform: "tiktok", role: "upload", method: "PUT" },
  },
  // TikTok's resync signal: 416 with the Content-Range of what it holds.
  resync: (size, chunk) => ({
    platform: "tiktok",
    role: "upload",
    method: "PUT",
    after: 1,
    status: 416,
    headers: { "content-range": `bytes 0-${chunk - 1}/${size}` },
  }),
  // A photo init whose answer is lost: TikTok fetches the images anyway, and cannot look the
  // publish up without its id, so the job stays unknown (and is never repeated).
  lostResponse: {
    faults: () => [{ platform: "tiktok", path: "/v2/post/publish/content/init/", drop: "after-response" }],
    write: { platform: "tiktok", path: "/v2/post/publish/content/init/" },
    photos: {
      imageUrls: ["https://media.example/p/0.jpeg"],
      options: { postMode: "DIRECT_POST", privacyLevel: "SELF_ONLY", title: "conformance" },
    },
    reconcilable: false,
  },
};
