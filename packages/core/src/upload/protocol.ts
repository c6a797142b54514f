// What a platform gives the upload engine (`runUpload`): only its wire protocol. The engine owns
// the loop, reading, buffers, retries, abort, callbacks and the checks on what servers claim.
import type { ResumeState } from "./resume-state.js";

/**
 * What the server said after a send, a probe or a completion check.
 * - `{ done: false, offset }`: the server holds bytes `[0, offset)`; `sessionUrl` when it moved
 *   the session (YouTube's `Location` on a 308). The engine checks the offset against what it
 *   sent before trusting it.
 * - `{ done: true, result }`: the platform's own completion signal (YouTube's 200/201 with the
 *   video). The engine never infers completion from an offset alone.
 *
 * @group Uploads
 */
export type UploadStep<Result> =
  | {
      /** More bytes to go. */
      readonly done: false;
      /** Bytes the server now holds: the next range starts here. */
      readonly offset: number;
      /** A session URL the server moved the upload to, when it did. */
      readonly sessionUrl?: string | undefined;
    }
  | {
      /** The platform signalled completion. */
      readonly done: true;
      /** What the upload produced (a video resource, a publish id). */
      readonly result: Result;
    };

/**
 * How the engine should treat a failed send or probe, from {@link UploadProtocol.classify}:
 * - `retry`: transient (network, 5xx, 429): counted against the retry budget, waited out
 *   (`Retry-After` or backoff), then the protocol's `probe` runs (when it has one) or the same
 *   range is sent again. `error` is what `onRetry` reports (defaults to the error itself).
 * - `resync`: the server disagrees about the offset (TikTok's 416): continue from `offset`, or
 *   probe when it is unknown. Counted like a send unless it moves past the most ever acknowledged.
 * - `refresh`: the credentials expired (401): the engine refreshes once, then probes or resends.
 *   A second one before any progress stops the upload.
 * - `fatal`: stop with `error` (build it with the resume state you are given when the session
 *   survives, without it when the session is gone).
 *
 * @group Uploads
 */
export type UploadFailure =
  | {
      /** Wait, then probe or resend. */
      readonly action: "retry";
      /** What `onRetry` reports. */
      readonly error?: unknown;
    }
  | {
      /** The server disagrees about the offset. */
      readonly action: "resync";
      /** Where the server says it stands, when it said. */
      readonly offset?: number | undefined;
      /** What `onRetry` reports. */
      readonly error?: unknown;
    }
  | {
      /** The credentials expired: refresh once. */
      readonly action: "refresh";
    }
  | {
      /** Stop the upload. */
      readonly action: "fatal";
      /** The error the upload ends with. */
      readonly error: unknown;
    };

/**
 * One range for the protocol to send: `bytes` is exactly `end - start` long. It belongs to the
 * engine: do not keep it after the returned promise settles (the engine reuses the memory).
 *
 * @group Uploads
 */
export interface UploadChunk {
  /** First byte (inclusive). */
  readonly start: number;
  /** Byte after the last one (exclusive). */
  readonly end: number;
  /** The bytes `[start, end)`. */
  readonly bytes: Uint8Array;
  /** Aborts the request: the app's signal, and the engine's own once the send is over. */
  readonly signal: AbortSignal;
}

/**
 * The rest of the file as one streamed body (single-request mode): `[start, totalBytes)`.
 * @group Uploads
 */
export interface UploadStreamBody {
  /** First byte (inclusive). */
  readonly start: number;
  /** `totalBytes`. */
  readonly end: number;
  /** The bytes, pulled as the transport sends them; send `end - start` as the content length. */
  readonly body: ReadableStream<Uint8Array>;
  /** Aborts the request: the app's signal, or the engine's idle timeout. */
  readonly signal: AbortSignal;
}

/**
 * A platform's upload wire protocol, driven by {@link runUpload}. One object per upload; it may
 * keep the session (URL, ids) as state.
 *
 * Ranges always start at the acknowledged offset; the protocol says where each one ends. Read-ahead
 * asks for the next range's end before the current send is answered, so `rangeEnd` must depend on
 * the offset alone unless `rangesFromServer` is set (Facebook's start/transfer/finish, where each
 * answer dictates the next range): then the engine asks only after the answer, and reads no
 * further ahead.
 *
 * @group Uploads
 */
export interface UploadProtocol<Result> {
  /** The platform name for messages, e.g. `"youtube"`. */
  readonly platform: string;
  /** The size of the whole upload in bytes. */
  readonly totalBytes: number;
  /** The server dictates each range in its answers: no read-ahead. @default false */
  readonly rangesFromServer?: boolean | undefined;
  /** Where the range that starts at `offset` ends (exclusive, at most `totalBytes`). */
  rangeEnd(offset: number): number;
  /** Sends one range. Throw on failure; the engine asks `classify` what it means. */
  send(chunk: UploadChunk): Promise<UploadStep<Result>>;
  /** Sends `[start, totalBytes)` as one streamed request (single-request mode), when supported. */
  sendStream?(stream: UploadStreamBody): Promise<UploadStep<Result>>;
  /**
   * Asks the server how many bytes it holds (YouTube's `bytes *\/TOTAL`). Run before a resumed
   * upload's first send and after every interruption. Without it the engine resends the range.
   */
  probe?(signal: AbortSignal): Promise<UploadStep<Result>>;
  /**
   * Every byte is acknowledged but no completion signal came: fetch it (YouTube probes for the
   * video) or, when the protocol's acknowledgement of the last byte is its completion (TikTok),
   * return `{ done: true }`. Without it such an upload ends in an `UploadError`.
   */
  complete?(signal: AbortSignal): Promise<UploadStep<Result>>;
  /** What a thrown error means. `state` is the resume state at the acknowledged offset. */
  classify(error: unknown, state: ResumeState): UploadFailure;
  /** Gets fresh credentials after a `refresh` failure. Without it `refresh` is fatal. */
  refresh?(signal: AbortSignal): Promise<void>;
  /** The session URL now in use, when the protocol has one. */
  readonly sessionUrl?: string | undefined;
  /**
   * Whether bytes (and credentials) may go to `url`: a resumed state's session URL and any URL a
   * server moves the session to are checked with it first. Call the package's `isTrustedUrl` here.
   */
  trusts?(url: string): boolean;
  /** Switches to a session URL the server moved the upload to (already checked with `trusts`). */
  moveSession?(url: string): void;
  /** The serializable state to continue from `offset` (see `ResumeState`). */
  resumeState(offset: number): ResumeState;
}
