// Issue #14: what TikTok and Google reject must fail against the emulators, and what they accept
// must pass. Each test sends, over raw HTTP, the request a buggy (or valid) client sends and
// asserts the platform's answer; each failed against the emulators before the fix.
import { afterEach, describe, expect, it } from "vitest";
import { createClock, createEmulatorHub, type EmulatorServer } from "../src/index.js";
import { createTikTokEmulator } from "../src/tiktok/index.js";
import { createYouTubeEmulator, YOUTUBE_EMULATOR_SCOPES as S } from "../src/youtube/index.js";

const TIKTOK_API = "https://open.tiktokapis.com";
const GOOGLE_API = "https://www.googleapis.com";
const GOOGLE_OAUTH = "https://oauth2.googleapis.com";
const HEX = "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3";
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHUNK = 262_144;

const servers: EmulatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

type Envelope = { data: Record<string, unknown>; error: { code: string; message: string } };
type GoogleError = {
  error: { code: number; errors: { reason: string; message: string }[]; status?: string };
};

function tiktok(options: Parameters<typeof createTikTokEmulator>[0] = {}) {
  const emulator = createTikTokEmulator({ clock: createClock(Date.UTC(2026, 0, 1)), ...options });
  const hub = createEmulatorHub(emulator);
  const token = String(emulator.issueTokens().access_token);
  const init = async (size: number, base = TIKTOK_API, send: typeof fetch = hub.fetch) => {
    const response = await send(`${base}/v2/post/publish/video/init/`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json; charset=UTF-8" },
      body: JSON.stringify({
        post_info: { privacy_level: "SELF_ONLY" },
        source_info: { source: "FILE_UPLOAD", video_size: size, chunk_size: size, total_chunk_count: 1 },
      }),
    });
    return ((await response.json()) as { data: { upload_url: string; publish_id: string } }).data;
  };
  return { emulator, hub, token, init };
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

