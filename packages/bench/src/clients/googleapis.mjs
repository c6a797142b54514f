// @googleapis/youtube's videos.insert: one multipart POST of metadata and a file stream, pointed
// at the emulator with the per-call rootUrl (the media URL ignores the global one).
import { createReadStream } from "node:fs";
import { auth, youtube } from "@googleapis/youtube";
import { input, measure } from "./measure.mjs";

const oauth = new auth.OAuth2(input.app.clientId, input.app.clientSecret, input.app.redirectUri);
oauth.setCredentials({ access_token: input.app.tokenResponse.access_token });
const api = youtube({ version: "v3", auth: oauth });

await measure(async () => {
  const response = await api.videos.insert(
    {
      part: ["snippet", "status"],
      requestBody: { snippet: { title: "bench" }, status: { privacyStatus: "private" } },
      media: { mimeType: "video/mp4", body: createReadStream(input.file) },
    },
    { rootUrl: `${input.baseUrls.api}/` },
  );
  return { id: response.data.id };
});
