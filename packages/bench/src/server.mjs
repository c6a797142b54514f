// The emulator server, in its own process: TikTok and YouTube emulators on a loopback server
// (http, or https with the key and certificate in BENCH_TLS). Talks to the bench runner over IPC:
// sends { ready } once listening, answers { lastUpload } and { close }.
import { readFileSync } from "node:fs";
import { createEmulatorHub, createTikTokEmulator, createYouTubeEmulator } from "@postkit/testing";

// Keep no uploaded bytes (size and SHA-256 only), no per-token rate limits, no quota to run out.
const tiktok = createTikTokEmulator({ rateLimits: false, retainBytes: 0 });
const youtube = createYouTubeEmulator({ retainBytes: 0, quotaLimit: Number.MAX_SAFE_INTEGER });
const hub = createEmulatorHub(tiktok, youtube);
const tlsFiles = process.env.BENCH_TLS ? JSON.parse(process.env.BENCH_TLS) : undefined;
const server = await hub.listen(
  tlsFiles ? { tls: { key: readFileSync(tlsFiles.key), cert: readFileSync(tlsFiles.cert) } } : {},
);

function lastUpload(platform) {
  if (platform === "tiktok") {
    const publish = tiktok.publishes().at(-1);
    return publish ? { size: publish.sink.size, complete: publish.complete } : undefined;
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
});
