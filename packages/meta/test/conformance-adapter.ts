// The Meta client's adapter for the conformance suite (@postkit/testing/conformance): a Facebook
// Page of the Meta emulator's Facebook login, its video published through the Resumable Upload
// API on core's upload engine, and the Meta facts the platform-neutral checks need.
import { credentialKeyOf } from "@postkit/core";
import { createMetaEmulator, type MetaEmulator } from "@postkit/testing";
import type { ConformanceAdapter } from "@postkit/testing/conformance";
import { type MetaScope, Meta, type MetaVideoOptions } from "../src/index.js";

const SIZE = 3 * 1024 + 5;
/** Meta's uploads stream the rest of the file per request: one request per attempt. */
const CHUNK = SIZE;

/** What a Page video needs (https://developers.facebook.com/docs/video-api/guides/publishing). */
const PUBLISH: readonly MetaScope[] = [
  "pages_show_list",
  "pages_read_engagement",
  "pages_manage_posts",
  "publish_video",
];

/** Fixed ids, so the request filters can name the Page's paths. */
const PAGE_ID = "104000000000001";
const VIDEOS = `/v25.0/${PAGE_ID}/videos`;

export const metaConformance: ConformanceAdapter<MetaEmulator, MetaScope, MetaVideoOptions> = {
  name: "meta",
  createEmulator: () => {
    const emulator = createMetaEmulator();
    emulator.pages[0]!.id = PAGE_ID;
    return emulator;
  },
  createProvider: (emulator, options) =>
    new Meta({
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      redirectUri: emulator.redirectUri,
      retry: { minDelayMs: 1, maxDelayMs: 2, jitter: false },
      ...options,
    }),
  // The manifest names no publishing scopes: a Page needs pages_manage_posts, an Instagram account
  // instagram_content_publish; each publish checks its account's before any request.
  scopes: {
    profile: ["pages_show_list"],
    publish: PUBLISH,
    byAccount: ["publishVideo", "publishPhotos"],
  },
  accountPlatforms: ["facebook", "instagram"],
  // Facebook Login has no PKCE in Meta's manual flow; connect makes the code exchange and then
  // the long-lived exchange, both on /oauth/access_token.
  oauth: {
    clientIdParam: "client_id",
    clientId: (emulator) => emulator.clientId,
    pkce: "none",
    exchangesPerConnect: 2,
  },
  renewal: { kind: "none" },
  connection(emulator, scopes = PUBLISH) {
    const page = emulator.pages[0]!;
    return {
      account: {
        platform: "facebook",
        id: page.id,
        displayName: page.name,
        credentialKey: credentialKeyOf("facebook", page.id),
        login: "facebook",
      },
      credentials: {
        accessToken: emulator.issuePageToken(page.id, scopes),
        tokenType: "bearer",
        scopes: [...scopes],
        raw: {
          token_kind: "page",
          page_id: page.id,
          tasks: [...(page.tasks ?? [])],
        },
      },
    };
  },
  video: {
    options: { kind: "video", title: "Conformance" },
    size: SIZE,
    chunkSize: CHUNK,
    streamed: true,
    storedSha256: (emulator, job) => emulator.uploadedBytes(job.ids.videoId ?? "")?.sha256,
    posts: (emulator) => emulator.pageVideos().length,
  },
  requests: {
    token: {
      platform: "meta",
      role: "graph",
      path: "/v25.0/oauth/access_token",
    },
    publish: { platform: "meta", role: "graph", method: "POST", path: VIDEOS },
    chunk: {
      platform: "meta",
      role: "graph",
      method: "POST",
      path: /^\/v\d+\.\d+\/upload:[^/]+$/,
    },
  },
  // No resync signal: Meta's uploads send the rest of the file per request and learn the
  // server's offset by asking it (GET upload:<id>), which uploads.dropped-connection covers.
  // The Page video's publish (POST /{page-id}/videos) takes effect and its answer is lost: the
  // job is unknown, and without the video id postkit cannot look it up, so it stays unknown.
  lostResponse: {
    faults: () => [
      {
        platform: "meta",
        role: "graph",
        method: "POST",
        path: VIDEOS,
        drop: "after-response",
      },
    ],
    reconcilable: false,
  },
};
