// The v1 contract: login sessions, accounts, credentials that look after themselves, the
// capability manifest, idempotent publishes and publishes whose end was lost.
// Covered by the conformance suite instead (conformance.test.ts): oauth.callback.session (missing, expired, another platform's, malformed sessions), credentials.revoke (revoke empties the store), capabilities.manifest and credentials.renewal-kind (v1, "refresh-token"), jobs.idempotency (a repeated key).
import {
  ConflictError,
  ErrorCode,
  MemoryTokenStore,
  OAuthError,
  replaceStoredTokens,
  ScopeError,
} from "@postkit/core";
import { describe, expect, it } from "vitest";
import { defaultYouTubeScopes, YouTubeScopes } from "../src/index.js";
import {
  accountOf,
  approve,
  bytesSource,
  CHUNK,
  clientFor,
  connectionFrom,
  pseudoRandomBytes,
  setup,
  sha256,
  tokensFrom,
  withTokens,
} from "./support.js";

const metadata = { title: "Contract", privacyStatus: "private" as const };

describe("connect", () => {
  it("returns the grant and one account, the channel, ready to use", async () => {
    const { youtube, hub, emulator } = setup();
    const login = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
    expect(login.session).toMatchObject({
      v: 1,
      platform: "youtube",
      state: login.state,
      codeVerifier: login.codeVerifier,
      redirectUri: emulator.redirectUri,
      scopes: [...defaultYouTubeScopes],
    });
    expect(login.session.expiresAt - login.session.createdAt).toBe(600_000);
    const result = await youtube.connect(await approve(hub.fetch, login.url), login.session);
    expect(result.grantedScopes).toEqual([...defaultYouTubeScopes]);
    expect(result.accounts).toEqual([
      {
        account: {
          platform: "youtube",
          id: emulator.channel!.id,
          displayName: emulator.channel!.title,
          credentialKey: `youtube:${emulator.channel!.id}`,
          username: "postkit-emulator",
          avatarUrl: expect.stringContaining("s800"),
        },
        credentials: result.tokens,
      },
    ]);
    await expect(youtube.getProfile(result.accounts[0]!)).resolves.toMatchObject({
      id: emulator.channel!.id,
    });
  });

  it("honours sessionTtlMs", async () => {
    const { youtube } = setup();
    const { session } = await youtube.createAuthorizationUrl({
      scopes: defaultYouTubeScopes,
      sessionTtlMs: 5,
    });
    expect(session.expiresAt - session.createdAt).toBe(5);
  });

  it.each([
    ["null", () => null],
    ["a string", () => "state"],
    ["of another version", (s: object) => ({ ...s, v: 2 })],
  ])("refuses a %s session with OAUTH_SESSION_INVALID before any request", async (_name, make) => {
    const { youtube, hub } = setup();
    const login = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
    const callback = await approve(hub.fetch, login.url);
    hub.log.clear();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong sessions, as an app could pass them.
    const error = await youtube.connect(callback, make(login.session) as any).catch((e: unknown) => e);
    expect(OAuthError.isInstance(error) && error.code).toBe(ErrorCode.OAUTH_SESSION_INVALID);
    expect((error as OAuthError).hint).toMatch(/createAuthorizationUrl/);
    expect(hub.log.entries()).toEqual([]);
  });

  it("saves the grant into the tokenStore, so a connection without credentials works", async () => {
    const store = new MemoryTokenStore();
    const { youtube, hub, emulator } = setup({}, { tokenStore: store });
    const login = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
    const { accounts, tokens } = await youtube.connect(await approve(hub.fetch, login.url), login.session);
    const account = accounts[0]!.account;
    expect((await store.load(account.credentialKey))?.tokens).toEqual(tokens);
    await expect(youtube.getChannel({ account })).resolves.toMatchObject({ id: emulator.channel!.id });
  });
});

