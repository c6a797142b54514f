import { describe, expect, it } from "vitest";
import {
  type ChunkPlan,
  chunkContaining,
  planChunks,
  roundDownToMultiple,
  roundUpToMultiple,
  ValidationError,
} from "@postkit/core";

/** Every plan must cover [0, totalBytes) exactly once, in order. */
function expectContiguous(plan: ChunkPlan) {
  expect(plan.count).toBe(plan.chunks.length);
  let next = 0;
  plan.chunks.forEach((chunk, index) => {
    expect(chunk).toEqual({ index, start: next, end: chunk.end, size: chunk.end - next });
    expect(chunk.size).toBeGreaterThan(0);
    next = chunk.end;
  });
  expect(next).toBe(plan.totalBytes);
}

describe("planChunks", () => {
  it("merges the remainder into the last chunk (TikTok style)", () => {
    const plan = planChunks(50_000_123, { chunkSize: 10_000_000, remainder: "merge" });
    expect(plan).toMatchObject({ totalBytes: 50_000_123, chunkSize: 10_000_000, count: 5 });
    expect(plan.chunks[3]).toEqual({ index: 3, start: 30_000_000, end: 40_000_000, size: 10_000_000 });
    expect(plan.chunks[4]).toEqual({ index: 4, start: 40_000_000, end: 50_000_123, size: 10_000_123 });
    expectContiguous(plan);
  });

  it("makes a file smaller than one chunk a single chunk when merging", () => {
    const plan = planChunks(4_194_304, { chunkSize: 10_000_000, remainder: "merge" });
    expect(plan.count).toBe(1);
    expect(plan.chunks).toEqual([{ index: 0, start: 0, end: 4_194_304, size: 4_194_304 }]);
  });

  it("adds no empty chunk when the size divides evenly", () => {
    for (const remainder of ["merge", "separate"] as const) {
      const plan = planChunks(30, { chunkSize: 10, remainder });
      expect(plan.count).toBe(3);
      expect(plan.chunks[2]).toEqual({ index: 2, start: 20, end: 30, size: 10 });
    }
  });

  it("makes the remainder a shorter last chunk (YouTube style)", () => {
    const plan = planChunks(1_000_000, { chunkSize: 262_144, remainder: "separate" });
    expect(plan.count).toBe(4);
    expect(plan.chunks[3]).toEqual({ index: 3, start: 786_432, end: 1_000_000, size: 213_568 });
    expectContiguous(plan);
  });

  it("plans a file smaller than one chunk as one short chunk when separate", () => {
    expect(planChunks(5, { chunkSize: 10, remainder: "separate" }).chunks).toEqual([
      { index: 0, start: 0, end: 5, size: 5 },
    ]);
  });

  it("refuses an empty file", () => {
    expect(() => planChunks(0, { chunkSize: 10, remainder: "merge" })).toThrow(/empty file/);
    expect(() => planChunks(0, { chunkSize: 10, remainder: "separate" })).toThrow(ValidationError);
  });

  it.each([
    ["negative size", -5, 10],
    ["fractional size", 10.5, 10],
    ["NaN size", Number.NaN, 10],
    ["infinite size", Number.POSITIVE_INFINITY, 10],
    ["zero chunk size", 100, 0],
    ["negative chunk size", 100, -1],
    ["fractional chunk size", 100, 2.5],
  ])("refuses a %s", (_, totalBytes, chunkSize) => {
    expect(() => planChunks(totalBytes, { chunkSize, remainder: "separate" })).toThrow(ValidationError);
  });

  it("refuses an unknown remainder policy", () => {
    const options = { chunkSize: 10, remainder: "drop" as "merge" };
    expect(() => planChunks(100, options)).toThrow(/remainder must be "merge" or "separate"/);
  });
});

describe("chunkContaining", () => {
  const plan = planChunks(50_000_123, { chunkSize: 10_000_000, remainder: "merge" });

  it("finds the chunk that starts at an offset", () => {
    expect(chunkContaining(plan, 0)?.index).toBe(0);
    expect(chunkContaining(plan, 20_000_000)?.index).toBe(2);
    expect(chunkContaining(plan, 40_000_000)?.index).toBe(4);
  });

  it("finds the chunk that contains an offset", () => {
    expect(chunkContaining(plan, 9_999_999)?.index).toBe(0);
    expect(chunkContaining(plan, 25_000_000)?.index).toBe(2);
    // Inside the merged remainder of the last chunk.
    expect(chunkContaining(plan, 50_000_000)?.index).toBe(4);
    expect(chunkContaining(plan, 50_000_122)?.index).toBe(4);
  });

  it("returns undefined at the end of the file", () => {
    expect(chunkContaining(plan, 50_000_123)).toBeUndefined();
  });

  it("refuses offsets outside the file", () => {
    expect(() => chunkContaining(plan, -1)).toThrow(ValidationError);
    expect(() => chunkContaining(plan, 50_000_124)).toThrow(ValidationError);
    expect(() => chunkContaining(plan, 1.5)).toThrow(ValidationError);
  });

  it("finds every chunk of a separate plan by its first and last byte", () => {
    const small = planChunks(1_000_000, { chunkSize: 262_144, remainder: "separate" });
    for (const chunk of small.chunks) {
      expect(chunkContaining(small, chunk.start)).toBe(chunk);
      expect(chunkContaining(small, chunk.end - 1)).toBe(chunk);
    }
  });
});

describe("rounding to multiples", () => {
  it("rounds down and up to a multiple", () => {
    expect(roundDownToMultiple(10_000_000, 262_144)).toBe(9_961_472);
    expect(roundUpToMultiple(10_000_000, 262_144)).toBe(10_223_616);
    expect(roundDownToMultiple(524_288, 262_144)).toBe(524_288);
    expect(roundUpToMultiple(524_288, 262_144)).toBe(524_288);
    expect(roundDownToMultiple(100, 262_144)).toBe(0);
    expect(roundUpToMultiple(0, 262_144)).toBe(0);
  });

  it("refuses values that are not whole and multiples that are not positive", () => {
    expect(() => roundDownToMultiple(-1, 8)).toThrow(ValidationError);
    expect(() => roundUpToMultiple(1.5, 8)).toThrow(ValidationError);
    expect(() => roundDownToMultiple(16, 0)).toThrow(/multiple must be a positive integer/);
    expect(() => roundUpToMultiple(16, Number.NaN)).toThrow(ValidationError);
  });
});
