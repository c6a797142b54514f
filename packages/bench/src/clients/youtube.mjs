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

/** Records what the SDK sends, for the bare-fetch baseline to send the same. */
function recordingFetch(resource, init) {
  const request = new Request(resource, init);
  captured.push({ url: request.url, method: request.method, headers: [...request.headers] });
  return fetch(resource, init);
}

await measure(async () => {
  if (input.mode === "upload") {
    const video = await client.uploadVideo(tokens, {
      source: await fromFile(input.file, { type: "video/mp4" }),
      metadata: { title: "bench", privacyStatus: "private" },
      ...(input.single ? { mode: "single" } : {}),
    });
    return { id: video.id };
  }
  if (input.mode === "capture") {
    await client.getProfile(tokens);
    return { requests: captured };
  }
  return callPhases(() => client.getProfile(tokens), input.calls);
});