describe("credentials", () => {
  it("makes exactly one refresh for 100 concurrent calls on one expired token", async () => {
    const { youtube, hub, emulator } = setup();
    const expired = withTokens(emulator, { ...tokensFrom(emulator), expiresAt: Date.now() - 1000 });
    const channels = await Promise.all(Array.from({ length: 100 }, () => youtube.getChannel({ ...expired })));
    expect(new Set(channels.map((c) => c.id))).toEqual(new Set([emulator.channel!.id]));
    expect(hub.log.count({ platform: "youtube", path: "/token" })).toBe(1);
    expect(hub.log.count({ platform: "youtube", path: "/youtube/v3/channels" })).toBe(100);
  });

  it("makes one refresh for concurrent calls that all meet a 401", async () => {
    const { youtube, hub, emulator } = setup();
    const connection = connectionFrom(emulator);
    emulator.expireAccessTokens();
    await Promise.all(Array.from({ length: 20 }, () => youtube.getChannel(connection)));
    expect(hub.log.count({ platform: "youtube", path: "/token" })).toBe(1);
  });

  it("loads a tokenStore-backed connection, renews it there, and refuses one without a store", async () => {
    const store = new MemoryTokenStore();
    const { youtube, hub, emulator } = setup({}, { tokenStore: store });
    const account = accountOf(emulator);
    await replaceStoredTokens(store, account.credentialKey, {
      ...tokensFrom(emulator),
      expiresAt: Date.now() - 1,
    });
    await Promise.all([youtube.getChannel({ account }), youtube.listVideos({ account })]);
    expect(hub.log.count({ platform: "youtube", path: "/token" })).toBe(1);
    const saved = await store.load(account.credentialKey);
    expect(saved!.tokens.expiresAt).toBeGreaterThan(Date.now());

    const storeless = clientFor(emulator, { fetch: hub.fetch });
    const error = await storeless.getChannel({ account }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.INVALID_INPUT });
  });
});

describe("capabilities", () => {
  it("is a typed manifest: photos and drafts unavailable with a reason", async () => {
    const { youtube, hub, emulator } = setup();
    // Google accepts any one of a method's scopes: the narrowest first.
    expect(youtube.capabilities.publishVideo).toMatchObject({
      available: true,
      scopes: [],
      anyOf: expect.arrayContaining([YouTubeScopes.upload]),
    });
    expect(youtube.capabilities.publishVideo.available && youtube.capabilities.publishVideo.anyOf?.[0]).toBe(
      YouTubeScopes.upload,
    );
    expect(youtube.capabilities.deleteVideo).toMatchObject({
      available: true,
      anyOf: expect.arrayContaining([YouTubeScopes.manage]),
    });
    expect(youtube.capabilities.publishPhotos).toMatchObject({
      available: false,
      reason: expect.any(String),
    });
    expect(youtube.capabilities.saveDraft.available).toBe(false);
    // Any one accepted scope will do: `youtube` alone covers the upload.
    const manageOnly = connectionFrom(emulator, [YouTubeScopes.manage]);
    await expect(
      youtube.publishVideo(manageOnly, { source: bytesSource(pseudoRandomBytes(10)), options: metadata }),
    ).resolves.toMatchObject({ outcome: "processing" });
    expect(hub.log.count({ platform: "youtube", path: "/upload/youtube/v3/videos", method: "POST" })).toBe(1);
  });

  it.each([
    ["publishVideo", [YouTubeScopes.readonly], YouTubeScopes.upload],
    ["updateVideo", [YouTubeScopes.upload, YouTubeScopes.readonly], YouTubeScopes.manage],
    ["listVideos", [YouTubeScopes.upload], YouTubeScopes.readonly],
  ] as const)(
    "refuses %s without its scope, naming it, with zero requests",
    async (operation, scopes, missing) => {
      const { youtube, hub, emulator } = setup();
      const connection = connectionFrom(emulator, scopes);
      const calls = {
        publishVideo: () =>
          youtube.publishVideo(connection, { source: bytesSource(pseudoRandomBytes(10)), options: metadata }),
        updateVideo: () => youtube.updateVideo(connection, "abc", { title: "t" }),
        listVideos: () => youtube.listVideos(connection),
      };
      const error = await calls[operation]().catch((e: unknown) => e);
      expect(ScopeError.isInstance(error) && error.missing).toEqual([missing]);
      expect(hub.log.entries()).toEqual([]);
    },
  );
});

