// Instagram Reels from the app's bytes: the container's `uri` on rupload, byte-exact, and an
// interrupted upload resumed by another client from its JSON resume state, without a new
// container or a second post.
import { createHash } from "node:crypto";
import { fromBytes, isPostkitError, type ResumeState, UploadError } from "@postkit/core";
import { describe, expect, it } from "vitest";
import { instagramSetup, publishCalls } from "./instagram-support.js";
import { clientFor, TRANSPORTS } from "./support.js";

const SIZE = 3 * 1024 * 1024 + 123;
const bytes = Uint8Array.from({ length: SIZE }, (_, i) => (i * 31 + (i >> 11)) % 251);
const sha256 = createHash("sha256").update(bytes).digest("hex");

for (const transport of TRANSPORTS) {
  describe(`Instagram Reels from bytes (${transport})`, () => {
    it("uploads the bytes to the container's uri and publishes the Reel once", async () => {
      const { meta, hub, emulator, instagram } = await instagramSetup(transport);
      const states: ResumeState[] = [];
      const job = await meta.publishVideo(instagram, {
        source: fromBytes(bytes, { type: "video/mp4" }),
        options: { caption: "From bytes", durationMs: 20_000 },
        onResumeState: (state) => void states.push(state),
      });
      expect(job.outcome).toBe("published");
      const containerId = job.ids.containerId as string;
      expect(emulator.instagramContainer(containerId)?.params).toMatchObject({
        media_type: "REELS",
        upload_type: "resumable",
      });
      expect(emulator.uploadedBytes(containerId)).toMatchObject({ size: SIZE, complete: true, sha256 });
      expect(states[0]).toMatchObject({
        platform: "meta",
        offset: 0,
        totalBytes: SIZE,
        ids: { containerId },
      });
      expect(hub.log.entries().filter((entry) => entry.role === "rupload")).toHaveLength(1);
      expect(publishCalls(hub)).toBe(1);
      expect(emulator.instagramMedia()[0]).toMatchObject({
        mediaProductType: "REELS",
        caption: "From bytes",
      });
    });

    it("an aborted upload resumes in another client from its JSON state, byte-exact, with one container and one post", async () => {
      const { meta, hub, emulator, instagram, clock } = await instagramSetup(transport);
      const controller = new AbortController();
      const stop = emulator.watchUploads((upload) => {
        if (upload.received > SIZE / 3) controller.abort(new Error("the app stops"));
      });
      const error = await meta
        .publishVideo(instagram, { source: fromBytes(bytes), options: {}, signal: controller.signal })
        .catch((e: unknown) => e);
      stop();
      expect(UploadError.isInstance(error)).toBe(true);
      const state = JSON.parse(JSON.stringify((error as UploadError).resumeState)) as ResumeState;
      const containerId = state.ids.containerId as string;
      const received = emulator.uploadedBytes(containerId)?.size ?? 0;
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThan(SIZE);
      const other = clientFor(emulator, { clock, ...(transport === "fetch" ? { fetch: hub.fetch } : {}) });
      const job = await other.resumeUpload(instagram, state, { source: fromBytes(bytes) });
      expect(job).toMatchObject({ outcome: "published", ids: { containerId } });
      expect(emulator.uploadedBytes(containerId)).toMatchObject({ size: SIZE, sha256 });
      expect(emulator.instagramContainers()).toHaveLength(1);
      expect(publishCalls(hub)).toBe(1);
    });

    it("a container uri off Meta's rupload host gets neither the token nor a byte", async () => {
      const { hub, emulator, instagram } = await instagramSetup(transport);
      const sent: string[] = [];
      // A hostile answer: the container's upload URL points elsewhere.
      const rewriting: typeof fetch = async (input, init) => {
        const request = new Request(input, init);
        sent.push(new URL(request.url).host);
        const response = await (transport === "fetch" ? hub.fetch : fetch)(request);
        if (request.method !== "POST" || !new URL(request.url).pathname.endsWith("/media")) return response;
        const body = (await response.json()) as { id: string; uri?: string };
        return Response.json({ ...body, uri: `https://evil.example/ig-api-upload/v25.0/${body.id}` });
      };
      const client = clientFor(emulator, { fetch: rewriting });
      const error = await client
        .publishVideo(instagram, { source: fromBytes(bytes), options: {} })
        .catch((e: unknown) => e);
      expect(isPostkitError(error, "UNTRUSTED_URL")).toBe(true);
      expect(sent).not.toContain("evil.example");
      expect(hub.log.entries().filter((entry) => entry.role === "rupload")).toHaveLength(0);
    });

    it("a resume state of another account, or a source of another size, is refused before any request", async () => {
      const { meta, hub, instagram } = await instagramSetup(transport);
      const state: ResumeState = {
        version: 1,
        platform: "meta",
        sessionUrl: "https://rupload.facebook.com/ig-api-upload/v25.0/123",
        ids: { containerId: "123", igUserId: "someone-else", mediaType: "REELS" },
        offset: 0,
        totalBytes: SIZE,
        extra: { flow: "instagram-container" },
      };
      hub.log.clear();
      const foreign = await meta
        .resumeUpload(instagram, state, { source: fromBytes(bytes) })
        .catch((e: unknown) => e);
      expect(isPostkitError(foreign, "INVALID_INPUT")).toBe(true);
      const mine = { ...state, ids: { ...state.ids, igUserId: instagram.account.id } };
      const short = await meta
        .resumeUpload(instagram, mine, { source: fromBytes(bytes.subarray(1)) })
        .catch((e: unknown) => e);
      expect(isPostkitError(short, "INVALID_INPUT")).toBe(true);
      expect(hub.log.count()).toBe(0);
    });
  });
}
