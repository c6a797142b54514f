import { ErrorCode } from "../errors/codes.js";
import { ConflictError } from "../errors/conflict-error.js";
import { StoreError } from "../errors/store-error.js";
import type { PublishJob } from "./publish-job.js";

/** What an idempotency store keeps for one key. @group Contract */
export interface IdempotencyRecord {
  /** The content fingerprint the key was first used with. */
  fingerprint: string;
  /** `started`: a publish under this key is running (or died mid-way); `finished`: `job` is its result. */
  state: "started" | "finished";
  /** The publish's job, once finished. */
  job?: PublishJob | undefined;
  /** When the key was first used, epoch milliseconds. */
  startedAt: number;
}

/**
 * Remembers idempotency keys, shared by every instance of the app (`@postkit/redis` has one on
 * Redis). `begin` must be atomic: of two callers with the same key, exactly one starts.
 * @group Contract
 */
export interface IdempotencyStore {
  /** Records the key as started unless it exists; resolves to the existing record when it does. */
  begin(key: string, record: IdempotencyRecord): Promise<IdempotencyRecord | undefined>;
  /** Records the publish's job under the key. */
  finish(key: string, record: IdempotencyRecord): Promise<void>;
  /** Forgets the key: the publish certainly did not happen, so the key may be used again. */
  abandon(key: string): Promise<void>;
}

/**
 * An {@link IdempotencyStore} in this process's memory. Keys expire after `ttlMs` (default
 * 24 hours), like the platforms' own duplicate windows.
 * @group Contract
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { ttlMs?: number | undefined; now?: (() => number) | undefined } = {}) {
    this.#ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  async begin(key: string, record: IdempotencyRecord): Promise<IdempotencyRecord | undefined> {
    const existing = this.#records.get(key);
    if (existing && existing.startedAt + this.#ttlMs > this.#now()) return structuredClone(existing);
    this.#records.set(key, structuredClone(record));
    return undefined;
  }

  async finish(key: string, record: IdempotencyRecord): Promise<void> {
    this.#records.set(key, structuredClone(record));
  }

  async abandon(key: string): Promise<void> {
    this.#records.delete(key);
  }
}

/**
 * A stable fingerprint of a publish's content: SHA-256 (Web Crypto) over canonical JSON (object
 * keys sorted), hex. Providers fingerprint the account, the options and the media's identity.
 * @group Contract
 */
export async function fingerprint(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(value));
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined && typeof item !== "function")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** @group Contract */
export interface IdempotentPublish {
  /** The store of keys. */
  store: IdempotencyStore;
  /** The app's key for this publish (e.g. its own post id). */
  key: string;
  /** The content fingerprint (see {@link fingerprint}). */
  fingerprint: string;
  /** Clock, for tests. */
  now?: (() => number) | undefined;
}

/**
 * Runs a publish at most once per key: a key seen with other content is a `ConflictError`
 * (`IDEMPOTENCY_CONFLICT`) before any request; a key already finished returns its job without
 * a request; a key still running elsewhere is `IDEMPOTENCY_IN_PROGRESS`. When `publish` throws,
 * nothing was published (an unknown outcome is a job, not an error), so the key is released.
 *
 * @group Contract
 * @throws {@link ConflictError} when the key was used for different content (`IDEMPOTENCY_CONFLICT`) or its first publish is still running.
 * @throws {@link StoreError} when the idempotency store fails; and whatever `publish` throws.
 */
export async function publishOnce(
  options: IdempotentPublish,
  publish: () => Promise<PublishJob>,
): Promise<PublishJob> {
  const { store, key } = options;
  const now = options.now ?? Date.now;
  const record: IdempotencyRecord = { fingerprint: options.fingerprint, state: "started", startedAt: now() };
  const existing = await store.begin(key, record).catch((cause: unknown) => {
    throw new StoreError("The idempotency store could not record the key.", { store: "idempotency", cause });
  });
  if (existing) {
    if (existing.fingerprint !== options.fingerprint) {
      throw new ConflictError(`The idempotency key "${key}" was used before with different content.`, {
        code: ErrorCode.IDEMPOTENCY_CONFLICT,
        key,
        hint: "Use a new key for new content; nothing was sent.",
      });
    }
    if (existing.state === "finished" && existing.job) return existing.job;
    throw new ConflictError(`A publish with the idempotency key "${key}" is already running.`, {
      code: ErrorCode.IDEMPOTENCY_IN_PROGRESS,
      key,
      hint: "Try again later to get its job; if that publish's process died, reconcile before reusing the key.",
    });
  }
  let job: PublishJob;
  try {
    job = await publish();
  } catch (error) {
    await store.abandon(key).catch(() => undefined);
    throw error;
  }
  const finished: PublishJob = { ...job, idempotencyKey: key, fingerprint: options.fingerprint };
  // The post exists now: its job is returned even when the store cannot record it (an error here
  // could lead the app to publish again under a new key). The key then stays `started`, which
  // refuses repeats: safe, never a duplicate.
  for (let attempt = 0; attempt < 3; attempt++) {
    const recorded = await store.finish(key, { ...record, state: "finished", job: finished }).then(
      () => true,
      () => false,
    );
    if (recorded) break;
  }
  return finished;
}
