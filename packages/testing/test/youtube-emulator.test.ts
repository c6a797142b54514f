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

  it("rejects a non-final chunk that is not a multiple of 256 KiB and bad session headers; resyncs a gap with 308", async () => {
    const { startSession, put } = setup();
    const total = 3 * CHUNK;
    const uri = (await startSession(total)).headers.get("location")!;
    const odd = await put(uri, `bytes 0-99999/${total}`, new Uint8Array(100_000));
    expect(odd.status).toBe(400);
    expect(((await odd.json()) as { error: { message: string } }).error.message).toMatch(/262144/);
    const gap = await put(uri, `bytes ${CHUNK}-${2 * CHUNK - 1}/${total}`, new Uint8Array(CHUNK));
    expect(gap.status).toBe(308);
    expect(gap.headers.get("range")).toBeNull();
    const short = await put(uri, `bytes 0-${total - 1}/${total}`, new Uint8Array(total - 1));
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: { message: string } }).error.message).toMatch(/body length/);
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

  it("streams a PUT body into the sink as it arrives, skipping the bytes it already has", async () => {
    const { startSession, put, emulator, hub, auth } = setup();
    const total = 4 * CHUNK;
    const uri = (await startSession(total)).headers.get("location")!;
    const data = new Uint8Array(total).map((_, i) => (i * 7) % 251);
    await put(uri, `bytes 0-${CHUNK - 1}/${total}`, data.slice(0, CHUNK));
    const sink = emulator.sessions()[0]!.sink;
    // The rest as one request from byte 0, in four pieces (the first is skipped: the server has
    // it). Before the last piece is handed over, the sink must already hold the ones before it.
    const pieces = [0, 1, 2, 3].map((i) => data.slice(i * CHUNK, (i + 1) * CHUNK));
    let next = 0;
    let beforeLast: number | undefined;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (next === pieces.length) {
            controller.close();
            return;
          }
          if (next === pieces.length - 1) {
            for (let i = 0; i < 500 && sink.size < 3 * CHUNK; i++) {
              await new Promise((resolve) => setTimeout(resolve, 1));
            }
            beforeLast = sink.size;
          }
          controller.enqueue(pieces[next++]!);
        },
      },
      { highWaterMark: 0 },
    );
    const response = await hub.fetch(uri, {
      method: "PUT",
      headers: { ...auth, "content-range": `bytes 0-${total - 1}/${total}` },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(200);
    expect(beforeLast).toBe(3 * CHUNK);
    expect(sink.sha256()).toBe(createHash("sha256").update(data).digest("hex"));
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
  it("requires space-separated scopes, and checks PKCE like Google (none, plain, S256) or strictly S256", async () => {
    const { hub, emulator } = setup();
    const base = new URL("https://accounts.google.com/o/oauth2/v2/auth");
    base.searchParams.set("client_id", emulator.client.clientId);
    base.searchParams.set("redirect_uri", emulator.redirectUri);
    base.searchParams.set("response_type", "code");
    base.searchParams.set("scope", `${S.upload},${S.readonly}`);
    expect((await hub.fetch(base)).status).toBe(400);
    base.searchParams.set("scope", `${S.upload} ${S.readonly}`);
    const authorize = async (
      target: URL,
      via: typeof hub = hub,
    ): Promise<{ status: number; error: string | null; code: string | null }> => {
      const response = await via.fetch(target, { redirect: "manual" });
      const location = response.headers.get("location");
      return {
        status: response.status,
        error: response.headers.get("x-oauth-error"),
        code: location ? new URL(location).searchParams.get("code") : null,
      };
    };
    const exchange = (code: string, verifier: string | undefined, via: typeof hub = hub) =>
      via.fetch("https://oauth2.googleapis.com/token", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          client_id: emulator.client.clientId,
          client_secret: emulator.client.clientSecret,
          redirect_uri: emulator.redirectUri,
          ...(verifier ? { code_verifier: verifier } : {}),
        }),
      });
    // Google accepts no PKCE at all…
    const none = await authorize(base);
    expect(none.status).toBe(302);
    expect((await exchange(none.code!, undefined)).status).toBe(200);
    // …and plain, the default method when a challenge comes without one: the verifier is the challenge.
    const verifier = "v".repeat(43);
    const plain = new URL(base);
    plain.searchParams.set("code_challenge", verifier);
    const plainCode = (await authorize(plain)).code!;
    expect((await exchange(plainCode, "w".repeat(43))).status).toBe(400);
    const plainAgain = (await authorize(plain)).code!;
    expect((await exchange(plainAgain, verifier)).status).toBe(200);
    const s256 = new URL(base);
    s256.searchParams.set("code_challenge", createHash("sha256").update(verifier).digest("base64url"));
    s256.searchParams.set("code_challenge_method", "S256");
    const s256Code = (await authorize(s256)).code!;
    expect((await exchange(s256Code, verifier)).status).toBe(200);
    const unknown = new URL(s256);
    unknown.searchParams.set("code_challenge_method", "S512");
    expect((await authorize(unknown)).error).toBe("invalid_request");

    // Strict: only S256 passes, and the exchange checks the SHA-256 of the verifier.
    const strict = createYouTubeEmulator({ requirePkceS256: true, clients: [emulator.client] });
    const strictHub = createEmulatorHub(strict);
    expect((await authorize(base, strictHub)).error).toBe("invalid_request");
    expect((await authorize(plain, strictHub)).error).toBe("invalid_request");
    const strictCode = (await authorize(s256, strictHub)).code!;
    expect((await exchange(strictCode, "x".repeat(43), strictHub)).status).toBe(400);
    const strictAgain = (await authorize(s256, strictHub)).code!;
    expect((await exchange(strictAgain, verifier, strictHub)).status).toBe(200);
  });

  it("checks scopes per method, charges successes their cost and failures 1 unit, and refusals nothing", async () => {
    const { hub, emulator, startSession } = setup({ quotaLimit: 103 });
    const uploadOnly = emulator.issueTokens({ scopes: [S.upload] }).access_token;
    const denied = await hub.fetch(`${API}/youtube/v3/channels?part=snippet&mine=true`, {
      headers: { authorization: `Bearer ${uploadOnly}` },
    });
    expect(denied.status).toBe(403);
    expect(await errorReason(denied)).toBe("insufficientPermissions");
    expect(emulator.quota.used).toBe(1);
    // Rejected metadata costs 1, not the 100 units of videos.insert.
    expect(await errorReason(await startSession(10, {}, { snippet: { title: "<b>" } }))).toBe("invalidTitle");
    expect(emulator.quota.used).toBe(2);
    const token = emulator.issueTokens().access_token;
    const call = () =>
      hub.fetch(`${API}/youtube/v3/channels?part=snippet&mine=true`, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await call()).status).toBe(200);
    expect((await startSession(10)).status).toBe(200);
    expect(emulator.quota.used).toBe(103);
    const over = await call();
    expect(over.status).toBe(403);
    const body = (await over.json()) as {
      error: { message: string; errors: { reason: string; domain: string }[] };
    };
    expect(body.error.errors[0]).toMatchObject({ reason: "quotaExceeded", domain: "youtube.quota" });
    expect(body.error.message).toContain("<a href=");
    expect(emulator.quota.used).toBe(103);
    const bad = await hub.fetch(`${API}/youtube/v3/channels?part=snippet&mine=true`, {
      headers: { authorization: "Bearer nope" },
    });
    expect(bad.status).toBe(401);
    expect(await errorReason(bad)).toBe("authError");
    expect(emulator.quota.used).toBe(104);

    const free = setup({ failedCallCost: 0 });
    await free.hub.fetch(`${API}/youtube/v3/channels?part=snippet&mine=true`);
    expect(free.emulator.quota.used).toBe(0);
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

describe("YouTube emulator: multipart videos.insert (googleapis' upload)", () => {
  const boundary = "0f4b1c2e-9d1a-4c57-8f5e-6b7a2d9c3e10";
  // The framing googleapis-common writes: lower-case part headers, no CRLF after the close delimiter.
  function multipartBody(metadata: object, media: Uint8Array, close = true): Uint8Array {
    const head = `--${boundary}\r\ncontent-type: application/json\r\n\r\n${JSON.stringify(metadata)}\r\n--${boundary}\r\ncontent-type: video/mp4\r\n\r\n`;
    const tail = close ? `\r\n--${boundary}--` : "";
    return Buffer.concat([Buffer.from(head), media, Buffer.from(tail)]);
  }
  // Delivered in odd pieces, so delimiters straddle reads.
  function pieces(bytes: Uint8Array, size = 7_001): ReadableStream<Uint8Array> {
    let at = 0;
    return new ReadableStream({
      pull(controller) {
        if (at >= bytes.byteLength) return controller.close();
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      },
    });
  }
  function insert(hub: ReturnType<typeof setup>["hub"], auth: object, body: Uint8Array, type?: string) {
    return hub.fetch(`${API}/upload/youtube/v3/videos?part=snippet%2Cstatus&uploadType=multipart`, {
      method: "POST",
      headers: { ...auth, "content-type": type ?? `multipart/related; boundary=${boundary}` },
      body: pieces(body),
      duplex: "half",
    } as RequestInit);
  }

  it("stores the video part (streamed) and answers the video resource, for 100 units", async () => {
    const { hub, auth, emulator } = setup();
    // Media that contains CRLF-- and most of the delimiter, but never all of it.
    const media = Buffer.concat([
      Buffer.alloc(50_000, 7),
      Buffer.from(`\r\n--${boundary.slice(0, -1)}`),
      Buffer.alloc(30_000, 9),
    ]);
    const response = await insert(hub, auth, multipartBody({ snippet: { title: "multi" } }, media));
    expect(response.status).toBe(200);
    const video = (await response.json()) as { id: string; snippet: { title: string } };
    expect(video.snippet.title).toBe("multi");
    const stored = emulator.videos().find((v) => v.id === video.id)!;
    expect(stored.sink.size).toBe(media.byteLength);
    expect(stored.sink.sha256()).toBe(createHash("sha256").update(media).digest("hex"));
    expect(emulator.quota.used).toBe(100);
    expect(emulator.sessions()).toHaveLength(0);
  });

  it("refuses a body without the close delimiter, a missing boundary and bad metadata", async () => {
    const { hub, auth, emulator } = setup();
    const media = new Uint8Array(1000);
    const open = await insert(hub, auth, multipartBody({ snippet: { title: "t" } }, media, false));
    expect([open.status, await errorReason(open)]).toEqual([400, "badContent"]);
    const noBoundary = await insert(hub, auth, multipartBody({}, media), "multipart/related");
    expect([noBoundary.status, await errorReason(noBoundary)]).toEqual([400, "badContent"]);
    const badTitle = await insert(hub, auth, multipartBody({ snippet: { title: "<b>" } }, media));
    expect(badTitle.status).toBe(400);
    expect(emulator.videos()).toHaveLength(0);
  });
});