describe("TikTok: what TikTok rejects fails", () => {
  it("answers 400 to a chunk PUT without Content-Length (sent chunked), over the wire and through hub.fetch", async () => {
    const { hub, init, emulator } = tiktok();
    const server = await hub.listen();
    servers.push(server);
    const bytes = new Uint8Array(1000).fill(5);
    const headers = { "content-type": "video/mp4", "content-range": "bytes 0-999/1000" };
    // A real socket: Node's fetch sends a stream body with Transfer-Encoding: chunked.
    const wire = await init(1000, server.baseUrls.tiktok.api, fetch);
    const chunked = await fetch(wire.upload_url, {
      method: "PUT",
      headers,
      body: streamOf(bytes),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(400);
    const inProcess = await init(1000);
    const streamed = await hub.fetch(inProcess.upload_url, {
      method: "PUT",
      headers,
      body: streamOf(bytes),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(400);
    // The valid request: the same stream with its Content-Length, and a sized body.
    const sized = await fetch(wire.upload_url, {
      method: "PUT",
      headers: { ...headers, "content-length": "1000" },
      body: streamOf(bytes),
      duplex: "half",
    } as RequestInit);
    expect(sized.status).toBe(201);
    expect((await hub.fetch(inProcess.upload_url, { method: "PUT", headers, body: bytes })).status).toBe(201);
    expect(emulator.upload(inProcess.publish_id)?.size).toBe(1000);
  });

  it("answers a failed chunk PUT with TikTok's error envelope and its progress", async () => {
    const { hub, init } = tiktok();
    const { upload_url } = await init(1000);
    const response = await hub.fetch(upload_url, {
      method: "PUT",
      headers: { "content-type": "video/mp4", "content-range": "bytes 10-999/1000" },
      body: new Uint8Array(990),
    });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */1000");
    const body = (await response.json()) as Envelope;
    expect(body.error.code).toBe("invalid_params");
    expect(body.error.message).toMatch(/progress/);
  });

  it("mints codes an app must URL-decode: the code as the redirect encodes it is refused", async () => {
    const { hub, emulator } = tiktok();
    const authorize = new URL("https://www.tiktok.com/v2/auth/authorize/");
    for (const [name, value] of Object.entries({
      client_key: emulator.clientKey,
      response_type: "code",
      scope: "user.info.basic",
      redirect_uri: emulator.redirectUri,
      state: "s",
      code_challenge: HEX,
      code_challenge_method: "S256",
    }))
      authorize.searchParams.set(name, value);
    const location = (await hub.fetch(authorize)).headers.get("location")!;
    // A buggy app cuts the code out of the URL instead of decoding the query.
    const raw = /[?&]code=([^&]+)/.exec(location)![1]!;
    const decoded = new URL(location).searchParams.get("code")!;
    expect(raw).not.toBe(decoded);
    const exchange = (code: string) =>
      hub.fetch(`${TIKTOK_API}/v2/oauth/token/`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_key: emulator.clientKey,
          client_secret: emulator.clientSecret,
          code,
          grant_type: "authorization_code",
          redirect_uri: emulator.redirectUri,
          code_verifier: VERIFIER,
        }),
      });
    const wrong = await exchange(raw);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe("invalid_grant");
    expect((await exchange(decoded)).status).toBe(200);
  });

  it("refuses a parameter sent twice (RFC 6749 §3.1) on the token endpoint and the authorization page", async () => {
    const { hub, emulator } = tiktok();
    const form = new URLSearchParams({
      client_key: emulator.clientKey,
      client_secret: emulator.clientSecret,
      grant_type: "refresh_token",
      refresh_token: String(emulator.issueTokens().refresh_token),
    });
    form.append("grant_type", "refresh_token");
    const token = await hub.fetch(`${TIKTOK_API}/v2/oauth/token/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    expect(token.status).toBe(400);
    expect(((await token.json()) as { error: string }).error).toBe("invalid_request");
    const query = new URLSearchParams({
      client_key: emulator.clientKey,
      response_type: "code",
      scope: "user.info.basic",
      redirect_uri: emulator.redirectUri,
      state: "s",
      code_challenge: HEX,
      code_challenge_method: "S256",
    });
    query.append("scope", "video.list");
    const page = await hub.fetch(`https://www.tiktok.com/v2/auth/authorize/?${query}`);
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/scope/);
  });
});

function youtube(options: Parameters<typeof createYouTubeEmulator>[0] = {}) {
  const emulator = createYouTubeEmulator(options);
  const hub = createEmulatorHub(emulator);
  const tokens = emulator.issueTokens();
  const auth = { authorization: `Bearer ${tokens.access_token}` };
  const start = (total: number, status: Record<string, unknown> = {}, part = "snippet,status") =>
    hub.fetch(`${GOOGLE_API}/upload/youtube/v3/videos?uploadType=resumable&part=${part}`, {
      method: "POST",
      headers: {
        ...auth,
        "content-type": "application/json; charset=UTF-8",
        "x-upload-content-length": String(total),
        "x-upload-content-type": "video/mp4",
      },
      body: JSON.stringify({ snippet: { title: "t", categoryId: "22" }, status }),
    });
  const get = (path: string, headers: Record<string, string> = auth) =>
    hub.fetch(`${GOOGLE_API}${path}`, { headers });
  const form = (path: string, body: URLSearchParams) =>
    hub.fetch(`${GOOGLE_OAUTH}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
  return { emulator, hub, tokens, auth, start, get, form };
}

async function reason(response: Response): Promise<string> {
  return ((await response.json()) as GoogleError).error.errors[0]!.reason;
}

describe("YouTube: what Google rejects fails", () => {
  it("takes publishAt only as an RFC 3339 date-time", async () => {
    const { start } = youtube();
    for (const publishAt of ["June 1, 2031", "2031-06-01", "2031-02-30T10:00:00Z", "2031-06-01 10:00:00Z"]) {
      const response = await start(10, { privacyStatus: "private", publishAt });
      expect(response.status, publishAt).toBe(400);
      expect(await reason(response)).toBe("invalidPublishAt");
    }
    for (const publishAt of ["2031-06-01T10:00:00Z", "2031-06-01T10:00:00.5+02:00"]) {
      expect((await start(10, { privacyStatus: "private", publishAt })).status, publishAt).toBe(200);
    }
  });

  it("takes license youtube or creativeCommon only", async () => {
    const { start } = youtube();
    expect((await start(10, { license: "publicDomain" })).status).toBe(400);
    expect((await start(10, { license: "creativeCommon" })).status).toBe(200);
  });

  it("refuses a single-request upload longer than X-Upload-Content-Length instead of cutting it", async () => {
    const { start, hub, auth, emulator } = youtube();
    const uri = (await start(1000)).headers.get("location")!;
    const long = await hub.fetch(uri, { method: "PUT", headers: auth, body: new Uint8Array(1500) });
    expect(long.status).toBe(400);
    expect(emulator.videos()).toHaveLength(0);
    const probe = await hub.fetch(uri, {
      method: "PUT",
      headers: { ...auth, "content-range": "bytes */1000" },
    });
    expect(probe.status).toBe(308);
    expect(probe.headers.get("range")).toBeNull();
    const whole = await hub.fetch(uri, { method: "PUT", headers: auth, body: new Uint8Array(1000) });
    expect(whole.status).toBe(200);
  });

  it("refuses a parameter sent twice (RFC 6749 §3.1) on the token endpoint and the authorization page", async () => {
    const { form, emulator, tokens, hub } = youtube();
    const body = new URLSearchParams({
      client_id: emulator.client.clientId,
      client_secret: emulator.client.clientSecret,
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token!,
    });
    body.append("refresh_token", tokens.refresh_token!);
    const refreshed = await form("/token", body);
    expect(refreshed.status).toBe(400);
    expect(((await refreshed.json()) as { error: string }).error).toBe("invalid_request");
    const query = new URLSearchParams({
      client_id: emulator.client.clientId,
      redirect_uri: emulator.redirectUri,
      response_type: "code",
      scope: S.upload,
    });
    query.append("scope", S.readonly);
    const page = await hub.fetch(`https://accounts.google.com/o/oauth2/v2/auth?${query}`);
    expect(page.status).toBe(400);
  });

  it("ends the whole authorization on revoke: other tokens of the client, its refresh token, and the consent", async () => {
    const { form, emulator, tokens, hub } = youtube();
    const other = emulator.issueTokens();
    const revoked = await form("/revoke", new URLSearchParams({ token: tokens.access_token }));
    expect(revoked.status).toBe(200);
    const refresh = await form(
      "/token",
      new URLSearchParams({
        client_id: emulator.client.clientId,
        client_secret: emulator.client.clientSecret,
        grant_type: "refresh_token",
        refresh_token: other.refresh_token!,
      }),
    );
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toBe("invalid_grant");
    const list = await hub.fetch(`${GOOGLE_API}/youtube/v3/channels?part=id&mine=true`, {
      headers: { authorization: `Bearer ${other.access_token}` },
    });
    expect(list.status).toBe(401);
  });
});

