// @ts-check
// Publishes one uploaded file to each target platform in the background, writing progress and
// the final state to the database, where the page polls it. A job whose write was lost
// (`unknown`) is never published again: waitForPublish reconciles it from the platform.
import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { fromFile } from "@postkit/core/node";
import { describeFailure } from "./failures.mjs";

/** Progress is written at most this often per platform (the page polls twice a second). */
const PROGRESS_EVERY_MS = 200;

/**
 * @typedef {object} PublishTarget
 * @property {import("@postkit/example-platforms").ExamplePlatform} platform
 * @property {import("@postkit/core").Connection} connection
 * @property {unknown} options the platform's video options, already checked
 */

/**
 * Runs every target at once and removes the temp file when all are done.
 * @param {import("./repository.mjs").Repository} repository
 * @param {string} publishId
 * @param {{ path: string; type: string; name: string }} file
 * @param {PublishTarget[]} targets
 */
export async function runPublish(repository, publishId, file, targets) {
  try {
    await Promise.all(targets.map((target) => publishOne(repository, publishId, file, target)));
  } finally {
    // The upload's own temp folder (see upload.mjs).
    await rm(dirname(file.path), { recursive: true, force: true });
  }
}

/**
 * @param {import("./repository.mjs").Repository} repository
 * @param {string} publishId
 * @param {{ path: string; type: string; name: string }} file
 * @param {PublishTarget} target
 */
async function publishOne(repository, publishId, file, { platform, connection, options }) {
  const key = platform.key;
  let lastWrite = 0;
  /** @type {import("@postkit/core").PublishJob | undefined} */
  let job;
  try {
    const source = await fromFile(file.path, { type: file.type, name: file.name });
    job = await platform.provider.publishVideo(connection, {
      source,
      options: /** @type {never} */ (options),
      onProgress: ({ bytesSent, totalBytes }) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_EVERY_MS && bytesSent !== totalBytes) return;
        lastWrite = now;
        repository.updateTarget(publishId, key, { bytesSent, totalBytes });
      },
    });
    repository.updateTarget(publishId, key, { state: job.outcome, job, ...unknownNote(job) });
    job = await platform.provider.waitForPublish(connection, job, platform.waitOptions());
    repository.updateTarget(publishId, key, { state: job.outcome, job, ...finalNote(job) });
  } catch (error) {
    const { message, hint } = describeFailure(error);
    // A failure after the platform accepted the upload leaves the job as it last stood.
    repository.updateTarget(publishId, key, { state: job ? job.outcome : "failed", message, hint });
  }
}

/** @param {import("@postkit/core").PublishJob} job */
function unknownNote(job) {
  return job.outcome === "unknown"
    ? { message: "Outcome unknown, being reconciled: the platform's answer was lost.", hint: undefined }
    : {};
}

/** @param {import("@postkit/core").PublishJob} job */
function finalNote(job) {
  if (job.outcome === "failed")
    return { message: job.failure?.message ?? "The platform refused the video.", hint: undefined };
  if (job.outcome === "unknown")
    return { message: "Outcome still unknown: the platform has not said yet.", hint: job.failure?.message };
  if (job.outcome === "processing")
    return { message: "Still processing: check again later.", hint: undefined };
  return { message: undefined, hint: undefined };
}
