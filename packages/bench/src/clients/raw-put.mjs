// The throughput baseline: the platform's upload protocol by hand. One fetch for the init
// (TikTok video/init, YouTube session start), then each chunk of the same plan the SDK uses as a
// node:http(s) PUT streamed from the file (fs.createReadStream piped into the request) over one
// keep-alive connection. No retries, no checks beyond the status.
import { createReadStream } from "node:fs";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { input, measure } from "./measure.mjs";

const { platform, file, size, chunks, baseUrls } = input;
const token = input.app.tokenResponse.access_token;

function put(url, headers, start, end) {
  const secure = url.startsWith("https:");
  const send = secure ? httpsRequest : httpRequest;
  const agent = secure ? httpsAgent : httpAgent;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: "PUT", agent, headers: { ...headers, "content-length": end - start } },
      (res) => {
        const parts = [];
        res.on("data", (part) => parts.push(part));
        res.on("end", () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: Buffer.concat(parts).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    // `end` is exclusive; createReadStream's is inclusive.
    createReadStream(file, { start, end: end - 1 })
      .on("error", reject)
      .pipe(req);
  });
}
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

async function tiktok() {
  const init = await fetch(`${baseUrls.api}/v2/post/publish/video/init/`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json; charset=UTF-8" },
    body: JSON.stringify({
      post_info: { privacy_level: "SELF_ONLY", title: "bench" },
      source_info: {
        source: "FILE_UPLOAD",
        video_size: size,
        chunk_size: input.chunkSize,
        total_chunk_count: chunks.length,
      },
    }),
  });
  const { data } = await init.json();
  if (!data?.upload_url) throw new Error(`TikTok init failed: HTTP ${init.status}`);
  for (const { start, end } of chunks) {
    const headers = { "content-type": "video/mp4", "content-range": `bytes ${start}-${end - 1}/${size}` };
    const res = await put(data.upload_url, headers, start, end);
    if (res.status !== 206 && res.status !== 201) throw new Error(`TikTok chunk PUT: HTTP ${res.status}`);
  }
  return { id: data.publish_id };
}

async function youtube() {
  const start = await fetch(
    `${baseUrls.api}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json; charset=UTF-8",
        "x-upload-content-length": String(size),
        "x-upload-content-type": "video/mp4",
      },
      body: JSON.stringify({ snippet: { title: "bench" }, status: { privacyStatus: "private" } }),
    },
  );
  const session = start.headers.get("location");
  if (!session) throw new Error(`YouTube session start failed: HTTP ${start.status}`);
  const auth = { authorization: `Bearer ${token}` };
  let last;
  if (input.single) {
    last = await put(session, { ...auth, "content-type": "video/mp4" }, 0, size);
  } else {
    for (const { start: first, end } of chunks) {
      last = await put(
        session,
        { ...auth, "content-range": `bytes ${first}-${end - 1}/${size}` },
        first,
        end,
      );
      if (last.status !== 308 && last.status !== 200 && last.status !== 201)
        throw new Error(`YouTube chunk PUT: HTTP ${last.status}`);
    }
  }
  if (last.status !== 200 && last.status !== 201)
    throw new Error(`YouTube upload ended with HTTP ${last.status}`);
  return { id: JSON.parse(last.body).id };
}

await measure(() => (platform === "tiktok" ? tiktok() : youtube()));
