import * as z from "zod/mini";
import { parseInput } from "../validation/parse.js";

/**
 * Everything needed to continue an interrupted upload, from another process if need be. Plain
 * JSON: persist it after each chunk via the upload's `onResumeState`, and pass it back to the
 * platform's resume function with the same source.
 *
 * It holds no access or refresh token, but `sessionUrl` is a credential of its own: a TikTok
 * `upload_url` carries an `upload_token`, and a YouTube session URI accepts bytes without any
 * other authorization until it expires. Store it like a secret and never log it.
 *
 * @group Uploads
 */
export interface ResumeState {
  /** Format version of this object. */
  version: 1;
  /** Which package created it, e.g. `"tiktok"`, `"youtube"`. */
  platform: string;
  /**
   * The upload session URL, when the protocol has one (YouTube session URI, TikTok `upload_url`).
   * Grants upload access by itself: treat it as a secret.
   */
  sessionUrl?: string | undefined;
  /** Platform ids of the upload (TikTok `publish_id`, Meta `upload_session_id`). */
  ids: Record<string, string>;
  /** Bytes the platform has acknowledged. */
  offset: number;
  /** The size of the whole upload in bytes. */
  totalBytes: number;
  /** Chunk size the session was planned with, when the protocol fixes it. */
  chunkSize?: number | undefined;
  /** When the session stops accepting bytes (epoch ms), when known. */
  expiresAt?: number | undefined;
  /** Platform-specific extras needed to resume (never secrets). */
  extra?: Record<string, string | number | boolean> | undefined;
}

const resumeStateSchema = z.object({
  version: z.literal(1),
  platform: z.string().check(z.minLength(1)),
  sessionUrl: z.optional(z.string()),
  ids: z.record(z.string(), z.string()),
  offset: z.number().check(z.int(), z.nonnegative()),
  totalBytes: z.number().check(z.int(), z.nonnegative()),
  chunkSize: z.optional(z.number().check(z.int(), z.positive())),
  expiresAt: z.optional(z.number()),
  extra: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
});

/**
 * Validates a resume state loaded from storage; throws a `ValidationError` when it is not one.
 * @group Uploads
 * @throws {@link ValidationError} when `value` is not a resume state.
 */
export function parseResumeState(value: unknown): ResumeState {
  const state = parseInput(resumeStateSchema, value, "resume state");
  if (state.offset > state.totalBytes) {
    return parseInput(z.never(), state, "resume state (offset beyond totalBytes)");
  }
  return state as ResumeState;
}
