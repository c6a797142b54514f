// The upload engine against a fake protocol: byte-exact delivery under failures, read-ahead
// depth, buffer reuse safety, abort, source failures, implausible servers, one refresh per 401.
import {
  ErrorCode,
  PostkitError,
  type ResumeState,
  runUpload,
  SourceError,
  UploadError,
  type UploadProtocol,
  type UploadSource,
} from "@postkit/core";
import { describe, expect, it } from "vitest";

const SIZE = 10_000;
const CHUNK = 1_000;
const data = Uint8Array.from({ length: SIZE }, (_, i) => (i * 31) % 251);
const retry = { retries: 3, minDelayMs: 0, maxDelayMs: 0 };
const transient = () => new PostkitError("flaky", { code: ErrorCode.NETWORK_ERROR, retryable: true });
const unauthorized = () => new PostkitError("401", { code: ErrorCode.HTTP_ERROR, status: 401 });

/** A source with `readInto` that records reads, the buffers it was given and reads in flight. */
function fileLike(bytes = data) {
  const log = { reads: [] as number[], buffers: new Set<ArrayBufferLike>(), inFlight: 0, maxInFlight: 0 };
  const source: UploadSource = {
    size: bytes.length,
    read: async (start, end) => bytes.slice(start, end),
    async readInto(start, target) {
      log.reads.push(start);
      log.buffers.add(target.buffer);
      log.inFlight += 1;
      log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      target.set(bytes.subarray(start, start + target.length));
      log.inFlight -= 1;
    },
  };
  return { source, log };
}

type Server = (start: number, end: number, bytes: Uint8Array) => Promise<number | Error> | number | Error;

/** A fake protocol that stores what it receives; `answer` decides each reply (default: accept). */
function fakeProtocol(answer?: Server) {
  const received = new Uint8Array(SIZE);
  const seen: { start: number; end: number; intact: boolean }[] = [];
  let refreshes = 0;
  let have = 0;
  const protocol: UploadProtocol<string> = {
    platform: "fake",
    totalBytes: SIZE,
    rangeEnd: (offset) => Math.min(offset + CHUNK, SIZE),
    async send({ start, end, bytes }) {
      const copy = bytes.slice();
      // While this "request" is on the wire the engine reads ahead; the bytes must not change.
      await new Promise((resolve) => setTimeout(resolve, 2));
      seen.push({ start, end, intact: bytes.every((byte, i) => byte === copy[i]) });
      const reply = answer ? await answer(start, end, bytes) : end;
      if (reply instanceof Error) throw reply;
      if (start <= have) {
        received.set(bytes.subarray(0, Math.min(reply, end) - start), start);
        have = Math.max(have, Math.min(reply, end));
      }
      return reply >= SIZE && have >= SIZE ? { done: true, result: "ok" } : { done: false, offset: reply };
    },
    classify(error: unknown) {
      if (PostkitError.isInstance(error) && error.status === 401) return { action: "refresh" };
      if (PostkitError.isInstance(error) && error.retryable) return { action: "retry" };
      return { action: "fatal", error };
    },
    async refresh() {
      refreshes += 1;
    },
    resumeState: (offset): ResumeState => ({
      version: 1,
      platform: "fake",
      ids: {},
      offset,
      totalBytes: SIZE,
    }),
  };
  return { protocol, received, seen, refreshes: () => refreshes };
}

describe("runUpload", () => {
  it("delivers every byte exactly under injected failures", async () => {
    let calls = 0;
    const { protocol, received } = fakeProtocol((_start, end) => (++calls % 3 === 0 ? transient() : end));
    const { source } = fileLike();
    await expect(runUpload(protocol, { source, retry })).resolves.toBe("ok");
    expect(received).toEqual(data);
  });

  it("reads at most one chunk ahead, into two reused buffers that no send sees change", async () => {
    const { protocol, seen } = fakeProtocol();
    const { source, log } = fileLike();
    await runUpload(protocol, { source, retry });
    expect(log.reads).toEqual(Array.from({ length: SIZE / CHUNK }, (_, i) => i * CHUNK));
    expect(log.buffers.size).toBeLessThanOrEqual(2);
    expect(log.maxInFlight).toBe(1);
    expect(seen.every((send) => send.intact)).toBe(true);
  });

  it("aborts with an UploadError carrying the resume state", async () => {
    const controller = new AbortController();
    const { protocol } = fakeProtocol();
    const error = await runUpload(protocol, {
      source: fileLike().source,
      retry,
      signal: controller.signal,
      onProgress: ({ bytesSent }) => bytesSent === 3 * CHUNK && controller.abort(new Error("stop")),
    }).catch((caught: unknown) => caught);
    expect(UploadError.isInstance(error) && error.resumeState?.offset).toBe(3 * CHUNK);
  });

  it("turns a source failure into a SourceError with the resume state", async () => {
    const { protocol } = fakeProtocol();
    const { source } = fileLike();
    const failing: UploadSource = {
      ...source,
      readInto: async (start, target, signal) => {
        if (start >= 2 * CHUNK) throw new Error("disk gone");
        return source.readInto!(start, target, signal);
      },
    };
    const error = await runUpload(protocol, { source: failing, retry }).catch((caught: unknown) => caught);
    expect(SourceError.isInstance(error) && error.code).toBe(ErrorCode.SOURCE_UNREADABLE);
    expect((error as SourceError).resumeState?.offset).toBe(2 * CHUNK);
  });

  it.each([
    ["acknowledges nothing", (start: number) => start],
    ["loops back to 0", () => 0],
  ])("ends in a typed error within the budget when the server %s", async (_name, reply) => {
    let sends = 0;
    const { protocol } = fakeProtocol((start, end) => {
      sends += 1;
      return start < CHUNK ? end : reply(start);
    });
    const error = await runUpload(protocol, { source: fileLike().source, retry }).catch(
      (caught: unknown) => caught,
    );
    expect(UploadError.isInstance(error) && error.code).toBe(ErrorCode.UPLOAD_INTERRUPTED);
    expect((error as UploadError).resumeState).toBeDefined();
    expect(sends).toBeLessThanOrEqual(1 + 2 * (retry.retries + 1));
  });

  it("refuses a server that claims bytes it was never sent", async () => {
    const { protocol } = fakeProtocol((start, end) => (start === CHUNK ? SIZE : end));
    const error = await runUpload(protocol, { source: fileLike().source, retry }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: ErrorCode.UPLOAD_INTERRUPTED, retryable: false });
    expect((error as UploadError).resumeState?.offset).toBe(CHUNK);
  });

  it("refreshes exactly once per 401 until progress, then stops", async () => {
    const once = fakeProtocol((start, end) =>
      start === CHUNK && once.refreshes() === 0 ? unauthorized() : end,
    );
    await expect(runUpload(once.protocol, { source: fileLike().source, retry })).resolves.toBe("ok");
    expect(once.refreshes()).toBe(1);
    const always = fakeProtocol((start, end) => (start === CHUNK ? unauthorized() : end));
    const error = await runUpload(always.protocol, { source: fileLike().source, retry }).catch(
      (caught: unknown) => caught,
    );
    expect(always.refreshes()).toBe(1);
    expect(error).toMatchObject({ code: ErrorCode.UPLOAD_INTERRUPTED });
    expect((error as UploadError).resumeState?.offset).toBe(CHUNK);
  });
});
