// The token store suite's own tests: a small in-memory store, sound by default, with one
// deliberate flaw each must fail the check named for the promise it breaks; the sound store passes
// every check (so each failure is the flaw's, not the check's), as does core's MemoryTokenStore.
import {
  MemoryTokenStore,
  StoreError,
  type StoredTokens,
  type TokenSet,
  type TokenStore,
  type TokenStoreLock,
  type TokenStoreLockOptions,
} from "@postkit/core";
import { describe, expect, it } from "vitest";
import {
  ConformanceFailure,
  runTokenStoreCheck,
  type TokenStoreConformanceOptions,
  tokenStoreChecks,
} from "../src/conformance/index.js";

type Flaw =
  | "load of a missing key finds another"
  | "cas ignores the revision"
  | "cas reads, then writes later"
  | "a save keeps the revision"
  | "revisions restart after a delete"
  | "hands out the stored object"
  | "drops raw"
  | "trims keys"
  | "delete does nothing"
  | "lock granted to anyone"
  | "release does nothing"
  | "release frees whoever holds the lock"
  | "leases never run out"
  | "ignores the signal";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/** A TokenStore in memory that keeps every promise, except for the one `flaw` it is given. */
class ToyTokenStore implements TokenStore {
  readonly #records = new Map<string, StoredTokens>();
  readonly #locks = new Map<string, { owner: symbol; until: number }>();
  readonly #counters = new Map<string, number>();
  #revisions = 0;

  constructor(readonly flaw?: Flaw) {}

  #key(key: string) {
    return this.flaw === "trims keys" ? key.trim() : key;
  }

  #copy<T>(value: T): T {
    return this.flaw === "hands out the stored object" ? value : structuredClone(value);
  }

  #revision(key: string): string {
    if (this.flaw === "a save keeps the revision") return "r";
    if (this.flaw !== "revisions restart after a delete") return String(++this.#revisions);
    const next = (this.#counters.get(key) ?? 0) + 1;
    this.#counters.set(key, next);
    return String(next);
  }

  async load(key: string): Promise<StoredTokens | undefined> {
    const record =
      this.#records.get(this.#key(key)) ??
      (this.flaw === "load of a missing key finds another" ? [...this.#records.values()][0] : undefined);
    return record && this.#copy(record);
  }

  async compareAndSet(key: string, expected: string | undefined, tokens: TokenSet) {
    const id = this.#key(key);
    if (this.flaw !== "cas ignores the revision" && this.#records.get(id)?.revision !== expected)
      return undefined;
    if (this.flaw === "cas reads, then writes later") await tick();
    const stored = this.flaw === "drops raw" ? { ...tokens, raw: {} } : tokens;
    const record = { tokens: this.#copy(stored), revision: this.#revision(id) };
    this.#records.set(id, record);
    return this.#copy(record);
  }

  async delete(key: string): Promise<void> {
    if (this.flaw === "delete does nothing") return;
    this.#records.delete(this.#key(key));
    if (this.flaw === "revisions restart after a delete") this.#counters.delete(this.#key(key));
  }

  async lock(key: string, options: TokenStoreLockOptions): Promise<TokenStoreLock> {
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      if (this.flaw !== "ignores the signal") options.signal?.throwIfAborted();
      const held = this.#locks.get(key);
      const expired = held && held.until <= Date.now() && this.flaw !== "leases never run out";
      if (!held || expired || this.flaw === "lock granted to anyone") {
        const owner = Symbol(key);
        this.#locks.set(key, { owner, until: Date.now() + options.leaseMs });
        return { release: async () => this.#release(key, owner) };
      }
      if (Date.now() >= deadline) {
        throw new StoreError(`The lock on "${key}" was not free within ${options.waitMs} ms.`, {
          store: "tokens",
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  #release(key: string, owner: symbol) {
    if (this.flaw === "release does nothing") return;
    if (this.flaw === "release frees whoever holds the lock" || this.#locks.get(key)?.owner === owner) {
      this.#locks.delete(key);
    }
  }
}

const toy = (flaw?: Flaw): TokenStoreConformanceOptions => ({ create: () => new ToyTokenStore(flaw) });

const mutations: Array<[Flaw, string]> = [
  ["load of a missing key finds another", "tokens.load.missing"],
  ["cas ignores the revision", "tokens.cas.revision"],
  ["cas reads, then writes later", "tokens.cas.concurrent"],
  ["a save keeps the revision", "tokens.cas.revision"],
  ["revisions restart after a delete", "tokens.delete"],
  ["hands out the stored object", "tokens.copies"],
  ["drops raw", "tokens.cas.create"],
  ["trims keys", "tokens.keys"],
  ["delete does nothing", "tokens.delete"],
  ["lock granted to anyone", "tokens.lock.exclusive"],
  ["release does nothing", "tokens.lock.exclusive"],
  ["release frees whoever holds the lock", "tokens.lock.stale-release"],
  ["leases never run out", "tokens.lock.lease"],
  ["ignores the signal", "tokens.lock.abort"],
];

const byId = (id: string) => {
  const check = tokenStoreChecks.find((candidate) => candidate.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check;
};

describe("the token store suite passes sound stores", () => {
  it.each(tokenStoreChecks.map((check) => [check.id, check] as const))("[%s]", async (_id, check) => {
    await expect(runTokenStoreCheck(check, toy())).resolves.toBeUndefined();
    await expect(
      runTokenStoreCheck(check, { create: () => new MemoryTokenStore() }),
    ).resolves.toBeUndefined();
  });
});

describe("each deliberate flaw fails the token store check named for its promise", () => {
  it.each(mutations)("%s → [%s]", async (flaw, id) => {
    const error = await runTokenStoreCheck(byId(id), toy(flaw)).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConformanceFailure);
    expect((error as Error).message.startsWith(`[${id}] `)).toBe(true);
  });
});

describe("the token store suite's shape", () => {
  it("has unique ids, each with a promise, and every check is broken by some flaw above", () => {
    const ids = tokenStoreChecks.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id.startsWith("tokens.")).toBe(true);
    const broken = new Set(mutations.map(([, id]) => id));
    // Checks no flaw here breaks: replace (core's own loop over load and compareAndSet, broken
    // only by flaws the checks above already catch) and the lock hand-on (a store that never
    // grants a waiter fails it only after its 5 s wait).
    expect(ids.filter((id) => !broken.has(id))).toEqual(["tokens.replace", "tokens.lock.handoff"]);
  });

  it("a store without a lock fails the lock checks with a hint to say so", async () => {
    const store = new MemoryTokenStore();
    const lockless: TokenStore = {
      load: (key) => store.load(key),
      compareAndSet: (key, revision, tokens) => store.compareAndSet(key, revision, tokens),
      delete: (key) => store.delete(key),
    };
    await expect(
      runTokenStoreCheck(byId("tokens.lock.exclusive"), { create: () => lockless }),
    ).rejects.toThrow(/^\[tokens\.lock\.exclusive\] The store has no lock; pass `lock: false`/);
  });

  it("runs cleanup after a failed check too", async () => {
    let cleaned = 0;
    await expect(
      runTokenStoreCheck(byId("tokens.delete"), {
        ...toy("delete does nothing"),
        cleanup: () => void cleaned++,
      }),
    ).rejects.toThrow(ConformanceFailure);
    expect(cleaned).toBe(1);
  });
});
