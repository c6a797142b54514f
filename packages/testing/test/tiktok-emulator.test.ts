// The TikTok emulator on its own, through the hub's fetch with raw requests: the documented
// vectors and what real TikTok rejects.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createClock, createEmulatorHub } from "@postkit/testing";
import { createTikTokEmulator } from "../src/tiktok/index.js";

const API = "https://open.tiktokapis.com";
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const HEX = "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3";
const B64 = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

function setup(options: Parameters<typeof createTikTokEmulator>[0] = {}) {
  const clock = createClock(Date.UTC(2026, 0, 1));
  const emulator = createTikTokEmulator({ clock, ...options });
  const hub = createEmulatorHub(emulator);
  const token = String(emulator.issueTokens().access_token);
  const api = (path: string, body?: unknown, bearer = token) =>
    hub.fetch(`${API}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json; charset=UTF-8" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { clock, emulator, hub, token, api };
}

async function init(
  api: ReturnType<typeof setup>["api"],
  videoSize: number,
  chunkSize: number,
  total: number,
  privacy = "SELF_ONLY",
) {
  const response = await api("/v2/post/publish/video/init/", {
    post_info: { privacy_level: privacy },
    source_info: {
      source: "FILE_UPLOAD",
      video_size: videoSize,
      chunk_size: chunkSize,
      total_chunk_count: total,
    },
  });
  return {
    response,
    body: (await response.json()) as {
      data: { publish_id: string; upload_url: string };
      error: { code: string };
    },
  };
}

function put(
  hub: ReturnType<typeof setup>["hub"],
  url: string,
  bytes: Uint8Array<ArrayBuffer>,
  range: string,
  type = "video/mp4",
) {
  return hub.fetch(url, {
    method: "PUT",
    headers: { "content-type": type, "content-range": range },
    body: bytes,
  });
}

describe("TikTok emulator: documented upload vectors", () => {
  it("accepts 4,194,304 B as one chunk: bytes 0-4194303/4194304 → 201", async () => {
    const { api, hub, emulator } = setup();
    const { body } = await init(api, 4_194_304, 4_194_304, 1);
    expect(body.error.code).toBe("ok");
    const bytes = new Uint8Array(4_194_304).fill(7);
    const response = await put(hub, body.data.upload_url, bytes, "bytes 0-4194303/4194304");
    expect(response.status).toBe(201);
    expect(emulator.upload(body.data.publish_id)).toMatchObject({
      size: 4_194_304,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
  });

  it("accepts 50,000,123 B in 5 chunks of 10,000,000: 206 ×4 then 201 for bytes 40000000-50000122/50000123", async () => {
    const { api, hub, emulator } = setup();
    const { body } = await init(api, 50_000_123, 10_000_000, 5);
    const chunk = new Uint8Array(10_000_000).fill(1);
    const statuses: number[] = [];
    const ranges: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await put(
        hub,
        body.data.upload_url,
        chunk,
        `bytes ${i * 10_000_000}-${i * 10_000_000 + 9_999_999}/50000123`,
      );
      statuses.push(response.status);
      ranges.push(response.headers.get("content-range") ?? "");
    }
    const last = await put(
      hub,
      body.data.upload_url,
      new Uint8Array(10_000_123).fill(1),
      "bytes 40000000-50000122/50000123",
    );
    statuses.push(last.status);
    expect(statuses).toEqual([206, 206, 206, 206, 201]);
    expect(ranges[0]).toBe("bytes 0-9999999/50000123");
    expect(last.headers.get("content-range")).toBe("bytes 0-50000122/50000123");
    expect(emulator.upload(body.data.publish_id)?.size).toBe(50_000_123);
  });

  it("rejects chunk arithmetic TikTok rejects with invalid_params", async () => {
    const { api } = setup();
    for (const [size, chunk, total] of [
      [50_000_123, 10_000_000, 6], // ceil
      [70_000_000, 70_000_000, 1], // > 64 MB whole
      [4_194_304, 5_242_880, 1], // chunk_size ≠ size for a single chunk
      [100_000_000, 5_000_000, 20], // chunk < 5 MiB
      [200_000_000, 65_000_000, 3], // chunk over 64,000,000 B
    ] as const) {
      const { response, body } = await init(api, size, chunk, total);
      expect(response.status, `${size}/${chunk}/${total}`).toBe(400);
      expect(body.error.code).toBe("invalid_params");
    }
  });

  it("answers 416 with the progress for an out-of-order chunk, 400 for a wrong length, 403 once expired, 404 for a wrong token", async () => {
    const { api, hub, clock } = setup();
    const { body } = await init(api, 20_000_000, 10_000_000, 2);
    const url = body.data.upload_url;
    const skipped = await put(hub, url, new Uint8Array(10_000_000), "bytes 10000000-19999999/20000000");
    expect(skipped.status).toBe(416);
    expect(skipped.headers.get("content-range")).toBe("bytes */20000000");
    expect((await put(hub, url, new Uint8Array(10), "bytes 0-9999999/20000000")).status).toBe(400);
    expect(
      (await put(hub, url, new Uint8Array(10_000_000), "bytes 0-9999999/20000000", "image/png")).status,
    ).toBe(400);
    expect((await put(hub, url, new Uint8Array(10_000_000), "bytes 0-9999999/20000000")).status).toBe(206);
    const again = await put(hub, url, new Uint8Array(10_000_000), "bytes 0-9999999/20000000");
    expect(again.status).toBe(416);
    expect(again.headers.get("content-range")).toBe("bytes 0-9999999/20000000");
    const forged = new URL(url);
    forged.searchParams.set("upload_token", "nope");
    expect(
      (await put(hub, forged.href, new Uint8Array(10_000_000), "bytes 10000000-19999999/20000000")).status,
    ).toBe(404);
    clock.advance(3_600_000);
    expect((await put(hub, url, new Uint8Array(10_000_000), "bytes 10000000-19999999/20000000")).status).toBe(
      403,
    );
  });

  it('writes Content-Range as a byte count with contentRangeReading: "byte-count"', async () => {
    const { api, hub } = setup({ contentRangeReading: "byte-count" });
    const { body } = await init(api, 20_000_000, 10_000_000, 2);
    const url = body.data.upload_url;
    const early = await put(hub, url, new Uint8Array(10_000_000), "bytes 10000000-19999999/20000000");
    expect(early.status).toBe(416);
    expect(early.headers.get("content-range")).toBe("bytes 0-0/20000000");
    const first = await put(hub, url, new Uint8Array(10_000_000), "bytes 0-9999999/20000000");
    expect(first.status).toBe(206);
    expect(first.headers.get("content-range")).toBe("bytes 0-10000000/20000000");
    const last = await put(hub, url, new Uint8Array(10_000_000), "bytes 10000000-19999999/20000000");
    expect(last.status).toBe(201);
    expect(last.headers.get("content-range")).toBe("bytes 0-20000000/20000000");
  });
});

describe("TikTok emulator: concurrent PUTs of one range", () => {
  it("commits the range once when a client's retry overtakes a stalled original", async () => {
    const { api, hub, emulator } = setup();
    const { body } = await init(api, 4_194_304, 4_194_304, 1);
    const bytes = new Uint8Array(4_194_304).fill(3);
    // The original's body arrives only after the retry has been answered.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const stalledBody = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await held;
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const original = hub.fetch(body.data.upload_url, {
      method: "PUT",
      headers: {
        "content-type": "video/mp4",
        "content-range": "bytes 0-4194303/4194304",
        "content-length": "4194304",
      },
      body: stalledBody,
      duplex: "half",
    } as RequestInit);
    const retry = await put(hub, body.data.upload_url, bytes, "bytes 0-4194303/4194304");
    release();
    expect(retry.status).toBe(201);
    expect((await original).status).toBe(416);
    expect(emulator.upload(body.data.publish_id)).toMatchObject({ size: 4_194_304 });
  });
});

describe("TikTok emulator: OAuth", () => {
  const authorize = (hub: ReturnType<typeof setup>["hub"], params: Record<string, string>) =>
    hub.fetch(`https://www.tiktok.com/v2/auth/authorize/?${new URLSearchParams(params)}`);
  const good = (emulator: ReturnType<typeof setup>["emulator"]) => ({
    client_key: emulator.clientKey,
    response_type: "code",
    redirect_uri: emulator.redirectUri,
    scope: "user.info.basic,video.list",
    state: "st",
    code_challenge: HEX,
    code_challenge_method: "S256",
  });

  it("redirects with code, scopes (plural) and state; exchanges with the hex verifier once", async () => {
    const { hub, emulator } = setup({ grant: (scopes) => scopes.filter((scope) => scope !== "video.list") });
    const response = await authorize(hub, good(emulator));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("scopes")).toBe("user.info.basic");
    expect(location.searchParams.get("state")).toBe("st");
    const exchange = (verifier: string) =>
      hub.fetch(`${API}/v2/oauth/token/`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_key: emulator.clientKey,
          client_secret: emulator.clientSecret,
          code: location.searchParams.get("code")!,
          grant_type: "authorization_code",
          redirect_uri: emulator.redirectUri,
          code_verifier: verifier,
        }),
      });
    const wrong = await exchange(`${VERIFIER}x`);
    expect(await wrong.json()).toMatchObject({ error: "invalid_request" });
    const ok = await exchange(VERIFIER);
    const tokens = (await ok.json()) as Record<string, unknown>;
    expect(tokens).toMatchObject({
      expires_in: 86400,
      refresh_expires_in: 31536000,
      scope: "user.info.basic",
      token_type: "Bearer",
    });
    expect(String(tokens.access_token)).toMatch(/^act\./);
    expect(await (await exchange(VERIFIER)).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects client_id, space-separated scopes, unregistered redirects and base64url challenges", async () => {
    const { hub, emulator } = setup();
    const base = good(emulator);
    const { client_key: _key, ...withoutKey } = base;
    for (const params of [
      { ...withoutKey, client_id: emulator.clientKey },
      { ...base, scope: "user.info.basic video.list" },
      { ...base, redirect_uri: "https://evil.example/cb" },
      { ...base, code_challenge: B64 },
      { ...base, code_challenge_method: "plain" },
    ]) {
      expect((await authorize(hub, params)).status).toBe(400);
    }
    const lenient = setup({ pkce: "hex-or-base64url" });
    expect((await authorize(lenient.hub, { ...good(lenient.emulator), code_challenge: B64 })).status).toBe(
      302,
    );
  });

  it("expires access tokens after expires_in and codes after their lifetime (manual clock)", async () => {
    const { hub, emulator, clock, token } = setup();
    const me = () =>
      hub.fetch(`${API}/v2/user/info/?fields=open_id`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    clock.advance(86_400_000);
    const expired = await me();
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: "access_token_invalid" } });
    const params = new URLSearchParams({
      client_key: emulator.clientKey,
      response_type: "code",
      redirect_uri: emulator.redirectUri,
      scope: "user.info.basic",
      state: "s",
      code_challenge: HEX,
      code_challenge_method: "S256",
    });
    const location = new URL(
      (await hub.fetch(`https://www.tiktok.com/v2/auth/authorize/?${params}`)).headers.get("location")!,
    );
    clock.advance(601_000);
    const late = await hub.fetch(`${API}/v2/oauth/token/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_key: emulator.clientKey,
        client_secret: emulator.clientSecret,
        code: location.searchParams.get("code")!,
        grant_type: "authorization_code",
        redirect_uri: emulator.redirectUri,
        code_verifier: VERIFIER,
      }),
    });
    expect(await late.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("rotates refresh tokens and rejects the old one", async () => {
    const { hub, emulator } = setup();
    const first = emulator.issueTokens(["user.info.basic"]);
    const refresh = (token: unknown) =>
      hub.fetch(`${API}/v2/oauth/token/`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_key: emulator.clientKey,
          client_secret: emulator.clientSecret,
          grant_type: "refresh_token",
          refresh_token: String(token),
        }),
      });
    const second = (await (await refresh(first.refresh_token)).json()) as Record<string, unknown>;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(await (await refresh(first.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
  });
});

describe("TikTok emulator: API rules", () => {
  it("checks user info fields against the granted scopes", async () => {
    const { hub, emulator } = setup();
    const basic = String(emulator.issueTokens(["user.info.basic"]).access_token);
    const get = (fields: string) =>
      hub.fetch(`${API}/v2/user/info/?fields=${fields}`, { headers: { authorization: `Bearer ${basic}` } });
    expect(await (await get("open_id,display_name")).json()).toMatchObject({
      data: { user: { display_name: "Emulated Creator" } },
    });
    const missed = await get("open_id,follower_count");
    expect(missed.status).toBe(400);
    expect(await missed.json()).toMatchObject({ error: { code: "scope_permission_missed" } });
  });

  it("answers creator_info's posting errors with HTTP 200", async () => {
    const { api } = setup({ creator: { postingError: "spam_risk_too_many_posts" } });
    const response = await api("/v2/post/publish/creator_info/query/");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ error: { code: "spam_risk_too_many_posts" } });
  });

  it("offers FOLLOWER_OF_CREATOR for private accounts and rejects privacy levels outside the options", async () => {
    const { api } = setup({ creator: { privateAccount: true } });
    const info = (await (await api("/v2/post/publish/creator_info/query/")).json()) as {
      data: { privacy_level_options: string[] };
    };
    expect(info.data.privacy_level_options).toEqual([
      "FOLLOWER_OF_CREATOR",
      "MUTUAL_FOLLOW_FRIENDS",
      "SELF_ONLY",
    ]);
    const response = await api("/v2/post/publish/video/init/", {
      post_info: { privacy_level: "PUBLIC_TO_EVERYONE" },
      source_info: { source: "PULL_FROM_URL", video_url: "https://media.example/a.mp4" },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "privacy_level_option_mismatch" } });
  });

  it("limits inits to 6 per minute per token with 429 rate_limit_exceeded", async () => {
    const { api, clock } = setup();
    const body = {
      post_info: { privacy_level: "SELF_ONLY" },
      source_info: { source: "PULL_FROM_URL", video_url: "https://media.example/a.mp4" },
    };
    for (let i = 0; i < 6; i++) expect((await api("/v2/post/publish/video/init/", body)).status).toBe(200);
    const limited = await api("/v2/post/publish/video/init/", body);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limit_exceeded" } });
    clock.advance(60_001);
    expect((await api("/v2/post/publish/video/init/", body)).status).toBe(200);
  });

  it("progresses status PROCESSING_UPLOAD → PUBLISH_COMPLETE with a 19-digit post id written losslessly", async () => {
    const { api, hub } = setup();
    const status = async (id: string) =>
      (await api("/v2/post/publish/status/fetch/", { publish_id: id })).text();
    const open = await init(api, 1000, 1000, 1, "PUBLIC_TO_EVERYONE");
    expect(await status(open.body.data.publish_id)).toContain(
      '"status":"PROCESSING_UPLOAD","uploaded_bytes":0',
    );
    await put(hub, open.body.data.upload_url, new Uint8Array(1000), "bytes 0-999/1000");
    expect(await status(open.body.data.publish_id)).toContain('"status":"PROCESSING_UPLOAD"');
    const done = await status(open.body.data.publish_id);
    expect(done).toContain('"status":"PUBLISH_COMPLETE"');
    expect(done).toMatch(/"publicaly_available_post_id":\[7\d{18}\]/); // a bare int64, not a string
    const hidden = await init(api, 1000, 1000, 1);
    await put(hub, hidden.body.data.upload_url, new Uint8Array(1000), "bytes 0-999/1000");
    await status(hidden.body.data.publish_id);
    expect(await status(hidden.body.data.publish_id)).toContain('"publicaly_available_post_id":[]'); // SELF_ONLY
  });

  it("rejects unknown and foreign publish ids and cancels only running URL pulls", async () => {
    const { api, emulator } = setup({ otherAccounts: [{}] });
    const other = emulator.accounts()[1]!.user.open_id;
    const otherToken = String(emulator.issueTokens(undefined, { openId: other }).access_token);
    expect(
      await (await api("/v2/post/publish/status/fetch/", { publish_id: "v_pub_nope" })).json(),
    ).toMatchObject({
      error: { code: "invalid_publish_id" },
    });
    const pulled = (await (
      await api("/v2/post/publish/video/init/", {
        post_info: { privacy_level: "SELF_ONLY" },
        source_info: { source: "PULL_FROM_URL", video_url: "https://media.example/a.mp4" },
      })
    ).json()) as { data: { publish_id: string } };
    // Another user's token may neither read nor cancel it.
    for (const path of ["/v2/post/publish/status/fetch/", "/v2/post/publish/cancel/"]) {
      const foreign = await api(path, { publish_id: pulled.data.publish_id }, otherToken);
      expect(foreign.status, path).toBe(400);
      expect(await foreign.json()).toMatchObject({
        error: { code: "token_not_authorized_for_specified_publish_id" },
      });
    }
    expect((await api("/v2/post/publish/cancel/", { publish_id: pulled.data.publish_id })).status).toBe(200);
    expect(
      await (await api("/v2/post/publish/cancel/", { publish_id: pulled.data.publish_id })).json(),
    ).toMatchObject({
      error: { code: "publish_not_cancellable" },
    });
    expect(
      await (await api("/v2/post/publish/status/fetch/", { publish_id: pulled.data.publish_id })).text(),
    ).toContain('"fail_reason":"publish_cancelled"');
    expect(emulator.publishes()).toHaveLength(1);
    const unverified = await api("/v2/post/publish/video/init/", {
      post_info: { privacy_level: "SELF_ONLY" },
      source_info: { source: "PULL_FROM_URL", video_url: "https://elsewhere.example/a.mp4" },
    });
    expect(unverified.status).toBe(403);
  });
});

describe("TikTok emulator: more than one user", () => {
  it("logs in as the signed-in account: its open_id, profile and videos, not the default user's", async () => {
    const { hub, emulator } = setup({ otherAccounts: [{ user: { open_id: "second-user" } }] });
    expect(emulator.accounts().map((account) => account.user.display_name)).toEqual([
      "Emulated Creator",
      "Emulated Creator 2",
    ]);
    emulator.signIn("second-user");
    const params = new URLSearchParams({
      client_key: emulator.clientKey,
      response_type: "code",
      redirect_uri: emulator.redirectUri,
      scope: "user.info.basic,video.list",
      state: "s",
      code_challenge: HEX,
      code_challenge_method: "S256",
    });
    const location = new URL(
      (await hub.fetch(`https://www.tiktok.com/v2/auth/authorize/?${params}`)).headers.get("location")!,
    );
    const tokens = (await (
      await hub.fetch(`${API}/v2/oauth/token/`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_key: emulator.clientKey,
          client_secret: emulator.clientSecret,
          code: location.searchParams.get("code")!,
          grant_type: "authorization_code",
          redirect_uri: emulator.redirectUri,
          code_verifier: VERIFIER,
        }),
      })
    ).json()) as { access_token: string; open_id: string };
    expect(tokens.open_id).toBe("second-user");
    const bearer = { authorization: `Bearer ${tokens.access_token}` };
    const me = await hub.fetch(`${API}/v2/user/info/?fields=open_id,display_name`, { headers: bearer });
    expect(await me.json()).toMatchObject({
      data: { user: { open_id: "second-user", display_name: "Emulated Creator 2" } },
    });
    // video/query only finds the caller's own videos.
    const query = await hub.fetch(`${API}/v2/video/query/?fields=id`, {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ filters: { video_ids: [emulator.videos[0]!.id] } }),
    });
    expect(await query.json()).toMatchObject({ data: { videos: [] } });
  });

  it("refuses unknown accounts, and keeps each account's creator settings apart", async () => {
    const { emulator, api } = setup({ otherAccounts: [{ creator: { privateAccount: true } }] });
    expect(() => emulator.signIn("nobody")).toThrow(/nobody/);
    expect(() => emulator.issueTokens(undefined, { openId: "nobody" })).toThrow(/nobody/);
    const other = String(
      emulator.issueTokens(["video.publish"], { openId: emulator.accounts()[1]!.user.open_id }).access_token,
    );
    const options = async (bearer?: string) =>
      (
        (await (await api("/v2/post/publish/creator_info/query/", undefined, bearer)).json()) as {
          data: { privacy_level_options: string[] };
        }
      ).data.privacy_level_options;
    expect(await options()).toContain("PUBLIC_TO_EVERYONE");
    expect(await options(other)).toContain("FOLLOWER_OF_CREATOR");
  });
});

