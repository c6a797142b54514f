// @postkit/meta through its public API: a Facebook Page video (Resumable Upload API) or Reel
// (video_reels and the rupload host) published from a file with publishVideo. One process per
// measurement. The connection is a Page's, with its Page token, as connect() returns it.
import { fromFile } from "@postkit/core/node";
import { Meta } from "@postkit/meta";
import { input } from "./measure.mjs";
import { measureSdkClient } from "./sdk-client.mjs";

await measureSdkClient({
  platform: "facebook",
  scopeSeparator: ",",
  createClient: (app, baseUrls, extra) =>
    new Meta({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: app.redirectUri,
      baseUrls,
      ...extra,
    }),
  connection: (app) => ({
    account: {
      platform: "facebook",
      id: app.pageId,
      displayName: app.pageName,
      credentialKey: `facebook:${app.pageId}`,
    },
    credentials: {
      accessToken: app.tokenResponse.access_token,
      tokenType: "bearer",
      scopes: app.scopes,
      // What connect() marks a Page token with.
      raw: { token_kind: "page", page_id: app.pageId, tasks: app.pageTasks },
    },
  }),
  upload: async (client, connection) => {
    const job = await client.publishVideo(connection, {
      source: await fromFile(input.file, { type: "video/mp4" }),
      options:
        input.metaKind === "reel"
          ? { kind: "reel", description: "bench" }
          : { kind: "video", title: "bench" },
    });
    return job.ids.videoId;
  },
});
