// The work of one publish job: publish (or continue an interrupted upload) with the SDK, report
// progress to BullMQ, keep the resume state in Redis, and hand failures to BullMQ as classified.
import { ConflictError, ErrorCode, type Provider, type PublishJob, type ResumeState } from "@postkit/core";
import { fromFile } from "@postkit/core/node";
import type { RedisIdempotencyStore, RedisResumeStateStore } from "@postkit/redis";
import { type Job, UnrecoverableError } from "bullmq";
import { type RetryDelays, toBullmqError } from "./classify.js";
import { parseJobData, type PublishJobData } from "./job-data.js";

/** A provider as the worker uses it: core's contract plus the upload's chunk size. */
export interface WorkerProvider {
  publishVideo(
    connection: Parameters<Provider["publishVideo"]>[0],
    input: Parameters<Provider["publishVideo"]>[1] & { chunkSize?: number | undefined },
  ): Promise<PublishJob>;
  resumeUpload(
    connection: Parameters<Provider["resumeUpload"]>[0],
    state: ResumeState,
    input: Parameters<Provider["resumeUpload"]>[2] & { chunkSize?: number | undefined },
  ): Promise<PublishJob>;
  waitForPublish: Provider["waitForPublish"];
}

export interface ProcessorDeps {
  providers: Record<PublishJobData["platform"], WorkerProvider>;
  idempotency: RedisIdempotencyStore;
  resume: RedisResumeStateStore;
  delays: RetryDelays;
  /** How long `waitForPublish` jobs wait for processing. @default 600000 */
  waitTimeoutMs?: number | undefined;
}

/** The BullMQ processor: resolves to the publish's job record (the BullMQ job's return value). */
export function createProcessor(deps: ProcessorDeps) {
  return async (job: Job): Promise<PublishJob> => {
    try {
      return await run(deps, job);
    } catch (error) {
      if (error instanceof UnrecoverableError) throw error;
      throw toBullmqError(error, job.attemptsMade, deps.delays);
    }
  };
}

async function run(deps: ProcessorDeps, job: Job): Promise<PublishJob> {
  const data = parseJobData(job.data);
  const provider = deps.providers[data.platform];
  const key = data.idempotencyKey;
  // Credentials come from the shared token store, under the account's credentialKey.
  const connection = { account: data.account };
  const existing = await deps.idempotency.get(key);
  if (existing?.state === "finished" && existing.job) return existing.job;
  const source = await fromFile(data.media.path, { type: data.media.contentType });
  const listeners = {
    chunkSize: data.chunkSize,
    onProgress: ({ bytesSent, totalBytes }: { bytesSent: number; totalBytes: number }) => {
      job.updateProgress({ bytesSent, totalBytes }).catch(() => undefined);
    },
    // After every acknowledged chunk (and right after the session starts): whichever worker
    // takes the job over after a crash continues this session from here.
    onResumeState: (state: ResumeState) => deps.resume.save(key, state),
  };
  const saved = await deps.resume.load(key);
  let result: PublishJob;
  if (saved) {
    result = await provider.resumeUpload(connection, saved, { source, ...listeners });
    // The interrupted attempt began the key; the resumed upload finishes it.
    if (existing) {
      const finished = { ...result, idempotencyKey: key, fingerprint: existing.fingerprint };
      await deps.idempotency.finish(key, { ...existing, state: "finished", job: finished });
      result = finished;
    }
  } else {
    const publish = () =>
      provider.publishVideo(connection, { source, options: data.options, idempotencyKey: key, ...listeners });
    try {
      result = await publish();
    } catch (error) {
      if (!(ConflictError.isInstance(error) && error.code === ErrorCode.IDEMPOTENCY_IN_PROGRESS)) throw error;
      // Begun by an earlier attempt of this very job that died before its upload session was
      // saved (both platforms save it before the first byte). Without bytes neither TikTok
      // (FILE_UPLOAD) nor YouTube can have posted anything, so the key is released and the
      // publish starts over. A key begun by another job is left alone: that one is running.
      if (job.attemptsStarted <= 1 || (await deps.resume.load(key))) throw error;
      await deps.idempotency.abandon(key);
      result = await publish();
    }
  }
  await deps.resume.delete(key);
  if (data.waitForPublish) {
    result = await provider.waitForPublish(connection, result, { timeoutMs: deps.waitTimeoutMs ?? 600_000 });
  }
  return result;
}
