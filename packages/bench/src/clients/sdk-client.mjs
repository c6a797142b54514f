// What every postkit platform client process shares: one connection from the emulator's token
// response, a recording fetch for the bare-fetch baseline (capture mode), and the dispatch between
// an upload, a capture and per-call work (getProfile). Each platform file gives only its client
// and its upload call.
import { callPhases, input, measure, tokenSet } from "./measure.mjs";

/**
 * Measures one postkit client as `input.mode` says.
 * `createClient(app, baseUrls, extraOptions)` builds the client; `upload(client, connection)`
 * publishes `input.file` and returns the post's id. `connection(app)`, when given, builds the
 * connection instead of the default one from the OAuth token response.
 */
export async function measureSdkClient({
  platform,
  scopeSeparator,
  createClient,
  upload,
  connection: connect,
}) {
  const { app, baseUrls } = input;
  const captured = [];
  /** Records what the SDK sends, for the bare-fetch baseline to send the same. */
  const recordingFetch = (resource, init) => {
    const request = new Request(resource, init);
    captured.push({ url: request.url, method: request.method, headers: [...request.headers] });
    return fetch(resource, init);
  };
  const client = createClient(app, baseUrls, input.mode === "capture" ? { fetch: recordingFetch } : {});
  // The v1 contract: every call names the account it acts as, with its credentials.
  const connection = connect?.(app) ?? {
    account: { platform, id: "bench", displayName: "bench", credentialKey: `${platform}:bench` },
    credentials: tokenSet(app.tokenResponse, scopeSeparator),
  };
  await measure(async () => {
    if (input.mode === "upload") return { id: await upload(client, connection) };
    if (input.mode === "capture") {
      await client.getProfile(connection);
      return { requests: captured };
    }
    return callPhases(() => client.getProfile(connection), input.calls);
  });
}
