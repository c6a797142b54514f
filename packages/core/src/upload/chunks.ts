// Generic chunk arithmetic for chunked uploads. Platform rules (TikTok's chunk size bounds,
// YouTube's 256 KiB multiples) belong to the platform packages, which pass their numbers in.
import { ValidationError } from "../errors/validation-error.js";

/**
 * One chunk of a {@link ChunkPlan}: bytes `[start, end)` of the file.
 * @group Uploads
 */
export interface ChunkRange {
  /** Position in the plan, from 0. */
  readonly index: number;
  /** First byte (inclusive). */
  readonly start: number;
  /** Byte after the last one (exclusive). */
  readonly end: number;
  /** `end - start`. */
  readonly size: number;
}

/**
 * How a file is cut into chunks, from {@link planChunks}.
 * @group Uploads
 */
export interface ChunkPlan {
  /** Size of the whole file in bytes. */
  readonly totalBytes: number;
  /** The nominal chunk size; the last chunk may be shorter or (with `"merge"`) longer. */
  readonly chunkSize: number;
  /** Number of chunks, `chunks.length`. */
  readonly count: number;
  /** The chunks in file order; together they cover every byte exactly once. */
  readonly chunks: readonly ChunkRange[];
}

/**
 * What happens to the bytes left after the last full chunk:
 * - `"merge"`: they join the last chunk, which may then be up to twice the chunk size (TikTok);
 *   a file smaller than one chunk is a single chunk.
 * - `"separate"`: they form a shorter last chunk (YouTube and most resumable protocols).
 *
 * @group Uploads
 */
export type ChunkRemainder = "merge" | "separate";

/** Options of {@link planChunks}. @group Uploads */
export interface PlanChunksOptions {
  /** Bytes per chunk, a positive integer. */
  chunkSize: number;
  /** Where the bytes after the last full chunk go. */
  remainder: ChunkRemainder;
}

/**
 * Cuts `totalBytes` into chunks of `chunkSize` bytes. Throws a `ValidationError` for an empty
 * file or a size that is not a positive integer.
 *
 * @example
 * ```ts
 * planChunks(50_000_123, { chunkSize: 10_000_000, remainder: "merge" }).count; // 5, the last 10,000,123 bytes
 * planChunks(1_000_000, { chunkSize: 262_144, remainder: "separate" }).count; // 4, the last 213,568 bytes
 * ```
 * @group Uploads
 * @throws {@link ValidationError} when the size or the chunk options are invalid.
 */
export function planChunks(totalBytes: number, options: PlanChunksOptions): ChunkPlan {
  if (totalBytes === 0) throw new ValidationError("Cannot upload an empty file: it has 0 bytes");
  assertPositiveInteger(totalBytes, "totalBytes");
  assertPositiveInteger(options?.chunkSize, "chunkSize");
  const { chunkSize, remainder } = options;
  if (remainder !== "merge" && remainder !== "separate") {
    throw new ValidationError(`remainder must be "merge" or "separate", not ${JSON.stringify(remainder)}`, {
      issues: [{ path: ["remainder"], message: 'must be "merge" or "separate"' }],
    });
  }
  const count =
    remainder === "merge"
      ? Math.max(1, Math.floor(totalBytes / chunkSize))
      : Math.ceil(totalBytes / chunkSize);
  const chunks: ChunkRange[] = [];
  for (let index = 0; index < count; index++) {
    const start = index * chunkSize;
    const end = index === count - 1 ? totalBytes : start + chunkSize;
    chunks.push(Object.freeze({ index, start, end, size: end - start }));
  }
  return Object.freeze({ totalBytes, chunkSize, count, chunks: Object.freeze(chunks) });
}

/**
 * The chunk that starts at or contains byte `offset`: where to continue an upload the platform
 * has acknowledged up to `offset`. `undefined` when `offset` is `totalBytes` (nothing left).
 * An acknowledged offset inside a chunk (some protocols keep part of one) returns that chunk;
 * send from `offset` to its `end`.
 *
 * @group Uploads
 */
export function chunkContaining(plan: ChunkPlan, offset: number): ChunkRange | undefined {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > plan.totalBytes) {
    throw new ValidationError(`Offset ${offset} is not a byte position of a ${plan.totalBytes}-byte upload`, {
      issues: [{ path: ["offset"], message: `must be an integer from 0 to ${plan.totalBytes}` }],
    });
  }
  // Binary search, so a plan built by hand with uneven chunks works too.
  let low = 0;
  let high = plan.chunks.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const chunk = plan.chunks[middle]!;
    if (offset < chunk.start) high = middle - 1;
    else if (offset >= chunk.end) low = middle + 1;
    else return chunk;
  }
  return undefined;
}

/**
 * The largest multiple of `multiple` that is not above `value`, e.g. the most bytes of a chunk a
 * protocol accepts when chunks must be multiples of a block size.
 *
 * @example
 * ```ts
 * roundDownToMultiple(10_000_000, 262_144); // 9_961_472
 * ```
 * @group Uploads
 */
export function roundDownToMultiple(value: number, multiple: number): number {
  assertNonNegativeInteger(value, "value");
  assertPositiveInteger(multiple, "multiple");
  return Math.floor(value / multiple) * multiple;
}

/**
 * The smallest multiple of `multiple` that is not below `value`.
 *
 * @example
 * ```ts
 * roundUpToMultiple(10_000_000, 262_144); // 10_223_616
 * ```
 * @group Uploads
 */
export function roundUpToMultiple(value: number, multiple: number): number {
  assertNonNegativeInteger(value, "value");
  assertPositiveInteger(multiple, "multiple");
  return Math.ceil(value / multiple) * multiple;
}

function assertPositiveInteger(value: unknown, name: string): asserts value is number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return;
  throw new ValidationError(`${name} must be a positive integer, not ${String(value)}`, {
    issues: [{ path: [name], message: "must be a positive integer" }],
  });
}

function assertNonNegativeInteger(value: unknown, name: string): asserts value is number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return;
  throw new ValidationError(`${name} must be a non-negative integer, not ${String(value)}`, {
    issues: [{ path: [name], message: "must be a non-negative integer" }],
  });
}