describe("TikTok emulator: post_info rules of direct posts", () => {
  const pull = { source: "PULL_FROM_URL", video_url: "https://media.example/a.mp4" };
  const images = (n: number) => Array.from({ length: n }, (_, i) => `https://media.example/p/${i}.jpeg`);
  // Rate limits off: these tests send more than 6 inits a minute on purpose.
  const strict = (options: Parameters<typeof setup>[0] = {}) => setup({ rateLimits: false, ...options });
  async function video(api: ReturnType<typeof setup>["api"], postInfo: Record<string, unknown>) {
    const response = await api("/v2/post/publish/video/init/", { post_info: postInfo, source_info: pull });
    return {
      status: response.status,
      code: ((await response.json()) as { error: { code: string } }).error.code,
    };
  }
  async function photo(
    api: ReturnType<typeof setup>["api"],
    mode: "DIRECT_POST" | "MEDIA_UPLOAD",
    postInfo: Record<string, unknown>,
    source: Record<string, unknown> = { source: "PULL_FROM_URL", photo_images: images(2) },
  ) {
    const response = await api("/v2/post/publish/content/init/", {
      media_type: "PHOTO",
      post_mode: mode,
      post_info: postInfo,
      source_info: source,
    });
    const body = (await response.json()) as { data: { publish_id?: string }; error: { code: string } };
    return { status: response.status, code: body.error.code, publishId: body.data.publish_id };
  }
  const rejected = { status: 400, code: "invalid_param" };
  const accepted = { status: 200, code: "ok" };

  it.each([
    ["comments", "commentDisabled", "disable_comment"],
    ["duets", "duetDisabled", "disable_duet"],
    ["stitches", "stitchDisabled", "disable_stitch"],
  ])("refuses to turn %s on when the creator disabled them", async (_name, setting, field) => {
    const { api } = strict({ creator: { [setting]: true } });
    expect(await video(api, { privacy_level: "SELF_ONLY", [field]: false })).toEqual(rejected);
    expect(await video(api, { privacy_level: "SELF_ONLY", [field]: true })).toEqual(accepted);
  });

  it("refuses comments on a photo when the creator disabled them", async () => {
    const { api } = strict({ creator: { commentDisabled: true } });
    expect(
      await photo(api, "DIRECT_POST", { privacy_level: "SELF_ONLY", disable_comment: false }),
    ).toMatchObject(rejected);
    expect(
      await photo(api, "DIRECT_POST", { privacy_level: "SELF_ONLY", disable_comment: true }),
    ).toMatchObject(accepted);
  });

  it("refuses branded content posted SELF_ONLY, for videos and photos", async () => {
    const { api } = strict();
    const branded = { brand_content_toggle: true };
    expect(await video(api, { ...branded, privacy_level: "SELF_ONLY" })).toEqual(rejected);
    expect(await video(api, { ...branded, privacy_level: "PUBLIC_TO_EVERYONE" })).toEqual(accepted);
    expect(await photo(api, "DIRECT_POST", { ...branded, privacy_level: "SELF_ONLY" })).toMatchObject(
      rejected,
    );
    expect(
      await photo(api, "DIRECT_POST", { ...branded, privacy_level: "MUTUAL_FOLLOW_FRIENDS" }),
    ).toMatchObject(accepted);
  });

  it("limits a video title to 2200 UTF-16 units", async () => {
    const { api } = strict();
    expect(await video(api, { privacy_level: "SELF_ONLY", title: "😀".repeat(1100) })).toEqual(accepted);
    expect(await video(api, { privacy_level: "SELF_ONLY", title: `${"😀".repeat(1100)}a` })).toEqual(
      rejected,
    );
  });

  it("lets an unaudited app post only SELF_ONLY, and only for private accounts", async () => {
    const { api, emulator } = strict({ audited: false });
    expect(await video(api, { privacy_level: "SELF_ONLY" })).toEqual({
      status: 403,
      code: "unaudited_client_can_only_post_to_private_accounts",
    });
    emulator.creator.privateAccount = true;
    expect(await video(api, { privacy_level: "FOLLOWER_OF_CREATOR" })).toEqual({
      status: 403,
      code: "privacy_level_option_mismatch",
    });
    expect(await video(api, { privacy_level: "SELF_ONLY" })).toEqual(accepted);
    const audited = strict({ creator: { privateAccount: true } });
    expect(await video(audited.api, { privacy_level: "FOLLOWER_OF_CREATOR" })).toEqual(accepted);
  });

  it("caps pending inbox shares (drafts and photo uploads) at 5 per user per 24 h", async () => {
    const { api, emulator, clock } = strict({ otherAccounts: [{}] });
    const draft = () =>
      api("/v2/post/publish/inbox/video/init/", { source_info: pull }).then((response) => response.status);
    for (let i = 0; i < 3; i++) expect(await draft()).toBe(200);
    for (let i = 0; i < 2; i++) expect(await photo(api, "MEDIA_UPLOAD", {})).toMatchObject(accepted);
    const capped = await api("/v2/post/publish/inbox/video/init/", { source_info: pull });
    expect(capped.status).toBe(403);
    expect(await capped.json()).toMatchObject({ error: { code: "spam_risk_too_many_pending_share" } });
    expect(await photo(api, "MEDIA_UPLOAD", {})).toMatchObject({
      status: 403,
      code: "spam_risk_too_many_pending_share",
    });
    // Direct posts are not shares; another user has their own inbox.
    expect(await photo(api, "DIRECT_POST", { privacy_level: "SELF_ONLY" })).toMatchObject(accepted);
    const other = String(
      emulator.issueTokens(undefined, { openId: emulator.accounts()[1]!.user.open_id }).access_token,
    );
    expect((await api("/v2/post/publish/inbox/video/init/", { source_info: pull }, other)).status).toBe(200);
    clock.advance(86_400_000);
    const tomorrow = String(emulator.issueTokens().access_token); // the old one expired with the day
    expect((await api("/v2/post/publish/inbox/video/init/", { source_info: pull }, tomorrow)).status).toBe(
      200,
    );
  });
});

