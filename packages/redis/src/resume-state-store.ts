import { parseResumeState, type ResumeState, StoreError } from "@postkit/core";
import { bounded, keyPart, type RedisStoreOptions, type Resolved, resolve } from "./client.js";

/** @group Stores */
export interface RedisResumeStateStoreOptions extends RedisStoreOptions {
  /**
   * How long a state is kept when it does not say when its session expires (`expiresAt`).
   * @default 604800000 (7 days)
   */
  defaultTtlMs?: number | undefined;
}

/**
 * Where upload resume states live between workers: save one from the upload's `onResumeState`
 * after every acknowledged chunk, and a worker that picks the job up after a crash continues the
 * same upload session with the platform's `resumeUpload`. Each state lives under
 * `<prefix>resume:<key>` until its session expires (`expiresAt`, else `defaultTtlMs`).
 *
 * A state holds the session URL, which grants upload access by itself: keep Redis private.
 * Every call is bounded by `timeoutMs`; Redis down or slow is a `StoreError`.
 *
 * @example
 * ```ts
 * const resume = new RedisResumeStateStore({ client: redis });
 * const saved = await resume.load(job.id);
 * const input = { source, onResumeState: (state) => resume.save(job.id, state) };
 * const result = saved
 *   ? await youtube.resumeUpload(connection, saved, input)
 *   : await youtube.publishVideo(connection, { ...input, options });
 * await resume.delete(job.id);
 * ```
 * @group Stores
 */
export class RedisResumeStateStore {
  readonly #redis: Resolved;
  readonly #defaultTtlMs: number;

  constructor(options: RedisResumeStateStoreOptions) {
    this.#redis = resolve(options, "RedisResumeStateStore");
    this.#defaultTtlMs = options.defaultTtlMs ?? 7 * 86_400_000;
  }

  /** Saves the state under `key`, replacing the previous one, until its session expires. */
  async save(key: string, state: ResumeState): Promise<void> {
    const id = await this.#key(key);
    const ttl =
      state.expiresAt === undefined
        ? this.#defaultTtlMs
        : Math.max(1, Math.ceil(state.expiresAt - Date.now()));
    await bounded(this.#redis, "resume", `save of the resume state "${key}"`, () =>
      this.#redis.client.set(id, JSON.stringify(state), "PX", ttl),
    );
  }

  /** The state saved under `key`, or `undefined` (none, or its session expired). */
  async load(key: string): Promise<ResumeState | undefined> {
    const id = await this.#key(key);
    const json = await bounded(this.#redis, "resume", `load of the resume state "${key}"`, () =>
      this.#redis.client.get(id),
    );
    if (json === null) return undefined;
    try {
      return parseResumeState(JSON.parse(json));
    } catch {
      // Never quote it: it holds the session URL.
      throw new StoreError(`The resume state saved under "${key}" is not a resume state.`, {
        store: "resume",
        hint: "Delete it; the upload then starts over in a new session.",
      });
    }
  }

  /** Forgets the state (the upload finished, or will start over). */
  async delete(key: string): Promise<void> {
    const id = await this.#key(key);
    await bounded(this.#redis, "resume", `delete of the resume state "${key}"`, () =>
      this.#redis.client.del(id),
    );
  }

  async #key(key: string): Promise<string> {
    return `${this.#redis.prefix}resume:${await keyPart(key)}`;
  }
}
