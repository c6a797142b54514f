// The one upload loop every platform runs: reading (one chunk ahead, into reused buffers), the
// retry budget, backoff and Retry-After, abort, progress and resume-state callbacks,
// one refresh per 401, trust checks on session URLs, and a high-water mark so no server can make
// the upload loop forever or skip bytes. Platforms supply only their protocol (protocol.ts).
import { ErrorCode } from "../errors/codes.js";
import { NetworkError } from "../errors/network-error.js";
import { PostkitError } from "../errors/postkit-error.js";
import { ResponseShapeError } from "../errors/response-shape-error.js";
import { ValidationError } from "../errors/validation-error.js";
import type { Logger } from "../http/logger.js";
import { backoffDelay, type RetryAttempt, type RetryPolicy, resolveRetryPolicy } from "../http/retry.js";
import { sleep as defaultSleep } from "../http/sleep.js";
import { originForMessage } from "../http/trusted-url.js";
import { ChunkReader } from "./chunk-reader.js";
import {
  aborted,
  budgetSpent,
  Counted,
  credentialsFailed,
  implausible,
  Stop,
  sourceFailed,
  waitTooLong,
} from "./engine-errors.js";
import type { ProgressListener } from "./progress.js";
import type { UploadProtocol, UploadStep } from "./protocol.js";
import type { ResumeState } from "./resume-state.js";
import type { UploadSource } from "./source.js";
import { IdleTimeout, streamBody } from "./stream-body.js";

/** Options of {@link runUpload}. @group Uploads */
export interface RunUploadOptions {
  /** The bytes; `size` must equal the protocol's `totalBytes`. */
  source: UploadSource;
  /** The acknowledged offset to continue from. @default 0 */
  offset?: number | undefined;
  /**
   * A saved session is being continued: its session URL is checked with `trusts` before any
   * request, the protocol's `probe` runs first, and the first answer may be ahead of what this
   * process sent (another process may have sent more than the saved state says).
   */
  resumed?: boolean | undefined;
  /** `chunked`: one request per range. `stream`: the rest of the file in one streamed request. @default "chunked" */
  mode?: "chunked" | "stream" | undefined;
  /** Failures in a row without progress, and their waits. */
  retry?: Partial<RetryPolicy> | undefined;
  /** Stops the upload with an `UploadError` carrying the resume state. */
  signal?: AbortSignal | undefined;
  /** Acknowledged bytes after every answer that moved them (in `stream` mode: bytes handed to the transport). */
  onProgress?: ProgressListener | undefined;
  /** The state to persist after every answer that moved the offset or the session. Its errors stop the upload as they are. */
  onResumeState?: ((state: ResumeState) => void | Promise<void>) | undefined;
  /** Called before each wait of a retry. */
  onRetry?: ((retry: RetryAttempt) => void) | undefined;
  /** Retries are reported at `info`. */
  logger?: Logger | undefined;
  /** The wait between attempts (tests pass a fake clock's). @default core's `sleep` */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** The jitter source. @default Math.random */
  random?: (() => number) | undefined;
  /** `stream` mode: abort a request after this long without a byte pulled or an answer. @default 60000 */
  idleTimeoutMs?: number | undefined;
}

/**
 * Runs an upload to its end with `protocol`: resolves with the protocol's result once the platform
 * signals completion. Stops with an `UploadError` (`UPLOAD_INTERRUPTED` with `resumeState` after
 * an abort, a spent retry budget or an implausible answer; whatever the protocol's `classify`
 * returns as fatal), a `SourceError` with `resumeState` when the source fails, or the error of
 * `onResumeState` as it is.
 *
 * @example
 * ```ts
 * const video = await runUpload(protocol, { source, retry: { retries: 10 }, signal, onProgress });
 * ```
 * @group Uploads
 * @throws {@link UploadError} (with `resumeState`) when the upload is aborted, its retry budget is spent, or the server answers implausibly.
 * @throws {@link SourceError} (with `resumeState`) when the source cannot be read; {@link ValidationError} when the options are invalid.
 */
export async function runUpload<Result>(
  protocol: UploadProtocol<Result>,
  options: RunUploadOptions,
): Promise<Result> {
  return new UploadRun(protocol, options).run();
}

interface Held {
  start: number;
  end: number;
  bytes: Uint8Array;
  buffer: ArrayBuffer | undefined;
}

