import { describe, expect, it, vi } from "vitest";
import {
  ErrorCode,
  fromBlob,
  fromBytes,
  isPostkitError,
  type UploadSource,
  ValidationError,
} from "@postkit/core";

/** Bytes whose value depends on their position, so a range read from the wrong place shows. */
function patterned(length: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length }, (_, index) => (index * 7 + 3) % 251);
}

const data = patterned(1000);

const ranges: Array<[number, number]> = [
  [0, 10],
  [10, 300],
  [299, 300],
  [300, 1000],
  [500, 500],
  [0, 1000],
];

async function expectInvalidRange(source: UploadSource, start: number, end: number) {
  const error = await source.read(start, end).catch((caught: unknown) => caught);
  expect(ValidationError.isInstance(error), `read(${start}, ${end}) should fail validation`).toBe(true);
}

describe.each([
  ["fromBytes", () => fromBytes(data)],
  ["fromBlob", () => fromBlob(new Blob([data]))],
])("%s", (_, create) => {
  it.each(ranges)("reads exactly bytes [%i, %i)", async (start, end) => {
    const bytes = await create().read(start, end);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(bytes)).toEqual(Array.from(data.subarray(start, end)));
  });

  it("reads ranges in any order and again", async () => {
    const source = create();
    expect(source.size).toBe(1000);
    expect(Array.from(await source.read(900, 950))).toEqual(Array.from(data.subarray(900, 950)));
    expect(Array.from(await source.read(5, 9))).toEqual(Array.from(data.subarray(5, 9)));
    expect(Array.from(await source.read(900, 950))).toEqual(Array.from(data.subarray(900, 950)));
  });

  it("rejects ranges outside the source or not made of whole bytes", async () => {
    const source = create();
    await expectInvalidRange(source, -1, 10);
    await expectInvalidRange(source, 10, 5);
    await expectInvalidRange(source, 990, 1001);
    await expectInvalidRange(source, 0.5, 10);
    await expectInvalidRange(source, 0, Number.NaN);
  });

  it("rejects with the signal's reason when already aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(create().read(0, 10, controller.signal)).rejects.toBe(reason);
  });

  it("has no name or type unless told", () => {
    const source = create();
    expect(source.name).toBeUndefined();
    expect(source.type).toBeUndefined();
  });
});

describe("fromBytes", () => {
  it("reports the name and type it is given", () => {
    const source = fromBytes(data, { name: "clip.mp4", type: "video/mp4" });
    expect(source).toMatchObject({ size: 1000, name: "clip.mp4", type: "video/mp4" });
  });

  it("rejects what is not a Uint8Array and bad options", () => {
    expect(() => fromBytes([1, 2, 3] as unknown as Uint8Array)).toThrow(ValidationError);
    expect(() => fromBytes(data, { name: 42 as unknown as string })).toThrow(/fromBytes options/);
  });
});

describe("fromBlob", () => {
  it("takes a File's name and type, unless overridden", () => {
    const file = new File([data], "holiday.mov", { type: "video/quicktime" });
    expect(fromBlob(file)).toMatchObject({ size: 1000, name: "holiday.mov", type: "video/quicktime" });
    expect(fromBlob(file, { name: "renamed.mov", type: "video/mp4" })).toMatchObject({
      name: "renamed.mov",
      type: "video/mp4",
    });
  });

  it("takes a Blob's type", () => {
    expect(fromBlob(new Blob([data], { type: "image/png" })).type).toBe("image/png");
  });

  it("slices only the range it reads", async () => {
    const blob = new Blob([data]);
    const slice = vi.spyOn(blob, "slice");
    const source = fromBlob(blob);
    expect(slice).not.toHaveBeenCalled();
    await source.read(100, 200);
    expect(slice).toHaveBeenCalledExactlyOnceWith(100, 200);
  });

  it("stops waiting for a slow read when the signal aborts", async () => {
    const never = new Promise<ArrayBuffer>(() => {});
    const slow = { size: 10, type: "", slice: () => ({ arrayBuffer: () => never }) } as unknown as Blob;
    const controller = new AbortController();
    const read = fromBlob(slow).read(0, 10, controller.signal);
    const reason = new Error("timed out");
    controller.abort(reason);
    await expect(read).rejects.toBe(reason);
  });

  it.each(ranges)("readInto fills a reused buffer with exactly bytes [%i, %i)", async (start, end) => {
    const source = fromBlob(new Blob([data.subarray(0, 400), data.subarray(400)]));
    const target = new Uint8Array(end - start).fill(0xee);
    await source.readInto!(start, target);
    expect(Array.from(target)).toEqual(Array.from(data.subarray(start, end)));
  });

  it("readInto refuses a range past the end before reading", async () => {
    const source = fromBlob(new Blob([data]));
    const error = await source.readInto!(990, new Uint8Array(20)).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
  });

  it("readInto says the source changed when the Blob gives fewer bytes than its size", async () => {
    // A File from disk that shrank: its slice streams fewer bytes than the range asked for.
    const short = new Blob([data.subarray(0, 5)]);
    const shrunk = { size: 10, type: "", slice: () => short } as unknown as Blob;
    const error = await fromBlob(shrunk).readInto!(0, new Uint8Array(10)).catch((caught: unknown) => caught);
    expect(isPostkitError(error, ErrorCode.SOURCE_CHANGED)).toBe(true);
  });

  it("readInto turns a failing read into a SourceError", async () => {
    const failing = new ReadableStream({
      pull(controller) {
        controller.error(new Error("NotReadableError"));
      },
    });
    const broken = { size: 10, type: "", slice: () => ({ stream: () => failing }) } as unknown as Blob;
    const error = await fromBlob(broken).readInto!(0, new Uint8Array(10)).catch((caught: unknown) => caught);
    expect(isPostkitError(error, ErrorCode.SOURCE_UNREADABLE)).toBe(true);
  });

  it("readInto returns on abort only after the pending read has ended", async () => {
    let cancelled = false;
    const stalled = new ReadableStream({
      pull: () => new Promise<void>(() => {}),
      cancel: () => {
        cancelled = true;
      },
    });
    const slow = { size: 10, type: "", slice: () => ({ stream: () => stalled }) } as unknown as Blob;
    const controller = new AbortController();
    const read = fromBlob(slow).readInto!(0, new Uint8Array(10), controller.signal);
    const reason = new Error("timed out");
    controller.abort(reason);
    await expect(read).rejects.toBe(reason);
    expect(cancelled).toBe(true);
  });

  it("rejects what is not a Blob", () => {
    expect(() => fromBlob("clip.mp4" as unknown as Blob)).toThrow(ValidationError);
  });
});
