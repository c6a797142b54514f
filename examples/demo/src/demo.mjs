// @ts-check
// The postkit demo: connects TikTok, YouTube, a Facebook Page and Instagram, prints each profile,
// then publishes a video to all of them at once (TikTok as a draft and as a direct post, YouTube,
// a Facebook Page Reel, an Instagram Reel) with a progress bar each, waits for every result and
// prints the post ids and links. Every platform without credentials in the environment runs on
// the embedded emulators (see README.md).
import { isSettled, PostkitError } from "@postkit/core";
import { fromFile } from "@postkit/core/node";
import {
  approveConsent,
  connectPlatform,
  createExamplePlatforms,
  SAMPLE_VIDEO,
} from "@postkit/example-platforms";
import { progressBars } from "@postkit/example-platforms/progress";

const log = (/** @type {string} */ line) => console.log(line);

async function main() {
  const setup = await createExamplePlatforms({ log });
  try {
    const video = process.env.DEMO_VIDEO ?? SAMPLE_VIDEO.path;
    const durationSec = Number(process.env.DEMO_VIDEO_SECONDS ?? SAMPLE_VIDEO.durationSec);
    /** @type {Map<string, import("@postkit/core").Connection>} */
    const connections = new Map();
    for (const platform of setup.platforms) {
      log(`\n${platform.name} (${platform.emulated ? "emulator" : "real API"})`);
      const { accounts, grantedScopes } = platform.emulated
        ? await connectOnEmulator(platform)
        : await connectPlatform(platform, { log });
      const connection = platform.pickAccount(accounts);
      if (!connection) throw new Error(`The ${platform.name} login yielded no ${platform.key} account.`);
      connections.set(platform.key, connection);
      log(`  connected; granted scopes: ${grantedScopes.join(", ")}`);
      log(`  profile: ${describeProfile(await platform.provider.getProfile(connection))}`);
    }

    const tiktok = setup.get("tiktok");
    const tiktokConnection = /** @type {import("@postkit/core").Connection} */ (connections.get("tiktok"));
    const creatorInfo = await setup.clients.tiktok.getCreatorInfo(tiktokConnection);
    // TikTok forbids a default privacy level: the demo's explicit choice is "only me".
    if (!creatorInfo.privacyLevelOptions.includes("SELF_ONLY")) {
      throw new Error(
        `This TikTok creator cannot post as SELF_ONLY (options: ${creatorInfo.privacyLevelOptions}).`,
      );
    }
    const common = { title: "postkit demo", description: "Published by the postkit demo.", durationSec };
    const publishes = [
      { label: "TikTok (draft)", platform: tiktok, input: { ...common, tiktokMode: "draft" } },
      {
        label: "TikTok (direct)",
        platform: tiktok,
        input: { ...common, tiktokMode: "direct", creatorInfo, privacyLevel: "SELF_ONLY" },
      },
      { label: "YouTube", platform: setup.get("youtube"), input: common },
      // On a real Page the Reel stays a draft: the demo publishes nothing to the world.
      {
        label: "Facebook Page Reel",
        platform: setup.get("facebook"),
        input: { ...common, facebookState: setup.get("facebook").emulated ? "published" : "draft" },
      },
      { label: "Instagram Reel", platform: setup.get("instagram"), input: common },
    ];

    log("\nPublishing");
    const bars = progressBars({ tty: Boolean(process.stderr.isTTY), log });
    const width = Math.max(...publishes.map((p) => p.label.length));
    const results = await Promise.all(
      publishes.map(async ({ label, platform, input }) => {
        const connection = /** @type {import("@postkit/core").Connection} */ (connections.get(platform.key));
        const source = await fromFile(video, { type: "video/mp4" });
        const bar = bars.create(label.padEnd(width), source.size);
        try {
          let job = await platform.provider.publishVideo(connection, {
            source,
            options: platform.videoOptions(
              /** @type {import("@postkit/example-platforms").VideoOptionsInput} */ (input),
            ),
            onProgress: ({ bytesSent }) => bar.progress(bytesSent),
          });
          bar.state(job.outcome);
          if (!isSettled(job))
            job = await platform.provider.waitForPublish(connection, job, platform.waitOptions());
          bar.state(job.outcome);
          return { label, job, bytes: source.size };
        } catch (error) {
          bar.state("failed");
          return { label, error, bytes: source.size };
        }
      }),
    );
    bars.stop();

    log("\nResults");
    for (const result of results) {
      if ("error" in result) {
        log(`  ${result.label}: ${describeError(result.error)}`);
        process.exitCode = 1;
        continue;
      }
      const { job } = result;
      const ids = Object.entries(job.ids).map(([name, value]) => `${name} ${value}`);
      if (job.postId) ids.push(`post ${job.postId}`);
      log(`  ${result.label}: ${job.outcome}, ${result.bytes} bytes uploaded; ${ids.join(", ")}`);
      if (job.postUrl) log(`    ${job.postUrl}`);
      if (job.failure) log(`    ${job.failure.message}`);
      if (job.outcome === "failed" || job.outcome === "unknown" || job.outcome === "processing")
        process.exitCode = 1;
    }
    if (setup.emulators) {
      log(
        "\nNext: the dashboard, `pnpm --filter @postkit/example-dashboard start`, and the CLI, `examples/cli`.",
      );
    }
  } finally {
    await setup.close();
  }
}

/** The emulator's consent page approves at once: follow its redirect by hand, no local server needed. */
async function connectOnEmulator(
  /** @type {import("@postkit/example-platforms").ExamplePlatform} */ platform,
) {
  const { url, session } = await platform.provider.createAuthorizationUrl({ scopes: platform.scopes });
  return platform.provider.connect(await approveConsent(url), session);
}

/** @param {import("@postkit/core").Profile & { followersCount?: number }} profile */
function describeProfile(profile) {
  const handle = profile.username ? ` @${profile.username}` : "";
  const followers = typeof profile.followersCount === "number" ? `, ${profile.followersCount} followers` : "";
  return `${profile.displayName}${handle} (id ${profile.id}${followers})`;
}

/** @param {unknown} error */
function describeError(error) {
  if (!PostkitError.isInstance(error)) return error instanceof Error ? error.message : String(error);
  return `${error.name} [${error.code}]: ${error.message}${error.hint ? ` Hint: ${error.hint}` : ""}`;
}

main().catch((error) => {
  console.error(describeError(error));
  process.exitCode = 1;
});
