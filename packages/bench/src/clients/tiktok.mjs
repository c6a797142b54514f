// @postkit/tiktok through its public API: an upload (publishVideo, direct post, default chunks),
// or per-call work (getProfile). One process per measurement; see measure.mjs.
import { fromFile } from "@postkit/core/node";
import { TikTok } from "@postkit/tiktok";
import { input } from "./measure.mjs";
import { measureSdkClient } from "./sdk-client.mjs";

await measureSdkClient({
  platform: "tiktok",
  scopeSeparator: ",",
  createClient: (app, baseUrls, extra) =>
    new TikTok({
      clientKey: app.clientKey,
      clientSecret: app.clientSecret,
      redirectUri: app.redirectUri,
      baseUrls,
      // The emulator's rate limits are off too: the bench makes far more calls than TikTok allows.
      rateLimit: { mode: "off" },
      ...extra,
    }),
  upload: async (client, connection) => {
    const job = await client.publishVideo(connection, {
      source: await fromFile(input.file, { type: "video/mp4" }),
      options: { mode: "direct", privacyLevel: "SELF_ONLY", title: "bench", durationSec: 30 },
    });
    return job.ids.publishId;
  },
});
