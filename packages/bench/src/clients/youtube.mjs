// @postkit/youtube through its public API: an upload (uploadVideo, default chunk size, or
// mode: "single"), or per-call work (getProfile, the channel). One process per measurement.
import { fromFile } from "@postkit/core/node";
import { YouTube } from "@postkit/youtube";
import { callPhases, input, measure, tokenSet } from "./measure.mjs";

const { app, baseUrls } = input;
const captured = [];
const client = new YouTube({
  clientId: app.clientId,
  clientSecret: app.clientSecret,
  redirectUri: app.redirectUri,
  baseUrls,
  ...(input.mode === "capture" ? { fetch: recordingFetch } : {}),
});
const tokens = tokenSet(app.tokenResponse, " ");
// The v1 contract: every call names the account it acts as, with its credentials.
const connection = {
  account: { platform: "youtube", id: "bench", displayName: "bench", credentialKey: "youtube:bench" },
  credentials: tokens,
};

/** Records what the SDK sends, for the bare-fetch baseline to send the same. */
function recordingFetch(resource, init) {
  const request = new Request(resource, init);
  captured.push({ url: request.url, method: request.method, headers: [...request.headers] });
  return fetch(resource, init);
}

await measure(async () => {
  if (input.mode === "upload") {
    const job = await client.publishVideo(connection, {
      source: await fromFile(input.file, { type: "video/mp4" }),
      options: { title: "bench", privacyStatus: "private" },
      ...(input.single ? { mode: "single" } : {}),
    });
    return { id: job.ids.videoId };
  }
  if (input.mode === "capture") {
    await client.getProfile(connection);
    return { requests: captured };
  }
  return callPhases(() => client.getProfile(connection), input.calls);
});
