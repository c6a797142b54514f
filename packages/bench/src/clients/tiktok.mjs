// @postkit/tiktok through its public API: an upload (publishVideo, direct post, default chunks),
// or per-call work (getProfile). One process per measurement; see measure.mjs.
import { fromFile } from "@postkit/core/node";
import { TikTok } from "@postkit/tiktok";
import { callPhases, input, measure, tokenSet } from "./measure.mjs";

const { app, baseUrls } = input;
const captured = [];
const client = new TikTok({
  clientKey: app.clientKey,
  clientSecret: app.clientSecret,
  redirectUri: app.redirectUri,
  baseUrls,
  // The emulator's rate limits are off too: the bench makes far more calls than TikTok allows.
  rateLimit: { mode: "off" },
  ...(input.mode === "capture" ? { fetch: recordingFetch } : {}),
});
const tokens = tokenSet(app.tokenResponse, ",");
// The v1 contract: every call names the account it acts as, with its credentials.
const connection = {
  account: { platform: "tiktok", id: "bench", displayName: "bench", credentialKey: "tiktok:bench" },
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
      options: { mode: "direct", privacyLevel: "SELF_ONLY", title: "bench", durationSec: 30 },
    });
    return { id: job.ids.publishId };
  }
  if (input.mode === "capture") {
    await client.getProfile(connection);
    return { requests: captured };
  }
  return callPhases(() => client.getProfile(connection), input.calls);
});
