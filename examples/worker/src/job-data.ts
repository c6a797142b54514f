// What a publish job carries through the queue: plain JSON, checked when a worker takes it.
import { parseInput } from "@postkit/core";
import * as z from "zod/mini";

/** One publish: which account, which media, with which options, under which idempotency key. */
export interface PublishJobData {
  /** `tiktok` or `youtube`: the provider that runs it. */
  platform: "tiktok" | "youtube";
  /** The account as `connect` returned it; its tokens are in the shared token store under `credentialKey`. */
  account: { platform: string; id: string; displayName: string; credentialKey: string };
  /** The video: a path every worker can read (a shared volume), its type, and for checks its size. */
  media: { path: string; contentType?: string | undefined };
  /** The platform's publish options (TikTok `{ mode, privacyLevel, … }`, YouTube `{ title, … }`). */
  options: Record<string, unknown>;
  /** The app's key for this publish: the same key never publishes twice. Also the BullMQ job id. */
  idempotencyKey: string;
  /** Upload chunk size in bytes (the platform's default when absent). */
  chunkSize?: number | undefined;
  /** Wait until the platform has processed the post before the job completes. @default false */
  waitForPublish?: boolean | undefined;
}

const schema = z.object({
  platform: z.enum(["tiktok", "youtube"]),
  account: z.object({
    platform: z.string(),
    id: z.string().check(z.minLength(1)),
    displayName: z.string(),
    credentialKey: z.string().check(z.minLength(1)),
  }),
  media: z.object({ path: z.string().check(z.minLength(1)), contentType: z.optional(z.string()) }),
  options: z.record(z.string(), z.unknown()),
  idempotencyKey: z.string().check(z.minLength(1), z.maxLength(200)),
  chunkSize: z.optional(z.number().check(z.int(), z.positive())),
  waitForPublish: z.optional(z.boolean()),
});

/** The job's data, or a `ValidationError` (never retried: the same data cannot get better). */
export function parseJobData(value: unknown): PublishJobData {
  return parseInput(schema, value, "publish job data") as PublishJobData;
}