describe("YouTube: what Google accepts passes", () => {
  it("serves channels.list by id and by handle", async () => {
    const { get, emulator } = youtube();
    const id = emulator.channel!.id;
    const byId = await get(`/youtube/v3/channels?part=snippet&id=${id}`);
    expect(byId.status).toBe(200);
    expect(((await byId.json()) as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([id]);
    const other = await get("/youtube/v3/channels?part=snippet&id=UCnotthisone0000000000");
    expect(((await other.json()) as { items: unknown[] }).items).toEqual([]);
    const byHandle = await get(`/youtube/v3/channels?part=id&forHandle=${emulator.channel!.customUrl}`);
    expect(((await byHandle.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it("accepts documented part combinations beyond the SDK's own", async () => {
    const { get, start, hub, auth } = youtube();
    expect((await get("/youtube/v3/channels?part=status,topicDetails,localizations&mine=true")).status).toBe(
      200,
    );
    const started = await start(10, {}, "snippet,status,contentDetails");
    expect(started.status).toBe(200);
    const done = await hub.fetch(started.headers.get("location")!, {
      method: "PUT",
      headers: auth,
      body: new Uint8Array(10),
    });
    const video = (await done.json()) as { id: string };
    expect(
      (await get(`/youtube/v3/videos?part=snippet,player,topicDetails,fileDetails&id=${video.id}`)).status,
    ).toBe(200);
  });

  it("serves the Data API on youtube.googleapis.com, the discovery document's root", async () => {
    const { hub, auth } = youtube();
    const response = await hub.fetch("https://youtube.googleapis.com/youtube/v3/channels?part=id&mine=true", {
      headers: auth,
    });
    expect(response.status).toBe(200);
  });

  it("answers tokeninfo for an access token", async () => {
    const { hub, tokens, emulator } = youtube();
    const info = await hub.fetch(`${GOOGLE_OAUTH}/tokeninfo?access_token=${tokens.access_token}`);
    expect(info.status).toBe(200);
    const body = (await info.json()) as Record<string, string>;
    expect(body).toMatchObject({
      aud: emulator.client.clientId,
      azp: emulator.client.clientId,
      scope: tokens.scope,
    });
    expect(Number(body.expires_in)).toBeGreaterThan(0);
    expect((await hub.fetch(`${GOOGLE_OAUTH}/tokeninfo?access_token=ya29.unknown`)).status).toBe(400);
  });
});

describe("YouTube: answers shaped like Google's", () => {
  it("tells a missing Authorization header (Login Required) from a bad token (Invalid Credentials)", async () => {
    const { get } = youtube();
    const missing = await get("/youtube/v3/channels?part=id&mine=true", {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).not.toMatch(/error=/);
    const body = (await missing.json()) as GoogleError;
    expect(body.error.errors[0]).toMatchObject({ reason: "required", message: "Login Required." });
    expect(body.error.status).toBe("UNAUTHENTICATED");
    const bad = await get("/youtube/v3/channels?part=id&mine=true", { authorization: "Bearer ya29.expired" });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    expect(await reason(bad)).toBe("authError");
  });

  it("answers a chunk that starts past the stored bytes with 308 and the Range to resume from", async () => {
    const { start, hub, auth } = youtube();
    const total = 3 * CHUNK;
    const uri = (await start(total)).headers.get("location")!;
    const put = (range: string, bytes: number) =>
      hub.fetch(uri, {
        method: "PUT",
        headers: { ...auth, "content-range": range },
        body: new Uint8Array(bytes),
      });
    expect((await put(`bytes 0-${CHUNK - 1}/${total}`, CHUNK)).status).toBe(308);
    const ahead = await put(`bytes ${2 * CHUNK}-${total - 1}/${total}`, CHUNK);
    expect(ahead.status).toBe(308);
    expect(ahead.headers.get("range")).toBe(`bytes=0-${CHUNK - 1}`);
  });

  it("completes with the video resource's fields: thumbnails, channelTitle, license, embeddable, madeForKids, processingDetails", async () => {
    const { start, hub, auth, get, emulator } = youtube();
    const started = await start(10, { privacyStatus: "unlisted", selfDeclaredMadeForKids: false });
    const done = await hub.fetch(started.headers.get("location")!, {
      method: "PUT",
      headers: auth,
      body: new Uint8Array(10),
    });
    const video = (await done.json()) as {
      id: string;
      snippet: Record<string, unknown>;
      status: Record<string, unknown>;
    };
    expect(video.snippet).toMatchObject({
      channelTitle: emulator.channel!.title,
      thumbnails: { default: { width: 120, height: 90 } },
      liveBroadcastContent: "none",
      localized: { title: "t" },
    });
    expect(video.status).toMatchObject({
      privacyStatus: "unlisted",
      license: "youtube",
      embeddable: true,
      publicStatsViewable: true,
      madeForKids: false,
      uploadStatus: "uploaded",
    });
    const listed = await get(`/youtube/v3/videos?part=processingDetails&id=${video.id}`);
    const details = ((await listed.json()) as { items: { processingDetails: Record<string, unknown> }[] })
      .items[0]!.processingDetails;
    expect(details).toMatchObject({
      processingStatus: "processing",
      processingProgress: { partsTotal: expect.any(String), partsProcessed: expect.any(String) },
      thumbnailsAvailability: expect.any(String),
    });
  });
});
