// The producer side: how the app puts publish jobs on the queue.
import { type ConnectionOptions, Queue } from "bullmq";
import type { PublishJobData } from "./job-data.js";

/** The queue of publish jobs. */
export function publishQueue(name: string, connection: ConnectionOptions): Queue<PublishJobData> {
  return new Queue<PublishJobData>(name, { connection });
}

/**
 * Adds a publish job. Its BullMQ id is the idempotency key, so adding the same publish twice
 * queues it once; the SDK's idempotency store stops a repeat that slips through anyway. Retries
 * follow the worker's classification of each failure (the `postkit` backoff).
 */
export function enqueuePublish(
  queue: Queue<PublishJobData>,
  data: PublishJobData,
  options: { attempts?: number; jobId?: string } = {},
) {
  return queue.add("publish", data, {
    jobId: options.jobId ?? data.idempotencyKey,
    attempts: options.attempts ?? 8,
    backoff: { type: "postkit" },
    removeOnComplete: { age: 86_400, count: 10_000 },
    removeOnFail: { age: 7 * 86_400 },
  });
}