class UploadRun<Result> {
  readonly #protocol: UploadProtocol<Result>;
  readonly #options: RunUploadOptions;
  readonly #policy: RetryPolicy;
  readonly #signal: AbortSignal | undefined;
  readonly #reader: ChunkReader;
  readonly #total: number;
  #offset: number;
  /** The most the server ever acknowledged: only going past it is progress. */
  #highWater: number;
  /** The end of everything this process handed to the transport: no server can hold more. */
  #ceiling: number;
  /** A resumed session's first answer may be ahead of the ceiling (another process sent it). */
  #mayBeAhead: boolean;
  #probeNext: boolean;
  #refreshed = false;
  #reported: number | undefined;
  #held: Held | undefined;

  constructor(protocol: UploadProtocol<Result>, options: RunUploadOptions) {
    this.#protocol = protocol;
    this.#options = options;
    this.#policy = resolveRetryPolicy(options.retry);
    this.#signal = options.signal;
    this.#total = protocol.totalBytes;
    this.#offset = options.offset ?? 0;
    this.#highWater = this.#offset;
    this.#ceiling = this.#offset;
    this.#mayBeAhead = options.resumed === true;
    this.#probeNext = options.resumed === true && protocol.probe !== undefined;
    this.#reader = new ChunkReader(options.source, options.signal);
  }

  async run(): Promise<Result> {
    this.#check();
    try {
      for (;;) {
        const done = await this.#budgeted();
        if (done) {
          this.#report(this.#total);
          return done.result;
        }
      }
    } finally {
      if (this.#held) this.#reader.release(this.#held);
      this.#held = undefined;
      await this.#reader.settle();
      await this.#options.source.release?.().catch(() => undefined);
    }
  }

  #check(): void {
    const { source } = this.#options;
    if (source.size !== this.#total) {
      throw new ValidationError(`The source has ${source.size} bytes but the upload is of ${this.#total}.`, {
        issues: [{ path: ["source", "size"], message: `must be ${this.#total}` }],
      });
    }
    if (!Number.isSafeInteger(this.#offset) || this.#offset < 0 || this.#offset > this.#total) {
      throw new ValidationError(
        `Offset ${this.#offset} is not a byte position of a ${this.#total}-byte upload.`,
      );
    }
    const url = this.#protocol.sessionUrl;
    if (this.#options.resumed && url !== undefined && this.#protocol.trusts && !this.#protocol.trusts(url)) {
      throw new ValidationError(
        `${this.#protocol.platform}: the resume state's session URL is on ${originForMessage(url)}, which is not ` +
          `one of ${this.#protocol.platform}'s upload hosts nor the configured base URL; postkit does not send the video there.`,
        { issues: [{ path: ["sessionUrl"], message: "not a trusted upload host" }] },
      );
    }
  }

  #state(): ResumeState {
    return this.#protocol.resumeState(this.#offset);
  }