describe("TikTok emulator: content/init (photo) rules", () => {
  const images = (n: number) => Array.from({ length: n }, (_, i) => `https://media.example/p/${i}.jpeg`);
  const strict = (options: Parameters<typeof setup>[0] = {}) => setup({ rateLimits: false, ...options });
  async function photo(
    api: ReturnType<typeof setup>["api"],
    body: { mode?: string; info?: Record<string, unknown>; source?: Record<string, unknown> },
    bearer?: string,
  ) {
    const response = await api(
      "/v2/post/publish/content/init/",
      {
        media_type: "PHOTO",
        post_mode: body.mode ?? "DIRECT_POST",
        post_info: body.info ?? { privacy_level: "SELF_ONLY" },
        source_info: body.source ?? { source: "PULL_FROM_URL", photo_images: images(2) },
      },
      bearer,
    );
    const json = (await response.json()) as { data: { publish_id?: string }; error: { code: string } };
    return { status: response.status, code: json.error.code, publishId: json.data.publish_id };
  }
  const rejected = { status: 400, code: "invalid_param" };
  const accepted = { status: 200, code: "ok" };

  it("takes 1-35 images and a cover index inside them", async () => {
    const { api } = strict();
    const source = (n: number, cover?: unknown) => ({
      source: "PULL_FROM_URL",
      photo_images: images(n),
      ...(cover === undefined ? {} : { photo_cover_index: cover }),
    });
    expect(await photo(api, { source: source(35, 34) })).toMatchObject(accepted);
    expect(await photo(api, { source: source(36) })).toMatchObject(rejected);
    expect(await photo(api, { source: source(0) })).toMatchObject(rejected);
    for (const cover of [35, -1, 1.5, "0"]) {
      expect(await photo(api, { source: source(35, cover) }), String(cover)).toMatchObject(rejected);
    }
  });

  it("takes only PULL_FROM_URL", async () => {
    const { api } = strict();
    expect(await photo(api, { source: { source: "FILE_UPLOAD", photo_images: images(1) } })).toMatchObject(
      rejected,
    );
    expect(await photo(api, { source: { photo_images: images(1) } })).toMatchObject(rejected);
  });

  it.each(["DIRECT_POST", "MEDIA_UPLOAD"])(
    "limits the title to 90 and the description to 4000 UTF-16 units (%s)",
    async (mode) => {
      const { api } = strict();
      const info = (extra: Record<string, unknown>) =>
        mode === "DIRECT_POST" ? { privacy_level: "SELF_ONLY", ...extra } : extra;
      expect(
        await photo(api, { mode, info: info({ title: "t".repeat(90), description: "😀".repeat(2000) }) }),
      ).toMatchObject(accepted);
      expect(await photo(api, { mode, info: info({ title: "t".repeat(91) }) })).toMatchObject(rejected);
      expect(await photo(api, { mode, info: info({ description: `${"😀".repeat(2000)}d` }) })).toMatchObject(
        rejected,
      );
    },
  );

  it("needs privacy_level for DIRECT_POST; MEDIA_UPLOAD takes an offered one or none", async () => {
    const { api, emulator } = strict({ creator: { privateAccount: true } });
    const mismatch = { status: 403, code: "privacy_level_option_mismatch" };
    expect(await photo(api, { info: {} })).toMatchObject(mismatch);
    const none = await photo(api, { mode: "MEDIA_UPLOAD", info: {} });
    expect(none).toMatchObject(accepted);
    expect(emulator.publish(none.publishId!)?.postInfo).toEqual({});
    const chosen = await photo(api, { mode: "MEDIA_UPLOAD", info: { privacy_level: "FOLLOWER_OF_CREATOR" } });
    expect(chosen).toMatchObject(accepted);
    expect(emulator.publish(chosen.publishId!)).toMatchObject({
      postMode: "MEDIA_UPLOAD",
      postInfo: { privacy_level: "FOLLOWER_OF_CREATOR" },
    });
    expect(
      await photo(api, { mode: "MEDIA_UPLOAD", info: { privacy_level: "PUBLIC_TO_EVERYONE" } }),
    ).toMatchObject(mismatch);
  });

  it("refuses the DIRECT_POST-only fields in a MEDIA_UPLOAD, and checks each mode's scope", async () => {
    const { api, emulator } = strict();
    for (const field of [
      "disable_comment",
      "auto_add_music",
      "brand_content_toggle",
      "brand_organic_toggle",
    ]) {
      expect(await photo(api, { mode: "MEDIA_UPLOAD", info: { [field]: false } }), field).toMatchObject(
        rejected,
      );
      expect(await photo(api, { info: { privacy_level: "SELF_ONLY", [field]: false } }), field).toMatchObject(
        accepted,
      );
    }
    const publishOnly = String(emulator.issueTokens(["video.publish"]).access_token);
    const uploadOnly = String(emulator.issueTokens(["video.upload"]).access_token);
    const unauthorized = { status: 401, code: "scope_not_authorized" };
    expect(await photo(api, { mode: "MEDIA_UPLOAD", info: {} }, publishOnly)).toMatchObject(unauthorized);
    expect(await photo(api, {}, uploadOnly)).toMatchObject(unauthorized);
    expect(await photo(api, { mode: "MEDIA_UPLOAD", info: {} }, uploadOnly)).toMatchObject(accepted);
  });
});
