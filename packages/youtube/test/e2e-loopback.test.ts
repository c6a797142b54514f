// The whole flow over a real loopback HTTP server with the real global fetch.
import { PostkitError, type RetryAttempt } from "@postkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultYouTubeScopes, type YouTube } from "../src/index.js";
import {
  bytesSource,
  CHUNK,
  createEmulatorHub,
  createYouTubeEmulator,
  pseudoRandomBytes,
  sha256,
  clientFor,
} from "./support.js";

const emulator = createYouTubeEmulator({ newLocationEvery: 3, requirePkceS256: true });
const hub = createEmulatorHub(emulator);
let server: Awaited<ReturnType<typeof hub.listen>>;
let youtube: YouTube;

beforeAll(async () => {
  server = await hub.listen();
  youtube = clientFor(emulator, {
    baseUrls: server.baseUrls.youtube,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
  });
});
afterAll(() => server.close());

function statusOf(error: unknown): number | undefined {
  return PostkitError.isInstance(error) ? (error as { status?: number }).status : undefined;
}

describe("loopback end to end", () => {
  it("connects, reads the channel, uploads through faults, waits, sets a thumbnail, lists, updates and deletes", async () => {
    const login = await youtube.createAuthorizationUrl({ scopes: defaultYouTubeScopes });
    expect(login.url.href.startsWith(server.baseUrls.youtube!.auth!)).toBe(true);
    const page = await fetch(login.url, { redirect: "manual" });
    const { accounts } = await youtube.connect(page.headers.get("location")!, login.session);
    const tokens = accounts[0]!;
    expect(tokens.account).toMatchObject({ platform: "youtube", id: emulator.channel!.id });

    const channel = await youtube.getChannel(tokens);
    expect(channel.id).toBe(emulator.channel!.id);

    hub.faults.add({ platform: "youtube", method: "PUT", after: 1, drop: "mid-body" });
    // Retry-After of 1 s, against a backoff of at most 5 ms: the wait shows which one was used.
    hub.faults.add({ platform: "youtube", method: "PUT", after: 4, status: 503, retryAfterSeconds: 1 });
    hub.faults.add({ platform: "youtube", method: "PUT", after: 7, status: 308 });
    const bytes = pseudoRandomBytes(6 * CHUNK + 99, 42);
    const retries: RetryAttempt[] = [];
    const video = await youtube.publishVideo(tokens, {
      source: bytesSource(bytes),
      options: { title: "E2E", privacyStatus: "private", categoryId: "22" },
      chunkSize: CHUNK,
      onRetry: (retry) => retries.push(retry),
    });
    const afterRetryAfter = retries.filter((r) => statusOf(r.error) === 503);
    expect(afterRetryAfter.map((r) => r.delayMs)).toEqual([1000]);
    expect(emulator.videos()).toHaveLength(1);
    expect(emulator.video(video.ids.videoId!)!.sink.sha256()).toBe(await sha256(bytes));
    expect(emulator.stats.sessionsStarted).toBe(1);

    await expect(youtube.waitForPublish(tokens, video, { intervalMs: 1 })).resolves.toMatchObject({
      outcome: "published",
    });
    await youtube.setThumbnail(tokens, video.ids.videoId!, new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 1]));
    const listed: string[] = [];
    for await (const item of youtube.iterateVideos(tokens)) listed.push(item.videoId);
    expect(listed).toEqual([video.ids.videoId!]);
    await youtube.updateVideo(tokens, video.ids.videoId!, { description: "updated" });
    expect(emulator.video(video.ids.videoId!)!.snippet).toMatchObject({
      title: "E2E",
      description: "updated",
    });
    await youtube.deleteVideo(tokens, video.ids.videoId!);
    expect(emulator.videos()).toHaveLength(0);
    await youtube.revoke(tokens);
  });
});
