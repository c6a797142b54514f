// @ts-check
// The postkit demo: for each platform, connect an account, read its profile, upload a video with
// progress, and wait until the platform has processed it. Runs on the emulators unless the
// platform's credentials are in the environment (see README.md).
import { fromBytes, PostkitError, sleep } from "@postkit/core";
import { fromFile } from "@postkit/core/node";
import { createEmulatorHub, createTikTokEmulator, createYouTubeEmulator } from "@postkit/testing";
import { connect } from "./connect.mjs";
import { anyEmulated, platforms } from "./platforms.mjs";

const log = (/** @type {string} */ line) => console.log(line);

async function main() {
  const env = process.env;
  let server;
  let emulated = {};
  if (anyEmulated(env)) {
    const tiktokEmulator = createTikTokEmulator();
    const youtubeEmulator = createYouTubeEmulator();
    server = await createEmulatorHub(tiktokEmulator, youtubeEmulator).listen();
    emulated = {
      tiktok: {
        clientKey: tiktokEmulator.clientKey,
        clientSecret: tiktokEmulator.clientSecret,
        redirectUri: "https://app.example/callback/tiktok",
      },
      youtube: { ...youtubeEmulator.client, redirectUri: youtubeEmulator.redirectUri },
    };
    log(`Emulators listening on ${server.url}`);
  }
  try {
    for (const platform of platforms(env, server, emulated)) {
      log(`\n${platform.name} (${platform.emulated ? "emulator" : "real API"})`);
      const { accounts, grantedScopes } = await connect(platform.provider, { ...platform, log });
      log(`  connected; granted scopes: ${grantedScopes.join(", ")}`);
      const connection = accounts[0];
      if (!connection) throw new Error("the login yielded no account");

      const profile = await platform.provider.getProfile(connection);
      log(`  profile: ${profile.displayName} (id ${profile.id})`);

      const source = env.DEMO_VIDEO ? await fromFile(env.DEMO_VIDEO) : sampleVideo();
      let reported = -1;
      const job = await platform.provider.publishVideo(connection, {
        source,
        options: platform.videoOptions(),
        onProgress: ({ bytesSent, totalBytes }) => {
          const percent = Math.floor((bytesSent / totalBytes) * 100);
          if (percent >= reported + 25 || bytesSent === totalBytes) {
            reported = percent;
            log(`  uploaded ${bytesSent} of ${totalBytes} bytes (${percent}%)`);
          }
        },
      });
      log(`  upload accepted: ${JSON.stringify(job.ids)} (${job.outcome})`);

      // The emulators process at once: poll them quickly; a real platform at its own pace.
      const clock = platform.emulated ? { now: () => Date.now(), sleep: () => sleep(50) } : undefined;
      const result = await platform.provider.waitForPublish(connection, job, {
        timeoutMs: 5 * 60_000,
        clock,
      });
      log(`  final state: ${result.outcome}${result.failure ? ` (${result.failure.message})` : ""}`);
      if (result.outcome === "failed") process.exitCode = 1;
    }
  } finally {
    await server?.close();
  }
}

/** 6 MB of deterministic bytes standing in for a video file on the emulators. */
function sampleVideo() {
  const bytes = new Uint8Array(6 * 1024 * 1024);
  let x = 0x9e3779b9;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return fromBytes(bytes, { name: "demo.mp4", type: "video/mp4" });
}

main().catch((error) => {
  console.error(PostkitError.isInstance(error) ? `${error.name} [${error.code}]: ${error.message}` : error);
  process.exitCode = 1;
});
