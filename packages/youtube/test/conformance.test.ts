// The provider contract's promises (@postkit/testing/conformance), run against YouTube and its
// emulator. YouTube-specific behaviour (quota, metadata, thumbnails, the resumable protocol's
// details) has its own tests next to this one.
import { credentialKeyOf } from "@postkit/core";
import { createYouTubeEmulator, type YouTubeEmulator } from "@postkit/testing";
import { type ConformanceAdapter, describeConformance } from "@postkit/testing/conformance";
import { YouTube, type YouTubeScope, YouTubeScopes, type YouTubeVideoOptions } from "../src/index.js";

const CHUNK = 256 * 1024;
const SIZE = 3 * CHUNK + 5;
const put = { platform: "youtube", method: "PUT" } as const;

export const youtubeConformance: ConformanceAdapter<YouTubeEmulator, YouTubeScope, YouTubeVideoOptions> = {
  name: "youtube",
  // postkit always sends PKCE S256: the emulator refuses anything less, which Google would accept.
  createEmulator: () => createYouTubeEmulator({ requirePkceS256: true }),
  createProvider: (emulator, options) =>
    new YouTube({
      clientId: emulator.client.clientId,
      clientSecret: emulator.client.clientSecret,
      redirectUri: emulator.redirectUri,
      retry: { minDelayMs: 1, maxDelayMs: 5 },
      ...options,
    }),
  scopes: {
    profile: [YouTubeScopes.readonly],
    publish: [YouTubeScopes.upload, YouTubeScopes.readonly],
  },
  oauth: {
    clientIdParam: "client_id",
    clientId: (emulator) => emulator.client.clientId,
    pkce: "S256-base64url",
  },
  renewal: { kind: "refresh-token", rotates: false },
  connection(emulator, scopes) {
    const raw = emulator.issueTokens(scopes ? { scopes } : {});
    const id = emulator.channel?.id ?? "UCnochannel";
    return {
      account: {
        platform: "youtube",
        id,
        displayName: emulator.channel?.title ?? id,
        credentialKey: credentialKeyOf("youtube", id),
      },
      credentials: {
        accessToken: raw.access_token,
        tokenType: raw.token_type,
        refreshToken: raw.refresh_token,
        expiresAt: Date.now() + raw.expires_in * 1000,
        scopes: raw.scope.split(" "),
        raw: { ...raw },
      },
    };
  },
  video: {
    options: { title: "Conformance", privacyStatus: "private" },
    input: { chunkSize: CHUNK },
    size: SIZE,
    chunkSize: CHUNK,
    storedSha256: (emulator, job) => emulator.video(job.ids.videoId ?? "")?.sink.sha256(),
    posts: (emulator) => emulator.videos().length,
  },
  requests: {
    token: { platform: "youtube", path: "/token" },
    publish: { platform: "youtube", method: "POST", path: "/upload/youtube/v3/videos" },
    chunk: put,
  },
  // YouTube's resync signal: 308 Resume Incomplete with the Range it holds.
  resync: (_size, chunk) => ({ ...put, after: 1, status: 308, headers: { range: `bytes=0-${chunk - 1}` } }),
  // The final chunk's answer is lost, and so is every probe after it: the video exists, the
  // client cannot know. The job is unknown; a later probe settles it.
  lostResponse: {
    faults: (size, chunk) => [
      { ...put, after: Math.ceil(size / chunk) - 1, times: Number.POSITIVE_INFINITY, drop: "after-response" },
    ],
    reconcilable: true,
  },
};

describeConformance(youtubeConformance);
