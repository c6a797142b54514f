import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, open, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SourceError, ValidationError } from "@postkit/core";
import { fromFile } from "@postkit/core/node";

// A handle on V8's collector, so the test can measure what is still reachable.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

function patterned(length: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length }, (_, index) => (index * 7 + 3) % 251);
}

let folder: string;
const data = patterned(100 * KiB);

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "postkit-upload-file-"));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function fileWith(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, bytes);
  return path;
}

describe("fromFile", () => {
  it("reads exact bytes of any range, in any order and again", async () => {
    const source = await fromFile(await fileWith("clip.mp4", data));
    try {
      expect(source.size).toBe(data.length);
      for (const [start, end] of [
        [0, 10],
        [50_000, 70_001],
        [data.length - 1, data.length],
        [0, data.length],
        [50_000, 70_001],
        [123, 123],
      ] as const) {
        const bytes = await source.read(start, end);
        expect(bytes).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(bytes).equals(Buffer.from(data.subarray(start, end))), `[${start}, ${end})`).toBe(
          true,
        );
      }
    } finally {
      await source.close();
    }
  });

  it.each([
    ["clip.mp4", "video/mp4"],
    ["CLIP.MOV", "video/quicktime"],
    ["a.webm", "video/webm"],
    ["a.m4v", "video/x-m4v"],
    ["a.avi", "video/x-msvideo"],
    ["a.mkv", "video/x-matroska"],
    ["photo.jpg", "image/jpeg"],
    ["photo.JPEG", "image/jpeg"],
    ["photo.png", "image/png"],
    ["photo.webp", "image/webp"],
    ["photo.gif", "image/gif"],
    ["notes.txt", undefined],
    ["no-extension", undefined],
  ])("names %s after its base name and guesses type %s", async (name, type) => {
    const source = await fromFile(await fileWith(name, data.subarray(0, 10)));
    await source.close();
    expect(source.name).toBe(name);
    expect(source.type).toBe(type);
  });

  it("uses the name and type it is given", async () => {
    const source = await fromFile(await fileWith("upload.bin", data), {
      name: "final.mp4",
      type: "video/mp4",
    });
    await source.close();
    expect(source).toMatchObject({ name: "final.mp4", type: "video/mp4" });
  });

  it("rejects ranges outside the file before reading", async () => {
    const source = await fromFile(await fileWith("bounds.mp4", data));
    try {
      for (const [start, end] of [
        [-1, 5],
        [10, 5],
        [0, data.length + 1],
        [0.5, 2],
      ]) {
        const error = await source.read(start!, end!).catch((caught: unknown) => caught);
        expect(ValidationError.isInstance(error), `[${start}, ${end})`).toBe(true);
      }
    } finally {
      await source.close();
    }
  });

  it("rejects with the signal's reason when aborted", async () => {
    const source = await fromFile(await fileWith("abort.mp4", data));
    try {
      const controller = new AbortController();
      const reason = new Error("user cancelled");
      controller.abort(reason);
      await expect(source.read(0, 10, controller.signal)).rejects.toBe(reason);
    } finally {
      await source.close();
    }
  });

  it("refuses reads once closed, and closes twice harmlessly", async () => {
    const source = await fromFile(await fileWith("closed.mp4", data));
    await source.close();
    await source.close();
    await expect(source.read(0, 10)).rejects.toThrow(/closed/);
  });

  it("refuses to read a file whose size changed since fromFile", async () => {
    const path = await fileWith("shrinks.mp4", data);
    const source = await fromFile(path);
    await writeFile(path, data.subarray(0, 1000));
    const error = await source.read(0, 500).catch((caught: unknown) => caught);
    expect(SourceError.isInstance(error) && error.code).toBe("SOURCE_CHANGED");
    expect(String(error)).toMatch(/shrinks\.mp4 changed since fromFile opened it/);
  });

  it("refuses to read a file rewritten with the same size since fromFile", async () => {
    const path = await fileWith("rewritten.mp4", data);
    const source = await fromFile(path);
    await writeFile(
      path,
      data.map((byte) => 255 - byte),
    );
    const later = new Date(Date.now() + 60_000);
    await utimes(path, later, later);
    await expect(source.read(0, 500)).rejects.toThrow(/changed since fromFile opened it/);
  });

  it("reads from the file it opened whatever the working directory", async () => {
    const previous = process.cwd();
    process.chdir(folder);
    let source: Awaited<ReturnType<typeof fromFile>>;
    try {
      await writeFile("relative.mp4", data);
      source = await fromFile("relative.mp4");
    } finally {
      process.chdir(previous);
    }
    expect(Array.from(await source.read(10, 20))).toEqual(Array.from(data.subarray(10, 20)));
  });

  it.runIf(existsSync("/proc/self/fd"))("holds no file descriptor between reads", async () => {
    const openDescriptors = () => readdirSync("/proc/self/fd").length;
    const before = openDescriptors();
    const source = await fromFile(await fileWith("descriptors.mp4", data));
    await source.read(0, 1000);
    expect(openDescriptors()).toBe(before);
  });

  it("refuses a folder and reports a missing file", async () => {
    await expect(fromFile(folder)).rejects.toThrow(/regular file/);
    await expect(fromFile(join(folder, "missing.mp4"))).rejects.toMatchObject({ code: "SOURCE_NOT_FOUND" });
  });

  it("reads a sparse file over 1 GiB in 8 MiB ranges with bounded memory", async () => {
    const size = 1.5 * GiB;
    const rangeSize = 8 * MiB;
    const markers = new Map<number, number>([
      [0, 0xa1],
      [rangeSize - 1, 0xb2],
      [rangeSize, 0xc3],
      [GiB + 7, 0xd4],
      [size - 1, 0xe5],
    ]);
    const path = join(folder, "sparse.mp4");
    const handle = await open(path, "w");
    try {
      for (const [offset, value] of markers) await handle.write(Uint8Array.of(value), 0, 1, offset);
      // Everything between the markers is a hole: no disk space, and reads return zeros.
      await handle.truncate(size);
    } finally {
      await handle.close();
    }

    const source = await fromFile(path);
    const zeros = Buffer.alloc(rangeSize);
    const found = new Map<number, number>();
    let rangesRead = 0;
    let maxGrowth = 0;
    const baseline = process.memoryUsage().rss;
    // What stays reachable, measured after a full GC: a few ranges at most whatever the file size
    // (V8 frees buffers lazily, so 2-3 show). RSS (below) also counts garbage not yet collected,
    // so its bound is looser.
    collectGarbage();
    const baselineBuffers = process.memoryUsage().arrayBuffers;
    let maxHeld = 0;
    try {
      expect(source.size).toBe(size);
      for (let start = 0; start < size; start += rangeSize) {
        const end = Math.min(size, start + rangeSize);
        const bytes = await source.read(start, end);
        expect(bytes.length).toBe(end - start);
        for (const offset of markers.keys()) {
          if (offset < start || offset >= end) continue;
          found.set(offset, bytes[offset - start]!);
          bytes[offset - start] = 0;
        }
        // With the markers cleared, the whole range must be zeros: a misplaced byte shows here.
        const rest = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        expect(rest.equals(zeros.subarray(0, rest.length)), `range at ${start}`).toBe(true);
        rangesRead++;
        maxGrowth = Math.max(maxGrowth, process.memoryUsage().rss - baseline);
        collectGarbage();
        maxHeld = Math.max(maxHeld, process.memoryUsage().arrayBuffers - baselineBuffers);
      }
    } finally {
      await source.close();
      await rm(path, { force: true });
    }
    expect(rangesRead).toBe(size / rangeSize);
    expect(found).toEqual(markers);
    expect(maxHeld).toBeLessThan(4 * rangeSize);
    expect(maxGrowth).toBeLessThan(256 * MiB);
  });
});
