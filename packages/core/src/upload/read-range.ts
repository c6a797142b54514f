// Checks every upload source shares. Internal: not exported from the package entry points.
import { ValidationError } from "../errors/validation-error.js";

/**
 * Throws a `ValidationError` unless `[start, end)` is a range of whole bytes inside a source of
 * `size` bytes. Runs before any read, so a bad range never touches the underlying data.
 */
export function assertReadRange(start: number, end: number, size: number): void {
  const problem = rangeProblem(start, end, size);
  if (problem === undefined) return;
  throw new ValidationError(`Invalid read range [${start}, ${end}) of a ${size}-byte source: ${problem}`, {
    issues: [{ path: ["range"], message: problem }],
  });
}

function rangeProblem(start: number, end: number, size: number): string | undefined {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return "start and end must be integers";
  if (start < 0) return "start must not be negative";
  if (start > end) return "start must not be after end";
  if (end > size) return "end must not be past the size of the source";
  return undefined;
}