  /** Runs until progress (a fresh budget each time) or completion. */
  async #budgeted(): Promise<{ result: Result } | undefined> {
    const policy = this.#policy;
    const signal = this.#signal;
    let tooLong: { ms: number; cause: unknown } | undefined;
    try {
      // Attempt after attempt while the budget lasts; each failure counts against it. Its own
      // loop rather than p-retry's: p-retry 7 has no per-attempt delay, so it could not wait the
      // server's Retry-After instead of its backoff without its own timing switched off.
      for (let attempt = 1; ; attempt++) {
        signal?.throwIfAborted();
        let error: unknown;
        try {
          const result = await this.#untilProgress();
          signal?.throwIfAborted();
          return result;
        } catch (caught) {
          error = caught;
        }
        const retriesLeft = Math.max(0, policy.retries - (attempt - 1));
        if (!(error instanceof Counted) || retriesLeft <= 0) throw error;
        const retryAfter = retryAfterOf(error.cause);
        if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) {
          tooLong = { ms: retryAfter, cause: error.cause };
          throw error;
        }
        const wait = retryAfter ?? backoffDelay(attempt, policy, this.#options.random);
        this.#options.onRetry?.({ attempt, error: error.cause, delayMs: wait });
        this.#options.logger?.info?.(`${this.#protocol.platform}: retrying the transfer in ${wait} ms`, {
          attempt,
          reason: PostkitError.isInstance(error.cause) ? error.cause.code : "unknown",
        });
        await (this.#options.sleep ?? defaultSleep)(wait, signal);
      }
    } catch (error) {
      const platform = this.#protocol.platform;
      if (this.#signal?.aborted) throw aborted(platform, this.#state(), this.#signal.reason);
      if (error instanceof Stop) throw error.error;
      if (tooLong) throw waitTooLong(platform, this.#state(), tooLong.ms, tooLong.cause);
      if (error instanceof Counted)
        throw budgetSpent(platform, this.#state(), policy.retries + 1, error.cause);
      throw error;
    }
  }

  /** One attempt: steps until the high-water mark moves or the platform says done. */
  async #untilProgress(): Promise<{ result: Result } | undefined> {
    for (;;) {
      if (this.#signal?.aborted)
        throw new Stop(aborted(this.#protocol.platform, this.#state(), this.#signal.reason));
      // A real macrotask per step, so timers (an abort, a timeout) fire even when every answer
      // comes in-process and the loop would otherwise run on microtasks alone.
      await defaultSleep(0, this.#signal).catch(() => undefined);
      if (this.#signal?.aborted) continue;
      const kind = this.#probeNext ? "probe" : this.#offset >= this.#total ? "complete" : "send";
      let step: UploadStep<Result>;
      try {
        step = await this.#request(kind);
      } catch (error) {
        if (error instanceof Stop) throw error;
        if (this.#signal?.aborted)
          throw new Stop(aborted(this.#protocol.platform, this.#state(), this.#signal.reason));
        if (await this.#failed(error)) return undefined;
        continue;
      }
      if (step.done) return { result: step.result };
      const progressed = await this.#acknowledge(step);
      if (kind === "probe") this.#probeNext = false;
      if (progressed) return undefined;
      // An answer that moved nothing new: a failure like any other, or a server that never
      // moves would keep the upload sending forever. A probe's answer is not one: its failure was counted.
      if (kind !== "probe") {
        throw new Counted(
          new PostkitError(
            `${this.#protocol.platform}: the server acknowledged no new bytes (it has ${step.offset} of ${this.#total}).`,
            { code: ErrorCode.UPLOAD_INTERRUPTED, retryable: true },
          ),
        );
      }
    }
  }

  async #request(kind: "probe" | "complete" | "send"): Promise<UploadStep<Result>> {
    const protocol = this.#protocol;
    const link = linkedController(this.#signal);
    try {
      if (kind === "probe") return await protocol.probe!(link.signal);
      if (kind === "complete") {
        if (!protocol.complete) {
          throw new Stop(
            implausible(
              protocol.platform,
              this.#state(),
              "every byte was acknowledged, but the platform never confirmed completion.",
            ),
          );
        }
        return await protocol.complete(link.signal);
      }
      if (this.#options.mode === "stream" && protocol.sendStream) return await this.#sendStream(link);
      return await this.#sendChunk(link.signal);
    } finally {
      // Once the send is over nothing may read its buffer again: abort whatever fetch still holds.
      link.dispose();
    }
  }

  async #sendChunk(signal: AbortSignal): Promise<UploadStep<Result>> {
    const protocol = this.#protocol;
    const start = this.#offset;
    const end = protocol.rangeEnd(start);
    if (!Number.isSafeInteger(end) || end <= start || end > this.#total) {
      throw new Stop(
        new ValidationError(`${protocol.platform}: the protocol gave an invalid range [${start}, ${end}).`),
      );
    }
    let held = this.#held;
    // A retry of the same range sends the bytes already in memory again.
    if (!held || held.start !== start || held.end !== end) {
      if (held) this.#reader.release(held);
      this.#held = undefined;
      try {
        held = await this.#reader.take(start, end);
      } catch (error) {
        if (this.#signal?.aborted) throw error;
        throw new Stop(sourceFailed(this.#state(), error));
      }
      this.#held = held;
    }
    if (!protocol.rangesFromServer && end < this.#total) this.#reader.prefetch(end, protocol.rangeEnd(end));
    this.#ceiling = Math.max(this.#ceiling, end);
    return protocol.send({ start, end, bytes: held.bytes, signal });
  }

  async #sendStream(link: ReturnType<typeof linkedController>): Promise<UploadStep<Result>> {
    const start = this.#offset;
    const stream = streamBody(this.#options.source, start, this.#total, {
      signal: this.#signal,
      idleMs: this.#options.idleTimeoutMs ?? 60_000,
      onIdle: (reason) => link.controller.abort(reason),
      onSent: (position) => {
        this.#ceiling = Math.max(this.#ceiling, position);
        this.#report(position);
      },
    });
    try {
      return await this.#protocol.sendStream!({
        start,
        end: this.#total,
        body: stream.body,
        signal: link.signal,
      });
    } catch (error) {
      const failure = stream.failure();
      if (failure && !this.#signal?.aborted) throw new Stop(sourceFailed(this.#state(), failure.error));
      const reason: unknown = link.signal.reason;
      if (reason instanceof IdleTimeout && !this.#signal?.aborted) {
        throw new NetworkError(
          `${this.#protocol.platform}: the streamed request stopped: ${reason.message}.`,
          {
            method: "PUT",
            url: originForMessage(this.#protocol.sessionUrl ?? ""),
            timeout: true,
            cause: reason,
          },
        );
      }
      throw error;
    } finally {
      stream.dispose();
    }
  }

  /** Handles a failed request; `true` when it resynced past the high-water mark (progress). */
  async #failed(error: unknown): Promise<boolean> {
    const protocol = this.#protocol;
    const failure = protocol.classify(error, this.#state());
    switch (failure.action) {
      case "fatal":
        throw new Stop(failure.error);
      case "retry":
        // After an interruption, ask the server what it holds before sending again.
        this.#probeNext = protocol.probe !== undefined;
        throw new Counted(failure.error ?? error);
      case "resync": {
        if (failure.offset === undefined) {
          if (!protocol.probe) {
            throw new Stop(
              implausible(
                protocol.platform,
                this.#state(),
                "the server rejected the range without saying what it holds.",
                error,
              ),
            );
          }
          this.#probeNext = true;
          throw new Counted(failure.error ?? error);
        }
        if (await this.#acknowledge({ offset: failure.offset })) return true;
        throw new Counted(failure.error ?? error);
      }
      case "refresh": {
        if (!protocol.refresh || this.#refreshed) {
          throw new Stop(credentialsFailed(protocol.platform, this.#state(), error));
        }
        this.#refreshed = true;
        this.#probeNext = protocol.probe !== undefined;
        try {
          await protocol.refresh(this.#signal ?? new AbortController().signal);
        } catch (refreshError) {
          if (this.#signal?.aborted)
            throw new Stop(aborted(protocol.platform, this.#state(), this.#signal.reason));
          if (!(PostkitError.isInstance(refreshError) && refreshError.retryable)) {
            throw new Stop(credentialsFailed(protocol.platform, this.#state(), refreshError));
          }
          // A refresh that failed on the way: wait, and let the next 401 refresh again.
          this.#refreshed = false;
          throw new Counted(refreshError);
        }
        return false;
      }
    }
  }

  /** Takes an offset the server claims; `true` when it is past the high-water mark. */
  async #acknowledge(step: { offset: number; sessionUrl?: string | undefined }): Promise<boolean> {
    const protocol = this.#protocol;
    const { offset } = step;
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > this.#total) {
      throw new Stop(
        implausible(
          protocol.platform,
          this.#state(),
          `the server acknowledged ${offset} bytes of a ${this.#total}-byte upload.`,
        ),
      );
    }
    if (offset > this.#ceiling && !this.#mayBeAhead) {
      throw new Stop(
        implausible(
          protocol.platform,
          this.#state(),
          `the server claims ${offset} bytes, but only ${this.#ceiling} were sent.`,
        ),
      );
    }
    this.#mayBeAhead = false;
    this.#ceiling = Math.max(this.#ceiling, offset);
    const moved = step.sessionUrl !== undefined && step.sessionUrl !== protocol.sessionUrl;
    if (moved && !protocol.trusts?.(step.sessionUrl!)) {
      // Not followed: the next request would carry the credentials to that host.
      throw new Stop(
        implausible(
          protocol.platform,
          this.#state(),
          `the server moved the upload session to ${originForMessage(step.sessionUrl!)}, which is not one of its upload hosts; ` +
            "the resume state keeps the previous session URL.",
          new ResponseShapeError("Unexpected Location: not one of the platform's upload hosts.", {
            issues: [{ path: ["headers", "location"], message: "not a trusted upload host" }],
            body: undefined,
          }),
        ),
      );
    }
    if (moved) protocol.moveSession?.(step.sessionUrl!);
    const before = this.#offset;
    this.#offset = offset;
    const progressed = offset > this.#highWater;
    if (progressed) {
      this.#highWater = offset;
      this.#refreshed = false;
    }
    if (offset !== before || moved) {
      this.#report(offset);
      try {
        await this.#options.onResumeState?.(this.#state());
      } catch (error) {
        throw new Stop(error);
      }
    }
    return progressed;
  }

  #report(bytesSent: number): void {
    if (bytesSent === this.#reported) return;
    this.#reported = bytesSent;
    this.#options.onProgress?.({ bytesSent, totalBytes: this.#total });
  }
}

/** A signal that follows `parent` and that the engine aborts itself once a request is over. */
function linkedController(parent: AbortSignal | undefined) {
  const controller = new AbortController();
  const follow = () => controller.abort(parent?.reason);
  if (parent?.aborted) follow();
  else parent?.addEventListener("abort", follow, { once: true });
  return {
    controller,
    signal: controller.signal,
    dispose: () => {
      parent?.removeEventListener("abort", follow);
      if (!controller.signal.aborted) controller.abort(new Error("the request is over"));
    },
  };
}

function retryAfterOf(error: unknown): number | undefined {
  return PostkitError.isInstance(error) && typeof error.retryAfterMs === "number"
    ? error.retryAfterMs
    : undefined;
}
