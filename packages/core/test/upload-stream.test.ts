import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { fromStream, ValidationError } from "@postkit/core";

// A handle on V8's collector, so the test can measure what is still reachable.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function patterned(length: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length }, (_, index) => (index * 7 + 3) % 251);
}

const data = patterned(1000);

/**
 * A pull-based stream over `bytes` in `chunkSize` pieces that produces nothing until asked, so
 * `produced` tells how far the source has read ahead.
 */
function streamOf(bytes: Uint8Array, chunkSize = 64) {
  let position = 0;
  const counter = { produced: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (position >= bytes.length) {
          controller.close();
          return;
        }
        const chunk = bytes.slice(position, position + chunkSize);
        position += chunk.length;
        counter.produced += chunk.length;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

const expected = (start: number, end: number) => Array.from(data.subarray(start, end));

async function validationErrorOf(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ValidationError.isInstance(error)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return error;
}

describe("fromStream", () => {
  it("reads consecutive ranges that cut across the stream's chunks", async () => {
    const { stream } = streamOf(data, 64);
    const source = fromStream(stream, { size: 1000, name: "clip.mp4", type: "video/mp4" });
    expect(source).toMatchObject({ size: 1000, name: "clip.mp4", type: "video/mp4" });
    for (const [start, end] of [
      [0, 100],
      [100, 101],
      [101, 500],
      [500, 1000],
    ] as const) {
      expect(Array.from(await source.read(start, end))).toEqual(expected(start, end));
    }
  });

  it("pulls only what the current range needs", async () => {
    const { stream, counter } = streamOf(data, 64);
    const source = fromStream(stream, { size: 1000 });
    expect(counter.produced).toBe(0);
    await source.read(0, 100);
    expect(counter.produced).toBe(128);
    await source.read(100, 200);
    expect(counter.produced).toBe(256);
  });

  it("reads the range it returned last again, in whole or in part", async () => {
    const { stream } = streamOf(data, 64);
    const source = fromStream(stream, { size: 1000 });
    await source.read(0, 100);
    await source.read(100, 300);
    expect(Array.from(await source.read(100, 300))).toEqual(expected(100, 300));
    expect(Array.from(await source.read(150, 200))).toEqual(expected(150, 200));
    // The platform kept only part of the last chunk: continue from inside it.
    expect(Array.from(await source.read(250, 400))).toEqual(expected(250, 400));
  });

  it("skips forward past unread bytes", async () => {
    const { stream } = streamOf(data, 64);
    const source = fromStream(stream, { size: 1000 });
    expect(Array.from(await source.read(0, 10))).toEqual(expected(0, 10));
    expect(Array.from(await source.read(700, 800))).toEqual(expected(700, 800));
    expect(Array.from(await source.read(800, 1000))).toEqual(expected(800, 1000));
  });

  it("lets a resumed upload start at its saved offset with a fresh stream of the whole file", async () => {
    const { stream } = streamOf(data, 100);
    const source = fromStream(stream, { size: 1000 });
    expect(Array.from(await source.read(640, 1000))).toEqual(expected(640, 1000));
  });

  it("refuses to rewind before the range it returned last", async () => {
    const { stream } = streamOf(data, 64);
    const source = fromStream(stream, { size: 1000 });
    await source.read(0, 100);
    await source.read(100, 200);
    const error = await validationErrorOf(source.read(0, 100));
    expect(error.message).toMatch(/cannot rewind/);
    expect(error.message).toMatch(/earliest byte it still holds is 100/);
    await validationErrorOf(source.read(99, 150));
    // The refused read changed nothing.
    expect(Array.from(await source.read(200, 300))).toEqual(expected(200, 300));
  });

  it("refuses bytes it skipped over", async () => {
    const { stream } = streamOf(data, 64);
    const source = fromStream(stream, { size: 1000 });
    await source.read(500, 600);
    const error = await validationErrorOf(source.read(400, 500));
    expect(error.message).toMatch(/cannot rewind/);
  });

  it("starts at `offset` when the stream begins mid-file", async () => {
    const { stream } = streamOf(data.subarray(400), 64);
    const source = fromStream(stream, { size: 1000, offset: 400 });
    expect(Array.from(await source.read(400, 450))).toEqual(expected(400, 450));
    expect(Array.from(await source.read(600, 1000))).toEqual(expected(600, 1000));
  });

  it("rejects reads before its `offset`", async () => {
    const { stream, counter } = streamOf(data.subarray(400), 64);
    const source = fromStream(stream, { size: 1000, offset: 400 });
    const error = await validationErrorOf(source.read(0, 100));
    expect(error.message).toMatch(/starts at byte 400/);
    expect(counter.produced).toBe(0);
  });

  it("says so when the stream is shorter than `size`", async () => {
    const { stream } = streamOf(data.subarray(0, 600), 64);
    const source = fromStream(stream, { size: 1000 });
    await source.read(0, 500);
    const error = await validationErrorOf(source.read(500, 1000));
    expect(error.message).toMatch(/ended after 600 bytes, but 1000 were expected/);
  });

  it("counts a short stream's bytes from its `offset`", async () => {
    const { stream } = streamOf(data.subarray(400, 900), 64);
    const source = fromStream(stream, { size: 1000, offset: 400 });
    const error = await validationErrorOf(source.read(400, 1000));
    expect(error.message).toMatch(/ended after 500 bytes, but 600 were expected/);
  });

  it("says so when the stream is longer than `size`, before handing out the last range", async () => {
    const { stream } = streamOf(data, 64);
    const source = fromStream(stream, { size: 900 });
    await source.read(0, 800);
    const error = await validationErrorOf(source.read(800, 900));
    expect(error.message).toMatch(/more bytes than the 900-byte size/);
  });

  it("accepts a stream that ends exactly at `size` when the last range is read", async () => {
    const { stream } = streamOf(data, 1000);
    const source = fromStream(stream, { size: 1000 });
    expect(Array.from(await source.read(0, 1000))).toEqual(expected(0, 1000));
  });

  it("validates ranges before pulling anything", async () => {
    const { stream, counter } = streamOf(data, 64);
    const source = fromStream(stream, { size: 1000 });
    await validationErrorOf(source.read(10, 5));
    await validationErrorOf(source.read(0, 1001));
    await validationErrorOf(source.read(-1, 5));
    await validationErrorOf(source.read(0, 2.5));
    expect(counter.produced).toBe(0);
  });

  it("validates its options", () => {
    const { stream } = streamOf(data);
    expect(() => fromStream(stream, { size: -1 })).toThrow(ValidationError);
    expect(() => fromStream(stream, { size: 1.5 })).toThrow(ValidationError);
    expect(() => fromStream(stream, { size: 10, offset: 11 })).toThrow(/offset 11 is past the size 10/);
    expect(() => fromStream(stream, {} as { size: number })).toThrow(/size/);
    stream.getReader();
    expect(() => fromStream(stream, { size: 1000 })).toThrow(/already being read/);
  });

  it("rejects with the signal's reason when already aborted", async () => {
    const { stream, counter } = streamOf(data);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(fromStream(stream, { size: 1000 }).read(0, 10, controller.signal)).rejects.toThrow("stop");
    expect(counter.produced).toBe(0);
  });

  it("stops waiting on abort, and keeps the bytes that arrive later for the next read", async () => {
    let release: (() => void) | undefined;
    let sent = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (sent) return controller.close();
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          sent = true;
          controller.enqueue(data.slice(0, 100));
        },
      },
      { highWaterMark: 0 },
    );
    const source = fromStream(stream, { size: 100 });
    const controller = new AbortController();
    const aborted = source.read(0, 50, controller.signal);
    await vi.waitFor(() => expect(release).toBeDefined());
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    release!();
    expect(Array.from(await source.read(0, 50))).toEqual(expected(0, 50));
    expect(Array.from(await source.read(50, 100))).toEqual(expected(50, 100));
  });

  it("stops a read waiting for an earlier one on abort, and keeps the order for later reads", async () => {
    let release: (() => void) | undefined;
    const stream = new ReadableStream<Uint8Array>(
      {
        async start() {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        },
        pull(controller) {
          controller.enqueue(data.slice());
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const source = fromStream(stream, { size: 1000 });
    const first = source.read(0, 100);
    const controller = new AbortController();
    const waiting = source.read(100, 200, controller.signal);
    const third = source.read(200, 300);
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await vi.waitFor(() => expect(release).toBeDefined());
    release!();
    expect(Array.from(await first)).toEqual(expected(0, 100));
    expect(Array.from(await third)).toEqual(expected(200, 300));
  });

  it("keeps memory at about one range while streaming over 1 GiB", async () => {
    const MiB = 1024 * 1024;
    const size = 1024 * MiB + 5;
    const rangeSize = 8 * MiB;
    let produced = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const length = Math.min(MiB, size - produced);
          if (length === 0) return controller.close();
          // Each chunk is a fresh allocation, like a network body; its first byte says where it is.
          const chunk = new Uint8Array(length);
          chunk[0] = (produced / MiB) % 256;
          produced += length;
          controller.enqueue(chunk);
        },
      },
      { highWaterMark: 0 },
    );
    const source = fromStream(stream, { size });
    const baseline = process.memoryUsage().rss;
    // What stays reachable, measured after a full GC: a few ranges at most whatever the file size
    // (V8 frees buffers lazily, so 2-3 show). RSS (below) also counts garbage not yet collected,
    // so its bound is looser.
    collectGarbage();
    const baselineBuffers = process.memoryUsage().arrayBuffers;
    let maxHeld = 0;
    let maxGrowth = 0;
    for (let start = 0; start < size; start += rangeSize) {
      const bytes = await source.read(start, Math.min(size, start + rangeSize));
      expect(bytes[0]).toBe((start / MiB) % 256);
      if (bytes.length > MiB) expect(bytes[MiB]).toBe((start / MiB + 1) % 256);
      maxGrowth = Math.max(maxGrowth, process.memoryUsage().rss - baseline);
      collectGarbage();
      maxHeld = Math.max(maxHeld, process.memoryUsage().arrayBuffers - baselineBuffers);
    }
    expect(produced).toBe(size);
    expect(maxHeld).toBeLessThan(4 * rangeSize);
    expect(maxGrowth).toBeLessThan(256 * MiB);
  });

  it("serves reads issued together in order", async () => {
    const { stream } = streamOf(data, 64);
    const source = fromStream(stream, { size: 1000 });
    const [first, second] = await Promise.all([source.read(0, 300), source.read(300, 600)]);
    expect(Array.from(first)).toEqual(expected(0, 300));
    expect(Array.from(second)).toEqual(expected(300, 600));
  });
});
