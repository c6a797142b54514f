// Per-call cost of postkit against a bare fetch of the same URL and headers, over the loopback
// emulators (real HTTP on 127.0.0.1). Run after `pnpm build`:
//   node .config/bench-per-call.mjs [calls=500]
// Prints wall-clock and CPU ratios (postkit / bare fetch) for TikTok getProfile and YouTube
// getChannel. Numbers vary with the machine; compare ratios taken on the same machine.
import { commaSeparatedScopes, tokenSetFromResponse } from "../packages/core/dist/index.js";
import {
  createEmulatorHub,
  createTikTokEmulator,
  createYouTubeEmulator,
} from "../packages/testing/dist/index.js";
import { TikTok } from "../packages/tiktok/dist/index.js";
import { YouTube } from "../packages/youtube/dist/index.js";

const CALLS = Number(process.argv[2] ?? 500);
const WARMUP = 100;
const ROUNDS = 5;

const tiktokEmulator = createTikTokEmulator({ rateLimits: false });
const youtubeEmulator = createYouTubeEmulator({ quotaLimit: Number.MAX_SAFE_INTEGER });
const hub = createEmulatorHub(tiktokEmulator, youtubeEmulator);
const server = await hub.listen();

const tiktok = new TikTok({
  clientKey: tiktokEmulator.clientKey,
  clientSecret: tiktokEmulator.clientSecret,
  redirectUri: tiktokEmulator.redirectUri,
  baseUrls: server.baseUrls.tiktok,
  rateLimit: { mode: "off" },
});
const tiktokTokens = tokenSetFromResponse(
  tiktokEmulator.issueTokens(["user.info.basic", "user.info.profile", "user.info.stats"]),
  { scopeStyle: commaSeparatedScopes },
);
const youtube = new YouTube({
  clientId: youtubeEmulator.client.clientId,
  clientSecret: youtubeEmulator.client.clientSecret,
  redirectUri: youtubeEmulator.redirectUri,
  baseUrls: server.baseUrls.youtube,
});
const raw = youtubeEmulator.issueTokens({});
const youtubeTokens = {
  accessToken: raw.access_token,
  tokenType: raw.token_type,
  refreshToken: raw.refresh_token,
  expiresAt: Date.now() + raw.expires_in * 1000,
  scopes: raw.scope.split(" "),
  raw: { ...raw },
};

const profileFields = [
  "open_id,union_id,avatar_url,avatar_url_100,avatar_large_url,display_name",
  "bio_description,profile_deep_link,is_verified,username",
  "follower_count,following_count,likes_count,video_count",
].join(",");
const tiktokUrl = `${server.baseUrls.tiktok.api}/v2/user/info/?fields=${encodeURIComponent(profileFields)}`;
const youtubeUrl = `${server.baseUrls.youtube.api}/youtube/v3/channels?part=${encodeURIComponent("snippet,statistics,contentDetails,brandingSettings")}&mine=true`;

const bare = (url, token) => async () => {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  await response.json();
};

async function time(fn, calls) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

async function compare(name, sdk, baseline) {
  for (let i = 0; i < WARMUP; i++) {
    await sdk();
    await baseline();
  }
  const ratios = { wall: [], cpu: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const a = await time(baseline, CALLS);
    const b = await time(sdk, CALLS);
    ratios.wall.push(b.wall / a.wall);
    ratios.cpu.push(b.cpu / a.cpu);
  }
  const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  console.log(
    `${name}: ${CALLS} sequential calls, median of ${ROUNDS} rounds: ` +
      `wall ${median(ratios.wall).toFixed(2)}x, CPU ${median(ratios.cpu).toFixed(2)}x a bare fetch`,
  );
}

// The v1 contract: every call names the account it acts as, with its credentials.
const connection = (platform, credentials) => ({
  account: { platform, id: "bench", displayName: "bench", credentialKey: `${platform}:bench` },
  credentials,
});
const tiktokConnection = connection("tiktok", tiktokTokens);
const youtubeConnection = connection("youtube", youtubeTokens);
await compare(
  "tiktok getProfile",
  () => tiktok.getProfile(tiktokConnection),
  bare(tiktokUrl, tiktokTokens.accessToken),
);
await compare(
  "youtube getChannel",
  () => youtube.getChannel(youtubeConnection),
  bare(youtubeUrl, youtubeTokens.accessToken),
);
await server.close();
