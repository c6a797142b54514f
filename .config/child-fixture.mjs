// The child side of .config/child-upload.ts: what the large-upload fixtures (plain ESM running the
// built packages in a child process) share — their JSON input, an atomic resume-state file, and
// the peak RSS around the upload.
import { renameSync, writeFileSync } from "node:fs";

/** The fixture's JSON input from the environment variable `name` (`{}` when unset). */
export const readInput = (/** @type {string} */ name) => JSON.parse(process.env[name] ?? "{}");

/**
 * An `onResumeState` that writes `file` through a temporary file and a rename, so a kill mid-write
 * never leaves a truncated state.
 * @param {string} file
 */
export const stateSaver = (file) => (/** @type {unknown} */ state) => {
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
};

/**
 * Runs `upload` and returns its result with the process's peak RSS (kilobytes) before and after.
 * @template T
 * @param {() => Promise<T>} upload
 */
export async function withPeakRss(upload) {
  const maxRssBeforeKb = process.resourceUsage().maxRSS;
  const result = await upload();
  return { result, maxRssBeforeKb, maxRssAfterKb: process.resourceUsage().maxRSS };
}
