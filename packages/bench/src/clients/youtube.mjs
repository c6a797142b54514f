// @postkit/youtube through its public API: an upload (publishVideo, default chunk size, or
// mode: "single"), or per-call work (getProfile, the channel). One process per measurement.
import { fromFile } from "@postkit/core/node";
import { YouTube } from "@postkit/youtube";
import { input } from "./measure.mjs";
import { measureSdkClient } from "./sdk-client.mjs";

await measureSdkClient({
  platform: "youtube",
  scopeSeparator: " ",
  createClient: (app, baseUrls, extra) =>
    new YouTube({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: app.redirectUri,
      baseUrls,
      ...extra,
    }),
  upload: async (client, connection) => {
    const job = await client.publishVideo(connection, {
      source: await fromFile(input.file, { type: "video/mp4" }),
      options: { title: "bench", privacyStatus: "private" },
      ...(input.single ? { mode: "single" } : {}),
    });
    return job.ids.videoId;
  },
});
