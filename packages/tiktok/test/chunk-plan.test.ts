import { describe, expect, it } from "vitest";
import { tiktokChunkProblem } from "@postkit/testing";
import {
  chunkAt,
  contentRange,
  planTikTokChunks,
  TIKTOK_CHUNK_RULES,
  ValidationErrorGuard,
} from "./chunk-plan-helpers.js";

describe("planTikTokChunks (spec §3.5 vectors)", () => {
  it("sends a 4,194,304 B file whole", () => {
    const plan = planTikTokChunks(4_194_304);
    expect(plan).toEqual({ videoSize: 4_194_304, chunkSize: 4_194_304, totalChunkCount: 1 });
    expect(contentRange(plan, chunkAt(plan, 0))).toBe("bytes 0-4194303/4194304");
  });

  it("cuts 50,000,123 B into 5 chunks of 10,000,000 when asked, the last 10,000,123 B", () => {
    const plan = planTikTokChunks(50_000_123, { chunkSize: 10_000_000 });
    expect(plan.totalChunkCount).toBe(5);
    expect(contentRange(plan, chunkAt(plan, 0))).toBe("bytes 0-9999999/50000123");
    expect(contentRange(plan, chunkAt(plan, 4))).toBe("bytes 40000000-50000122/50000123");
    expect(chunkAt(plan, 4).end - chunkAt(plan, 4).start).toBe(10_000_123);
  });

  it("sends 50,000,123 B whole by default (≤ 64,000,000)", () => {
    expect(planTikTokChunks(50_000_123).totalChunkCount).toBe(1);
  });

  it("uses floor: 64,000,001 B → 6 chunks, the last bytes 50000000-64000000", () => {
    const plan = planTikTokChunks(64_000_001);
    expect(plan).toEqual({ videoSize: 64_000_001, chunkSize: 10_000_000, totalChunkCount: 6 });
    expect(contentRange(plan, chunkAt(plan, 5))).toBe("bytes 50000000-64000000/64000001");
  });

  it("150,000,000 B → 15 chunks; 4,294,967,296 B → 429 chunks, the last 14,967,296 B", () => {
    expect(planTikTokChunks(150_000_000).totalChunkCount).toBe(15);
    const big = planTikTokChunks(4_294_967_296);
    expect(big.totalChunkCount).toBe(429);
    const last = chunkAt(big, 428);
    expect(last.end - last.start).toBe(14_967_296);
    expect(last.end).toBe(4_294_967_296);
  });

  it("keeps a 64,000,000 B file whole and splits 64,000,001 B (decimal and binary MB both hold)", () => {
    expect(planTikTokChunks(64_000_000).totalChunkCount).toBe(1);
    expect(planTikTokChunks(64_000_001).totalChunkCount).toBeGreaterThan(1);
  });

  it("rejects bad sizes and chunk sizes before any request", () => {
    ValidationErrorGuard(() => planTikTokChunks(0));
    ValidationErrorGuard(() => planTikTokChunks(1.5));
    ValidationErrorGuard(() => planTikTokChunks(4_294_967_297));
    ValidationErrorGuard(() => planTikTokChunks(100_000_000, { chunkSize: 5_000_000 })); // < 5 MiB
    ValidationErrorGuard(() => planTikTokChunks(100_000_000, { chunkSize: 64_000_001 }));
    // 100 MB with 64 MB chunks: one chunk of 100 MB, over 64 MB.
    ValidationErrorGuard(() => planTikTokChunks(100_000_000, { chunkSize: 64_000_000 }));
  });

  it("produces plans the emulator accepts for every size class, chunks covering every byte once", () => {
    const sizes = [
      1, 4_194_304, 5_242_879, 5_242_880, 63_999_999, 64_000_000, 64_000_001, 99_999_999, 127_999_999,
      128_000_001, 1_000_000_000, 4_294_967_296,
    ];
    for (const size of sizes) {
      const plan = planTikTokChunks(size);
      expect(
        tiktokChunkProblem(plan.videoSize, plan.chunkSize, plan.totalChunkCount),
        String(size),
      ).toBeUndefined();
      let covered = 0;
      for (let i = 0; i < plan.totalChunkCount; i++) {
        const chunk = chunkAt(plan, i);
        expect(chunk.start).toBe(covered);
        const length = chunk.end - chunk.start;
        if (plan.totalChunkCount > 1) {
          expect(length).toBeGreaterThanOrEqual(TIKTOK_CHUNK_RULES.minChunkSize);
          expect(length).toBeLessThanOrEqual(i === plan.totalChunkCount - 1 ? 128_000_000 : 64_000_000);
        }
        covered = chunk.end;
      }
      expect(covered).toBe(size);
    }
  });

  it("the emulator rejects ceil counts, whole files over 64 MB and a single chunk with chunk_size ≠ size", () => {
    expect(tiktokChunkProblem(50_000_123, 10_000_000, 6)).toMatch(/chunk count/);
    expect(tiktokChunkProblem(70_000_000, 70_000_000, 1)).toMatch(/chunk size is invalid/);
    expect(tiktokChunkProblem(4_194_304, 5_242_880, 1)).toMatch(/invalid/);
    expect(tiktokChunkProblem(4_194_304, 4_194_303, 1)).toMatch(/whole video/);
    expect(tiktokChunkProblem(100_000_000, 5_000_000, 20)).toMatch(/chunk size is invalid/);
  });
});