describe("idempotent publishes", () => {
  it("other options under a used key are a ConflictError with zero requests", async () => {
    const { youtube, hub, emulator } = setup();
    const connection = connectionFrom(emulator);
    const bytes = pseudoRandomBytes(CHUNK + 7, 3);
    const input = { source: bytesSource(bytes), options: metadata, idempotencyKey: "post-1" };
    const first = await youtube.publishVideo(connection, input);
    expect(first).toMatchObject({ outcome: "processing", idempotencyKey: "post-1" });
    hub.log.clear();
    const conflict = await youtube
      .publishVideo(connection, { ...input, options: { ...metadata, title: "Other" } })
      .catch((e: unknown) => e);
    expect(ConflictError.isInstance(conflict) && conflict.code).toBe(ErrorCode.IDEMPOTENCY_CONFLICT);
    expect(hub.log.entries()).toEqual([]);
    expect(emulator.videos()).toHaveLength(1);
  });
});

describe("a publish whose final response was lost", () => {
  /** A client whose transport loses the answers of final-chunk PUTs, and of probes while `lose` says so. */
  function losing(emulator: ReturnType<typeof setup>["emulator"], hub: ReturnType<typeof setup>["hub"]) {
    const state = { lose: "final" as "final" | "final-and-probes" | "none" };
    const youtube = clientFor(emulator, {
      retry: { minDelayMs: 1, maxDelayMs: 2 },
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const range = request.method === "PUT" ? request.headers.get("content-range") : null;
        const response = await hub.fetch(request);
        const final = range !== null && /^bytes \d+-(\d+)\/(\d+)$/.exec(range);
        const isFinal = final && Number(final[1]) + 1 === Number(final[2]);
        const isProbe = range?.startsWith("bytes */");
        // YouTube got the request and acted on it; the answer never arrives.
        if ((state.lose !== "none" && isFinal) || (state.lose === "final-and-probes" && isProbe)) {
          throw new TypeError("fetch failed");
        }
        return response;
      },
    });
    return { youtube, state };
  }

  it("probes the session and gets the video: one video, a processing job", async () => {
    const { emulator, hub } = setup();
    const { youtube } = losing(emulator, hub);
    const bytes = pseudoRandomBytes(2 * CHUNK + 5, 31);
    const job = await youtube.publishVideo(connectionFrom(emulator), {
      source: bytesSource(bytes),
      options: metadata,
      chunkSize: CHUNK,
    });
    expect(job).toMatchObject({ outcome: "processing", ids: { videoId: emulator.videos()[0]!.id } });
    expect(emulator.videos()).toHaveLength(1);
    expect(emulator.videos()[0]!.sink.sha256()).toBe(await sha256(bytes));
    expect(emulator.stats.sessionsStarted).toBe(1);
    expect(emulator.stats.probes).toBeGreaterThanOrEqual(1);
  });

  it("returns an unknown job when the probe fails too, and reconciles it without uploading again", async () => {
    const { emulator, hub } = setup();
    const { youtube, state } = losing(emulator, hub);
    state.lose = "final-and-probes";
    const connection = connectionFrom(emulator);
    const bytes = pseudoRandomBytes(2 * CHUNK + 5, 32);
    const job = await youtube.publishVideo(connection, {
      source: bytesSource(bytes),
      options: metadata,
      chunkSize: CHUNK,
      retry: { retries: 2 },
    });
    expect(job.outcome).toBe("unknown");
    expect(job.ids.videoId).toBeUndefined();
    expect(job.ids.uploadSession).toMatch(/upload_id=/);
    expect(job.failure?.code).toBe(ErrorCode.UPLOAD_INTERRUPTED);
    // YouTube did create it; the job is plain JSON, reconciled later (possibly elsewhere).
    expect(emulator.videos()).toHaveLength(1);
    state.lose = "none";
    const puts = hub.log.count({ platform: "youtube", method: "PUT" });
    const reconciled = await youtube.getPublishStatus(connection, JSON.parse(JSON.stringify(job)));
    expect(reconciled).toMatchObject({ outcome: "processing", ids: { videoId: emulator.videos()[0]!.id } });
    expect(reconciled.failure).toBeUndefined();
    // One probe, no bytes sent again, no second session, no second video.
    expect(hub.log.count({ platform: "youtube", method: "PUT" })).toBe(puts + 1);
    expect(emulator.stats.sessionsStarted).toBe(1);
    expect(emulator.videos()).toHaveLength(1);
  });
});
