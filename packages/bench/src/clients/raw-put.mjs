// The throughput baseline: the platform's upload protocol by hand. One fetch for the init
// (TikTok video/init, YouTube session start, Meta's upload session or Reel start), then each chunk
// of the same plan the SDK uses as a node:http(s) PUT (Meta: POST) streamed from the file
// (fs.createReadStream piped into the request) over one keep-alive connection, then Meta's
// publish or finish call by fetch. No retries, no checks beyond the status.
import { createHmac } from "node:crypto";
import { createReadStream } from "node:fs";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { input, measure } from "./measure.mjs";

const { platform, file, size, chunks, baseUrls } = input;
const token = input.app.tokenResponse.access_token;

function put(url, headers, start, end, method = "PUT") {
  const secure = url.startsWith("https:");
  const send = secure ? httpsRequest : httpRequest;
  const agent = secure ? httpsAgent : httpAgent;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method, agent, headers: { ...headers, "content-length": end - start } },
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

/**
 * A Graph POST by fetch as the SDK sends it: the token as a header, `appsecret_proof` and `query`
 * in the URL, `form` as an urlencoded body.
 */
async function graph(path, { query = {}, form }) {
  const url = new URL(`${baseUrls.graph}/v25.0${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  const proof = createHmac("sha256", input.app.clientSecret).update(token).digest("hex");
  url.searchParams.set("appsecret_proof", proof);
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    ...(form ? { body: new URLSearchParams(form) } : {}),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`Meta POST ${path}: HTTP ${res.status}`);
  return body;
}

/** A Page video: upload session, the file in one POST from file_offset 0, the handle published. */
async function metaVideo() {
  const { pageId, clientId } = input.app;
  const session = await graph(`/${clientId}/uploads`, {
    query: { file_name: "bench.mp4", file_length: size, file_type: "video/mp4" },
  });
  const res = await put(
    `${baseUrls.graph}/v25.0/${session.id}`,
    { authorization: `OAuth ${token}`, file_offset: "0" },
    0,
    size,
    "POST",
  );
  if (res.status !== 200) throw new Error(`Meta upload session POST: HTTP ${res.status}`);
  const { h } = JSON.parse(res.body);
  return graph(`/${pageId}/videos`, { form: { fbuploader_video_file_chunk: h, title: "bench" } });
}

/** A Reel: start, the file in one POST to the rupload host (offset 0, file_size), finish. */
async function metaReel() {
  const { pageId } = input.app;
  const start = await graph(`/${pageId}/video_reels`, { form: { upload_phase: "start" } });
  const headers = { authorization: `OAuth ${token}`, offset: "0", file_size: String(size) };
  const res = await put(start.upload_url, headers, 0, size, "POST");
  if (res.status !== 200) throw new Error(`Meta rupload POST: HTTP ${res.status}`);
  await graph(`/${pageId}/video_reels`, {
    form: {
      upload_phase: "finish",
      video_id: start.video_id,
      video_state: "PUBLISHED",
      description: "bench",
    },
  });
  return { id: start.video_id };
}

await measure(() =>
  platform === "tiktok"
    ? tiktok()
    : platform === "meta"
      ? input.metaKind === "reel"
        ? metaReel()
        : metaVideo()
      : youtube(),
);
