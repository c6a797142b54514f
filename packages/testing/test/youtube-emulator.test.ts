// The YouTube emulator's protocol rules, driven with raw requests (no SDK).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createClock, createEmulatorHub } from "../src/index.js";
import { createYouTubeEmulator, YOUTUBE_EMULATOR_SCOPES as S } from "../src/youtube/index.js";

const API = "https://www.googleapis.com";
const CHUNK = 262_144;

function setup(options: Parameters<typeof createYouTubeEmulator>[0] = {}) {
  const emulator = createYouTubeEmulator(options);
  const hub = createEmulatorHub(emulator);
  const token = emulator.issueTokens().access_token;
  const auth = { authorization: `Bearer ${token}` };
  async function startSession(
    total: number,
    extra: Record<string, string> = {},
    body: object = { snippet: { title: "t" } },
  ) {
    return hub.fetch(`${API}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
      method: "POST",
      headers: {
        ...auth,
        "content-type": "application/json; charset=UTF-8",
        "x-upload-content-length": String(total),
        "x-upload-content-type": "video/mp4",
        ...extra,
      },
      body: JSON.stringify(body),
    });
  }
  const put = (uri: string, range: string, body: Uint8Array<ArrayBuffer> = new Uint8Array(0)) =>
    hub.fetch(uri, { method: "PUT", headers: { ...auth, "content-range": range }, body });
  return { emulator, hub, auth, startSession, put, token };
}

async function errorReason(response: Response): Promise<string> {
  const body = (await response.json()) as { error: { errors: { reason: string }[] } };
  return body.error.errors[0]!.reason;
}

describe("YouTube emulator: resumable protocol", () => {
  it("creates a session (200 + Location), answers 308 with Range, probes, and completes with the video", async () => {
    const { startSession, put, emulator } = setup();
    const total = CHUNK + 10;
    const start = await startSession(total);
    expect(start.status).toBe(200);
    const uri = start.headers.get("location")!;
    expect(uri).toMatch(
      /^https:\/\/www\.googleapis\.com\/upload\/youtube\/v3\/videos\?uploadType=resumable&upload_id=/,
    );
    const empty = await put(uri, `bytes */${total}`);
    expect(empty.status).toBe(308);
    expect(empty.headers.get("range")).toBeNull();
    const data = new Uint8Array(total).map((_, i) => i % 251);
    const first = await put(uri, `bytes 0-${CHUNK - 1}/${total}`, data.subarray(0, CHUNK));
    expect(first.status).toBe(308);
    expect(first.headers.get("range")).toBe(`bytes=0-${CHUNK - 1}`);
    const probe = await put(uri, `bytes */${total}`);
    expect(probe.headers.get("range")).toBe(`bytes=0-${CHUNK - 1}`);
    const last = await put(uri, `bytes ${CHUNK}-${total - 1}/${total}`, data.subarray(CHUNK));
    expect(last.status).toBe(200);
    const video = (await last.json()) as { id: string; status: { uploadStatus: string } };
    expect(video.status.uploadStatus).toBe("uploaded");
    expect(emulator.video(video.id)!.sink.sha256()).toBe(createHash("sha256").update(data).digest("hex"));
    const again = await put(uri, `bytes */${total}`);
    expect(again.status).toBe(200);
  });

  it("rejects a non-final chunk that is not a multiple of 256 KiB, a gap, and bad session headers", async () => {
    const { startSession, put } = setup();
    const total = 3 * CHUNK;
    const uri = (await startSession(total)).headers.get("location")!;
    const odd = await put(uri, `bytes 0-99999/${total}`, new Uint8Array(100_000));
    expect(odd.status).toBe(400);
    expect(((await odd.json()) as { error: { message: string } }).error.message).toMatch(/262144/);
    const gap = await put(uri, `bytes ${CHUNK}-${2 * CHUNK - 1}/${total}`, new Uint8Array(CHUNK));
    expect(gap.status).toBe(400);
    expect((await startSession(total, { "x-upload-content-type": "image/png" })).status).toBe(400);
    expect((await startSession(0)).status).toBe(400);
    expect(await errorReason(await startSession(10, {}, { snippet: { title: "<b>" } }))).toBe("invalidTitle");
    expect(
      await errorReason(
        await startSession(
          10,
          {},
          { snippet: { title: "t" }, status: { privacyStatus: "public", publishAt: "2030-01-01T00:00:00Z" } },
        ),
      ),
    ).toBe("invalidPublishAt");
  });

  it("expires sessions on its clock (404) and hands out a new Location when configured", async () => {
    const clock = createClock(Date.UTC(2026, 0, 1));
    const { startSession, put } = setup({ clock, sessionTtlMs: 1000, newLocationEvery: 1 });
    const total = 2 * CHUNK;
    const uri = (await startSession(total)).headers.get("location")!;
    const moved = await put(uri, `bytes 0-${CHUNK - 1}/${total}`, new Uint8Array(CHUNK));
    const next = moved.headers.get("location")!;
    expect(next).not.toBe(uri);
    expect((await put(uri, `bytes */${total}`)).status).toBe(404);
    clock.advance(1001);
    expect((await put(next, `bytes */${total}`)).status).toBe(404);
  });
});

describe("YouTube emulator: OAuth, scopes, quota, errors", () => {
  it("requires space-separated scopes and PKCE S256 on the authorization page", async () => {
    const { hub, emulator } = setup();
    const base = new URL("https://accounts.google.com/o/oauth2/v2/auth");
    base.searchParams.set("client_id", emulator.client.clientId);
    base.searchParams.set("redirect_uri", emulator.client.redirectUris[0]!);
    base.searchParams.set("response_type", "code");
    base.searchParams.set("scope", `${S.upload},${S.readonly}`);
    expect((await hub.fetch(base)).status).toBe(400);
    base.searchParams.set("scope", `${S.upload} ${S.readonly}`);
    expect((await hub.fetch(base)).headers.get("x-oauth-error")).toBe("invalid_request");
    base.searchParams.set("code_challenge", "a".repeat(43));
    base.searchParams.set("code_challenge_method", "S256");
    const ok = await hub.fetch(base, { redirect: "manual" });
    expect(ok.status).toBe(302);
    const callback = new URL(ok.headers.get("location")!);
    expect(callback.searchParams.get("scope")).toBe(`${S.upload} ${S.readonly}`);
  });

  it("checks scopes per method, charges quota and answers quotaExceeded with Google's body", async () => {
    const { hub, emulator } = setup({ quotaLimit: 2 });
    const uploadOnly = emulator.issueTokens({ scopes: [S.upload] }).access_token;
    const denied = await hub.fetch(`${API}/youtube/v3/channels?part=snippet&mine=true`, {
      headers: { authorization: `Bearer ${uploadOnly}` },
    });
    expect(denied.status).toBe(403);
    expect(await errorReason(denied)).toBe("insufficientPermissions");
    const token = emulator.issueTokens().access_token;
    const call = () =>
      hub.fetch(`${API}/youtube/v3/channels?part=snippet&mine=true`, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const over = await call();
    expect(over.status).toBe(403);
    const body = (await over.json()) as {
      error: { message: string; errors: { reason: string; domain: string }[] };
    };
    expect(body.error.errors[0]).toMatchObject({ reason: "quotaExceeded", domain: "youtube.quota" });
    expect(body.error.message).toContain("<a href=");
    expect(emulator.quota.used).toBe(2);
    const bad = await hub.fetch(`${API}/youtube/v3/channels?part=snippet&mine=true`, {
      headers: { authorization: "Bearer nope" },
    });
    expect(bad.status).toBe(401);
    expect(await errorReason(bad)).toBe("authError");
  });

  it("answers an empty channels.list and youtubeSignupRequired on upload for an account without a channel", async () => {
    const { hub, auth, startSession } = setup({ channel: null });
    const list = await hub.fetch(`${API}/youtube/v3/channels?part=snippet&mine=true`, { headers: auth });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
    const start = await startSession(10);
    expect(start.status).toBe(401);
    expect(await errorReason(start)).toBe("youtubeSignupRequired");
  });

  it("pages playlistItems.list and validates maxResults", async () => {
    const { hub, auth, emulator, startSession, put } = setup();
    for (let i = 0; i < 3; i++) {
      const uri = (await startSession(5)).headers.get("location")!;
      await put(uri, "bytes 0-4/5", new Uint8Array(5));
    }
    const playlist = emulator.channel!.uploadsPlaylistId;
    const page = (token?: string) =>
      hub.fetch(
        `${API}/youtube/v3/playlistItems?part=snippet,contentDetails&playlistId=${playlist}&maxResults=2${token ? `&pageToken=${token}` : ""}`,
        { headers: auth },
      );
    const first = (await (await page()).json()) as {
      items: unknown[];
      nextPageToken?: string;
      pageInfo: { totalResults: number };
    };
    expect(first.items).toHaveLength(2);
    expect(first.pageInfo.totalResults).toBe(3);
    const second = (await (await page(first.nextPageToken)).json()) as {
      items: unknown[];
      nextPageToken?: string;
    };
    expect(second.items).toHaveLength(1);
    expect(second.nextPageToken).toBeUndefined();
    const bad = await hub.fetch(
      `${API}/youtube/v3/playlistItems?part=snippet&playlistId=${playlist}&maxResults=51`,
      { headers: auth },
    );
    expect(bad.status).toBe(400);
  });
});
