// hub.faults.preset: named faults beyond status codes, each answered in the platform's shape.
import { describe, expect, it } from "vitest";
import { createClock, createEmulatorHub, FAULT_PRESETS } from "../src/index.js";
import { createTikTokEmulator } from "../src/tiktok/index.js";
import { createYouTubeEmulator } from "../src/youtube/index.js";

const TIKTOK_API = "https://open.tiktokapis.com";
const GOOGLE_API = "https://www.googleapis.com";

function tiktok() {
  const emulator = createTikTokEmulator({ clock: createClock(Date.UTC(2026, 0, 1)), processingPolls: 0 });
  const hub = createEmulatorHub(emulator);
  const tokens = emulator.issueTokens();
  const call = (path: string, body: unknown = {}) =>
    hub.fetch(`${TIKTOK_API}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.access_token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const init = (size = 1000) =>
    call("/v2/post/publish/video/init/", {
      post_info: { privacy_level: "SELF_ONLY" },
      source_info: { source: "FILE_UPLOAD", video_size: size, chunk_size: size, total_chunk_count: 1 },
    });
  const upload = (url: string, size = 1000) =>
    hub.fetch(url, {
      method: "PUT",
      headers: { "content-type": "video/mp4", "content-range": `bytes 0-${size - 1}/${size}` },
      body: new Uint8Array(size),
    });
  const status = async (publishId: string) =>
    (
      (await (await call("/v2/post/publish/status/fetch/", { publish_id: publishId })).json()) as {
        data: { status: string; fail_reason?: string };
      }
    ).data;
  return { emulator, hub, tokens, call, init, upload, status };
}

function youtube() {
  const emulator = createYouTubeEmulator();
  const hub = createEmulatorHub(emulator);
  const tokens = emulator.issueTokens();
  const auth = { authorization: `Bearer ${tokens.access_token}` };
  const start = (total = 10) =>
    hub.fetch(`${GOOGLE_API}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
      method: "POST",
      headers: {
        ...auth,
        "content-type": "application/json",
        "x-upload-content-length": String(total),
        "x-upload-content-type": "video/mp4",
      },
      body: JSON.stringify({ snippet: { title: "t" } }),
    });
  const channels = () => hub.fetch(`${GOOGLE_API}/youtube/v3/channels?part=id&mine=true`, { headers: auth });
  return { emulator, hub, tokens, auth, start, channels };
}

describe("fault presets", () => {
  it("lists every preset, and refuses one no emulator of the hub offers", () => {
    expect(FAULT_PRESETS).toContain("lost-write");
    const { hub } = tiktok();
    expect(() => hub.faults.preset("throttle", { platform: "youtube" })).toThrow(/No emulator/);
  });

  it("lost-write: the init creates the publish, and its answer never arrives", async () => {
    const { hub, init, emulator } = tiktok();
    hub.faults.preset("lost-write");
    await expect(init()).rejects.toThrow(TypeError);
    expect(emulator.publishes()).toHaveLength(1);
    const yt = youtube();
    yt.hub.faults.preset("lost-write");
    await expect(yt.start()).rejects.toThrow(TypeError);
    expect(yt.emulator.sessions()).toHaveLength(1);
  });

  it("late-processing-failure: uploads arrive, processing reports progress, then fails", async () => {
    const { hub, init, upload, status } = tiktok();
    hub.faults.preset("late-processing-failure", { after: 2 });
    const { data } = (await (await init()).json()) as { data: { publish_id: string; upload_url: string } };
    expect((await upload(data.upload_url)).status).toBe(201);
    expect((await status(data.publish_id)).status).toBe("PROCESSING_UPLOAD");
    expect((await status(data.publish_id)).status).toBe("PROCESSING_UPLOAD");
    expect(await status(data.publish_id)).toMatchObject({ status: "FAILED", fail_reason: "internal" });

    const yt = youtube();
    yt.hub.faults.preset("late-processing-failure", { after: 1 });
    const uri = (await yt.start()).headers.get("location")!;
    const video = (await (
      await yt.hub.fetch(uri, { method: "PUT", headers: yt.auth, body: new Uint8Array(10) })
    ).json()) as { id: string };
    const read = async () =>
      (
        (await (
          await yt.hub.fetch(`${GOOGLE_API}/youtube/v3/videos?part=processingDetails,status&id=${video.id}`, {
            headers: yt.auth,
          })
        ).json()) as {
          items: { processingDetails: { processingStatus: string }; status: { uploadStatus: string } }[];
        }
      ).items[0]!;
    expect((await read()).processingDetails.processingStatus).toBe("processing");
    const failed = await read();
    expect(failed.processingDetails.processingStatus).toBe("failed");
    expect(failed.status.uploadStatus).toBe("failed");
  });

  it("token-revoked: after the given calls every token ends, refresh included", async () => {
    const { hub, call, emulator, tokens } = tiktok();
    hub.faults.preset("token-revoked", { after: 1 });
    expect((await call("/v2/post/publish/creator_info/query/")).status).toBe(200);
    const revoked = await call("/v2/post/publish/creator_info/query/");
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe("access_token_invalid");
    const refresh = await hub.fetch(`${TIKTOK_API}/v2/oauth/token/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_key: emulator.clientKey,
        client_secret: emulator.clientSecret,
        grant_type: "refresh_token",
        refresh_token: String(tokens.refresh_token),
      }),
    });
    expect(((await refresh.json()) as { error: string }).error).toBe("invalid_grant");

    const yt = youtube();
    yt.hub.faults.preset("token-revoked");
    const denied = await yt.channels();
    expect(denied.status).toBe(401);
    const body = (await denied.json()) as { error: { errors: { reason: string }[] } };
    expect(body.error.errors[0]!.reason).toBe("authError");
  });

  it("upload-url-expired: the next chunk gets TikTok's 403 and YouTube's 404", async () => {
    const { hub, init, upload } = tiktok();
    hub.faults.preset("upload-url-expired");
    const { data } = (await (await init()).json()) as { data: { upload_url: string } };
    expect((await upload(data.upload_url)).status).toBe(403);

    const yt = youtube();
    yt.hub.faults.preset("upload-url-expired", { after: 1 });
    const total = 2 * 262_144;
    const uri = (await yt.start(total)).headers.get("location")!;
    const put = (range: string) =>
      yt.hub.fetch(uri, {
        method: "PUT",
        headers: { ...yt.auth, "content-range": range },
        body: new Uint8Array(262_144),
      });
    expect((await put(`bytes 0-262143/${total}`)).status).toBe(308);
    expect((await put(`bytes 262144-${total - 1}/${total}`)).status).toBe(404);
  });

  it("throttle, with and without Retry-After, in each platform's shape", async () => {
    const { hub, call } = tiktok();
    hub.faults.preset("throttle", { retryAfterSeconds: 7 });
    const limited = await call("/v2/post/publish/creator_info/query/");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("rate_limit_exceeded");
    hub.faults.preset("throttle-without-retry-after");
    const bare = await call("/v2/post/publish/creator_info/query/");
    expect(bare.status).toBe(429);
    expect(bare.headers.get("retry-after")).toBeNull();
    expect((await call("/v2/post/publish/creator_info/query/")).status).toBe(200);

    const yt = youtube();
    yt.hub.faults.preset("throttle-without-retry-after", { times: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await yt.channels();
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBeNull();
      const body = (await response.json()) as { error: { errors: { reason: string }[] } };
      expect(body.error.errors[0]!.reason).toBe("rateLimitExceeded");
    }
    expect((await yt.channels()).status).toBe(200);
  });
});
