import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { type Connection, ScopeError } from "@postkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NoChannelError, YouTube, YouTubeScopes } from "../src/index.js";
import {
  createEmulatorHub,
  createYouTubeEmulator,
  setup,
  connectionFrom,
  defaults,
  withTokens,
  TRANSPORTS,
  clientFor,
} from "./support.js";

for (const transport of TRANSPORTS) {
  describe(`via ${transport}`, () => {
    beforeAll(() => {
      defaults.transport = transport;
    });

    describe("channel profile against the emulator", () => {
      it("maps id, title, handle, counts (decimal strings, lossless), thumbnails and the uploads playlist", async () => {
        const { youtube, emulator } = setup();
        const channel = await youtube.getChannel(connectionFrom(emulator));
        const configured = emulator.channel!;
        expect(channel).toMatchObject({
          platform: "youtube",
          id: configured.id,
          title: configured.title,
          displayName: configured.title,
          handle: "@postkit-emulator",
          username: "postkit-emulator",
          uploadsPlaylistId: configured.uploadsPlaylistId,
          hiddenSubscriberCount: false,
          subscriberCount: "1230",
          videoCount: "0",
        });
        // Beyond Number.MAX_SAFE_INTEGER: every digit survives.
        expect(channel.viewCount).toBe("98765432109876543210");
        // Plain JSON: the profile survives a round trip.
        expect(JSON.parse(JSON.stringify(channel))).toEqual(channel);
        expect(channel.avatarUrl).toContain("s800");
      });

      it("leaves the subscriber count undefined when the channel hides it", async () => {
        const { youtube, emulator } = setup({ channel: { hiddenSubscriberCount: true } });
        const channel = await youtube.getProfile(connectionFrom(emulator));
        expect(channel.hiddenSubscriberCount).toBe(true);
        expect(channel.subscriberCount).toBeUndefined();
      });

      it("throws NoChannelError for a Google account without a channel", async () => {
        const { youtube, emulator } = setup({ channel: null });
        const error = await youtube.getChannel(connectionFrom(emulator)).catch((e: unknown) => e);
        expect(NoChannelError.isInstance(error)).toBe(true);
        expect((error as NoChannelError).retryable).toBe(false);
        expect((error as NoChannelError).reason).toBe("youtubeSignupRequired");
        // channels.list answered 200 with no items: no HTTP error happened.
        expect((error as NoChannelError).status).toBeUndefined();
      });

      it("refuses youtube.upload alone before sending anything", async () => {
        const { youtube, emulator, hub } = setup();
        const error = await youtube
          .getChannel(connectionFrom(emulator, [YouTubeScopes.upload]))
          .catch((e: unknown) => e);
        expect(ScopeError.isInstance(error)).toBe(true);
        expect((error as ScopeError).missing).toEqual([YouTubeScopes.readonly]);
        expect(hub.log.count({ platform: "youtube" })).toBe(0);
      });

      it("refreshes once and retries after a 401 authError", async () => {
        const { youtube, emulator } = setup();
        const tokens = connectionFrom(emulator);
        emulator.expireAccessTokens();
        const seen: string[] = [];
        const client = clientFor(emulator, {
          fetch: setupFetch(emulator),
          onTokens: (next, key) => void seen.push(`${key} ${next.accessToken}`),
        });
        void youtube;
        const channel = await client.getChannel(tokens);
        expect(channel.id).toBe(emulator.channel!.id);
        expect(seen).toHaveLength(1);
        expect(seen[0]).toMatch(new RegExp(`^youtube:${emulator.channel!.id} `));
        expect(emulator.stats.refreshes).toBe(1);
      });
    });

    function setupFetch(emulator: ReturnType<typeof createYouTubeEmulator>) {
      return createEmulatorHub(emulator).fetch;
    }
  });
}

describe("channel profile through msw (global fetch, real hosts)", () => {
  const emulator = createYouTubeEmulator({ channel: { subscriberCount: "18446744073709551615" } });
  const hub = createEmulatorHub(emulator);
  const extra = http.get("https://www.googleapis.com/youtube/v3/channels", ({ request }) =>
    new URL(request.url).searchParams.get("hl") === "broken"
      ? HttpResponse.json({ items: [{ id: 1 }] })
      : undefined,
  );
  const server = setupServer(extra, ...hub.mswHandlers());
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  it("reads a uint64 subscriber count without loss and sends the four parts with mine=true", async () => {
    const youtube = new YouTube({
      clientId: emulator.client.clientId,
      clientSecret: emulator.client.clientSecret,
      redirectUri: "http://localhost:3000/callback",
    });
    const channel = await youtube.getChannel(connectionFrom(emulator));
    expect(channel.subscriberCount).toBe("18446744073709551615");
    const entry = hub.log.entries().find((e) => e.path === "/youtube/v3/channels")!;
    expect(entry.query.part).toBe("snippet,statistics,contentDetails,brandingSettings");
    expect(entry.query.mine).toBe("true");
  });
});

describe("the abort signal during a token refresh", () => {
  const calls = {
    getChannel: (youtube: YouTube, tokens: Connection, signal: AbortSignal) =>
      youtube.getChannel(tokens, { signal }),
    listVideos: (youtube: YouTube, tokens: Connection, signal: AbortSignal) =>
      youtube.listVideos(tokens, { playlistId: "UUx", signal }),
    updateVideo: (youtube: YouTube, tokens: Connection, signal: AbortSignal) =>
      youtube.updateVideo(tokens, "abc", { title: "t" }, { signal }),
  };

  it.each(Object.keys(calls) as (keyof typeof calls)[])(
    "%s stops waiting for a refresh as soon as the signal aborts",
    async (name) => {
      const emulator = createYouTubeEmulator({ requirePkceS256: true });
      const hub = createEmulatorHub(emulator);
      let releaseRefresh: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        releaseRefresh = resolve;
      });
      let refreshSent: () => void = () => undefined;
      const sent = new Promise<void>((resolve) => {
        refreshSent = resolve;
      });
      const youtube = clientFor(emulator, {
        fetch: async (input, init) => {
          const request = new Request(input, init);
          if (new URL(request.url).pathname === "/token") {
            refreshSent();
            await held; // the refresh hangs until the test lets it go
          }
          return hub.fetch(request);
        },
      });
      // Expired: refresh first.
      const tokens = withTokens(emulator, {
        ...connectionFrom(emulator).credentials,
        expiresAt: Date.now() - 1000,
      });
      const controller = new AbortController();
      const reason = new Error("user aborted");
      let released = false;
      const outcome = calls[name](youtube, tokens, controller.signal).then(
        () => ({ settled: "resolved", released }),
        (error: unknown) => ({ settled: error, released }),
      );
      await sent;
      controller.abort(reason);
      // Let the refresh go on a later macrotask: an abort that is honoured settles before it.
      setTimeout(() => {
        released = true;
        releaseRefresh();
      }, 0);
      expect(await outcome).toEqual({ settled: reason, released: false });
      expect(hub.log.count({ platform: "youtube", role: "api" })).toBe(0);
    },
  );
});
