import { planChunks, ValidationError } from "@postkit/core";

/**
 * TikTok's chunk rules (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide) with bounds that hold whether TikTok's "MB" means 10^6 or 2^20
 * bytes (which one is UNCONFIRMED; its examples use decimal):
 * - a chunk is at least 5 MiB (5,242,880 B) and at most 64 MB (64,000,000 B);
 * - a file of at most 64,000,000 B is sent whole (this covers "under 5 MB must be one chunk");
 * - the final chunk takes the remainder and stays under 128,000,000 B;
 * - 1 to 1000 chunks; `total_chunk_count = floor(video_size / chunk_size)`.
 * @group Uploads
 */
export const TIKTOK_CHUNK_RULES = Object.freeze({
  /** Smallest `chunk_size` of a chunked upload: 5 MiB (5,242,880 B), at least 5 MB under either reading. */
  minChunkSize: 5 * 1024 * 1024,
  /** Largest `chunk_size`: 64 MB read as decimal (64,000,000 B), at most 64 MB under either reading. */
  maxChunkSize: 64_000_000,
  /** Largest file sent whole as one chunk; TikTok requires several chunks above 64 MB. */
  maxSingleChunkSize: 64_000_000,
  /** Largest final chunk, which takes the remainder: 128 MB read as decimal (128,000,000 B). */
  maxFinalChunkSize: 128_000_000,
  /** Most chunks in one upload: `total_chunk_count` is 1 to 1000. */
  maxChunkCount: 1000,
  /** The `chunk_size` postkit uses for files over 64,000,000 B when none is given (the spec's suggested planner). */
  defaultChunkSize: 10_000_000,
  /** TikTok's documented maximum video size, 4 GB (read as 4 GiB, which the spec's vectors include). */
  maxVideoSize: 4 * 1024 * 1024 * 1024,
});

/** The `source_info` numbers of a FILE_UPLOAD and the byte ranges to PUT. @group Uploads */
export interface TikTokChunkPlan {
  /** `video_size`: the file's total size in bytes. */
  videoSize: number;
  /** `chunk_size` in bytes; equal to `videoSize` when the file is sent as one chunk. */
  chunkSize: number;
  /** `total_chunk_count`: `floor(videoSize / chunkSize)`, 1 to 1000; the last chunk takes the remainder. */
  totalChunkCount: number;
}

/** One chunk: bytes `[start, end)`. @group Uploads */
export interface TikTokChunk {
  /** 0-based position of the chunk; chunks are PUT in order, one at a time. */
  index: number;
  /** Offset of the chunk's first byte, inclusive. */
  start: number;
  /** Exclusive. */
  end: number;
}

/**
 * Plans a FILE_UPLOAD (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide): a file of at most 64,000,000 B is one chunk
 * (`chunk_size = video_size`); a larger one is cut into `chunkSize` pieces (10,000,000 B by
 * default) with `total_chunk_count = floor(size / chunkSize)` and the remainder merged into the
 * last chunk. Throws a `ValidationError` for sizes or chunk sizes TikTok would reject.
 *
 * Vectors: 4,194,304 → 1 chunk; 50,000,123 → 1 chunk by default;
 * 64,000,001 → 6 chunks, the last `bytes 50000000-64000000`; 4,294,967,296 → 429 chunks, the last 14,967,296 B.
 * With an explicit `chunkSize: 10_000_000`, 50,000,123 → 5 chunks, the last
 * `bytes 40000000-50000122/50000123` (TikTok's own example).
 *
 * @param options.chunkSize an explicit chunk size within the bounds. Without it, files up to
 *   64,000,000 B go whole and larger ones in 10,000,000 B chunks. With it, the file is chunked
 *   whenever that gives two or more chunks.
 * @group Uploads
 */
export function planTikTokChunks(
  videoSize: number,
  options: { chunkSize?: number | undefined } = {},
): TikTokChunkPlan {
  const rules = TIKTOK_CHUNK_RULES;
  if (!Number.isSafeInteger(videoSize) || videoSize < 1) {
    throw new ValidationError(
      `TikTok video size must be a positive whole number of bytes, not ${videoSize}.`,
    );
  }
  if (videoSize > rules.maxVideoSize) {
    throw new ValidationError(`TikTok accepts videos up to 4 GB; this one has ${videoSize} bytes.`);
  }
  const chunkSize = options.chunkSize ?? rules.defaultChunkSize;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < rules.minChunkSize || chunkSize > rules.maxChunkSize) {
    throw new ValidationError(
      `TikTok chunk size must be ${rules.minChunkSize}-${rules.maxChunkSize} bytes (valid for decimal and binary MB), not ${chunkSize}.`,
    );
  }
  const chunked = Math.floor(videoSize / chunkSize);
  const whole = options.chunkSize === undefined ? videoSize <= rules.maxSingleChunkSize : chunked <= 1;
  if (whole) {
    // One chunk means chunk_size = video_size (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide), and a file over 64 MB is never one chunk.
    if (videoSize > rules.maxSingleChunkSize) {
      throw new ValidationError(
        `A chunk size of ${chunkSize} B would send ${videoSize} B as one chunk; TikTok needs several chunks above 64 MB.`,
      );
    }
    return { videoSize, chunkSize: videoSize, totalChunkCount: 1 };
  }
  // Core's generic arithmetic with the remainder merged into the last chunk is TikTok's floor rule.
  const totalChunkCount = planChunks(videoSize, { chunkSize, remainder: "merge" }).count;
  const last = videoSize - (totalChunkCount - 1) * chunkSize;
  if (totalChunkCount > rules.maxChunkCount) {
    throw new ValidationError(
      `A chunk size of ${chunkSize} B gives ${totalChunkCount} chunks; TikTok allows at most ${rules.maxChunkCount}.`,
    );
  }
  if (last > rules.maxFinalChunkSize) {
    throw new ValidationError(`The final chunk would have ${last} B; TikTok allows at most 128 MB.`);
  }
  return { videoSize, chunkSize, totalChunkCount };
}

/** The byte range of chunk `index` of `plan`. @group Uploads */
export function chunkAt(plan: TikTokChunkPlan, index: number): TikTokChunk {
  const start = index * plan.chunkSize;
  const end = index === plan.totalChunkCount - 1 ? plan.videoSize : start + plan.chunkSize;
  return { index, start, end };
}

/** The `Content-Range` header of a chunk: `bytes FIRST-LAST/TOTAL`, inclusive and 0-based. @group Uploads */
export function contentRange(plan: TikTokChunkPlan, chunk: TikTokChunk): string {
  return `bytes ${chunk.start}-${chunk.end - 1}/${plan.videoSize}`;
}
