// The emulator server, in its own process: TikTok, YouTube and Meta emulators on a loopback server
// (http, or https with the key and certificate in BENCH_TLS). Talks to the bench runner over IPC:
// sends { ready } once listening, answers { lastUpload } and { close }.
import { readFileSync } from "node:fs";
import {
  createEmulatorHub,
  createMetaEmulator,
  createTikTokEmulator,
  createYouTubeEmulator,
} from "@postkit/testing";

// Keep no uploaded bytes (size and SHA-256 only), no per-token rate limits, no quota to run out.
const tiktok = createTikTokEmulator({ rateLimits: false, retainBytes: 0 });
const youtube = createYouTubeEmulator({ retainBytes: 0, quotaLimit: Number.MAX_SAFE_INTEGER });
const meta = createMetaEmulator({ retainBytes: 0 });
const hub = createEmulatorHub(tiktok, youtube, meta);
const tlsFiles = process.env.BENCH_TLS ? JSON.parse(process.env.BENCH_TLS) : undefined;
const server = await hub.listen(
  tlsFiles ? { tls: { key: readFileSync(tlsFiles.key), cert: readFileSync(tlsFiles.cert) } } : {},
);

function lastUpload(platform) {
  if (platform === "tiktok") {
    const publish = tiktok.publishes().at(-1);
    return publish ? { size: publish.sink.size, complete: publish.complete } : undefined;
  }
  if (platform === "meta") {
    // The last Page video or Reel: its Resumable Upload API session's or rupload host's bytes.
    const video = meta.pageVideos().at(-1);
    const bytes = video ? meta.uploadedBytes(video.id) : undefined;
    return bytes ? { size: bytes.size, complete: bytes.complete && video.finished } : undefined;
  }
  const video = youtube.videos().at(-1);
  return video ? { size: video.sink.size, complete: true } : undefined;
}

process.on("message", async (message) => {
  if (message.type === "lastUpload") {
    process.send({ type: "lastUpload", id: message.id, upload: lastUpload(message.platform) });
    // The request log grows by one entry per request; the bench makes many.
    hub.log.clear();
  } else if (message.type === "cpu") {
    // The server's own CPU time (µs), so the runner can tell what each upload cost the server.
    const { user, system } = process.cpuUsage();
    process.send({ type: "cpu", id: message.id, cpuUs: user + system });
  } else if (message.type === "clearLog") {
    hub.log.clear();
    process.send({ type: "clearLog", id: message.id });
  } else if (message.type === "close") {
    await server.close();
    process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));

const ytRaw = youtube.issueTokens();
// The first default Page; its Page token with what Page videos and Reels need.
const page = meta.pages[0];
const metaScopes = ["pages_show_list", "pages_read_engagement", "pages_manage_posts", "publish_video"];
process.send({
  type: "ready",
  url: server.url,
  baseUrls: server.baseUrls,
  tiktok: {
    clientKey: tiktok.clientKey,
    clientSecret: tiktok.clientSecret,
    redirectUri: tiktok.redirectUri,
    tokenResponse: tiktok.issueTokens(),
  },
  youtube: {
    clientId: youtube.client.clientId,
    clientSecret: youtube.client.clientSecret,
    redirectUri: youtube.redirectUri,
    tokenResponse: ytRaw,
  },
  meta: {
    clientId: meta.clientId,
    clientSecret: meta.clientSecret,
    redirectUri: meta.redirectUri,
    pageId: page.id,
    pageName: page.name,
    pageTasks: page.tasks,
    scopes: metaScopes,
    tokenResponse: { access_token: meta.issuePageToken(page.id, metaScopes), token_type: "bearer" },
  },
});
