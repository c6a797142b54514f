// The promises of core's TokenStore interface (its TSDoc), one check each. Every check gets fresh,
// empty storage; `peer` is a second instance on the same storage (another process or connection)
// when the store has one, so "exactly one wins" is also checked across instances.
import {
  replaceStoredTokens,
  StoreError,
  type TokenSet,
  type TokenStore,
  type TokenStoreLock,
  type TokenStoreLockOptions,
} from "@postkit/core";
import { isDeepStrictEqual } from "node:util";
import { assert, ConformanceFailure, describe, refusal, succeeds } from "./assert.js";

/** What a token store check runs against. */
export interface TokenStoreCheckEnv {
  /** The store under test, on fresh, empty storage. */
  store: TokenStore;
  /** Another instance on the same storage (or `store` itself when the store has no such thing). */
  peer: TokenStore;
}

/**
 * One promise of core's `TokenStore` interface, as a plain async function:
 * `describeTokenStoreConformance` wraps each in an `it` titled `[id] promise`.
 */
export interface TokenStoreCheck {
  /** A stable id, e.g. `tokens.cas.revision`: the name a failure is reported under. */
  id: string;
  /** The promise, in one sentence. */
  promise: string;
  /** Whether the check needs the store's optional `lock`. */
  needsLock: boolean;
  /** Throws when the store breaks the promise. */
  run(env: TokenStoreCheckEnv): Promise<void>;
}

/** A token set with every field filled, nested `raw` included, so a lossy store shows. */
const tokens = (accessToken: string): TokenSet => ({
  accessToken,
  tokenType: "Bearer",
  refreshToken: `rt-${accessToken}`,
  expiresAt: 1_900_000_000_000,
  refreshTokenExpiresAt: 1_950_000_000_000,
  scopes: ["a", "b"],
  raw: { open_id: "o-1", nested: { value: 1, list: [1, 2] } },
});

const LONG_LEASE = 10_000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function locker(store: TokenStore): (key: string, options: TokenStoreLockOptions) => Promise<TokenStoreLock> {
  const { lock } = store;
  if (!lock) throw new ConformanceFailure("The store has no lock; pass `lock: false` if it provides none.");
  return (key, options) => lock.call(store, key, options);
}

/** Resolves when the lock is refused with the store's "not free" `StoreError`. */
async function refusedLock(store: TokenStore, key: string, what: string, waitMs = 50): Promise<void> {
  const error = await refusal(locker(store)(key, { leaseMs: LONG_LEASE, waitMs }), what);
  assert(
    StoreError.isInstance(error) && error.store === "tokens",
    `${what} failed with ${describe(error)}, not a StoreError with store "tokens".`,
  );
}

const same = (a: unknown, b: unknown) =>
  isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));

const records: TokenStoreCheck[] = [
  {
    id: "tokens.load.missing",
    promise: "load resolves to undefined for a key that was never saved, and keys are independent",
    needsLock: false,
    async run({ store }) {
      assert((await store.load("k")) === undefined, "load of a key never saved resolved to a record.");
      await succeeds(store.compareAndSet("k", undefined, tokens("one")), "compareAndSet on an empty key");
      assert((await store.load("other")) === undefined, 'Saving "k" made a record appear under "other".');
    },
  },
  {
    id: "tokens.cas.create",
    promise:
      "compareAndSet with no expected revision saves on an empty key and resolves to the record load returns",
    needsLock: false,
    async run({ store, peer }) {
      const saved = await succeeds(store.compareAndSet("k", undefined, tokens("one")), "compareAndSet");
      assert(saved !== undefined, "compareAndSet(key, undefined) on an empty key resolved to undefined.");
      assert(
        typeof saved.revision === "string" && saved.revision.length > 0,
        "The revision is not a string.",
      );
      assert(same(saved.tokens, tokens("one")), "compareAndSet resolved to other tokens than it was given.");
      assert(
        same(await store.load("k"), saved),
        "load does not resolve to the record compareAndSet returned.",
      );
      assert(
        same(await peer.load("k"), saved),
        "Another instance on the same storage does not see the record.",
      );
    },
  },
  {
    id: "tokens.cas.revision",
    promise: "compareAndSet writes only over the expected revision, and every save makes a new revision",
    needsLock: false,
    async run({ store }) {
      const first = await store.compareAndSet("k", undefined, tokens("one"));
      assert(first, "compareAndSet(key, undefined) on an empty key resolved to undefined.");
      assert(
        (await store.compareAndSet("k", undefined, tokens("lost"))) === undefined,
        "compareAndSet expecting nothing stored overwrote a stored grant.",
      );
      assert(
        (await store.compareAndSet("k", "not-a-revision", tokens("lost"))) === undefined,
        "compareAndSet with a revision that was never issued wrote.",
      );
      assert(same(await store.load("k"), first), "A refused compareAndSet changed the stored record.");
      const second = await store.compareAndSet("k", first.revision, tokens("two"));
      assert(second, "compareAndSet over the current revision resolved to undefined.");
      assert(
        second.revision !== first.revision,
        "A save kept the old revision; it must change on every save.",
      );
      assert(
        (await store.compareAndSet("k", first.revision, tokens("lost"))) === undefined,
        "compareAndSet over a spent revision wrote.",
      );
      assert(same(await store.load("k"), second), "load does not return the last saved record.");
    },
  },
  {
    id: "tokens.cas.concurrent",
    promise: "of many concurrent compareAndSets on one revision, across instances, exactly one wins",
    needsLock: false,
    async run({ store, peer }) {
      const base = await store.compareAndSet("k", undefined, tokens("base"));
      assert(base, "compareAndSet(key, undefined) on an empty key resolved to undefined.");
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? peer : store).compareAndSet("k", base.revision, tokens(`t${i}`)),
        ),
      );
      const winners = results.filter((result) => result !== undefined);
      assert(
        winners.length === 1,
        `${winners.length} of 12 concurrent writers on one revision won; exactly one must.`,
      );
      const stored = await store.load("k");
      assert(
        stored?.tokens.accessToken === winners[0]?.tokens.accessToken,
        "The stored tokens are not the winner's.",
      );
      const fresh = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? peer : store).compareAndSet("n", undefined, tokens(`n${i}`)),
        ),
      );
      const created = fresh.filter((result) => result !== undefined).length;
      assert(created === 1, `${created} of 6 concurrent writers on an empty key won; exactly one must.`);
    },
  },
  {
    id: "tokens.copies",
    promise:
      "tokens are copied in and out: changing a saved, returned or loaded object changes nothing stored",
    needsLock: false,
    async run({ store }) {
      const original = tokens("one");
      const saved = await store.compareAndSet("k", undefined, original);
      assert(saved, "compareAndSet(key, undefined) on an empty key resolved to undefined.");
      original.scopes.push("changed");
      (original.raw.nested as { value: number }).value = 2;
      saved.tokens.scopes.push("changed too");
      const loaded = await store.load("k");
      assert(
        same(loaded?.tokens, tokens("one")),
        "Changing the object given to or returned by compareAndSet changed the store.",
      );
      if (loaded) {
        loaded.tokens.accessToken = "changed";
        (loaded.tokens.raw.nested as { value: number }).value = 3;
      }
      assert(
        same((await store.load("k"))?.tokens, tokens("one")),
        "Changing a loaded object changed the store.",
      );
    },
  },
  {
    id: "tokens.keys",
    promise: "any string is a key: separators, path segments, braces and non-ASCII keys are stored apart",
    needsLock: false,
    async run({ store }) {
      const keys = ["tiktok:user-1", "tiktok:../../etc/passwd", "a{b}c d", "ключ/ü", "tiktok:user-1 "];
      for (const [i, key] of keys.entries()) {
        assert(
          await store.compareAndSet(key, undefined, tokens(`t${i}`)),
          `compareAndSet of key ${JSON.stringify(key)} failed.`,
        );
      }
      for (const [i, key] of keys.entries()) {
        const loaded = await store.load(key);
        assert(
          loaded?.tokens.accessToken === `t${i}`,
          `Key ${JSON.stringify(key)} loaded another key's tokens.`,
        );
      }
    },
  },
  {
    id: "tokens.delete",
    promise:
      "delete removes the grant, deleting a missing one is fine, and an old revision never matches a new grant",
    needsLock: false,
    async run({ store, peer }) {
      const first = await store.compareAndSet("k", undefined, tokens("one"));
      assert(first, "compareAndSet(key, undefined) on an empty key resolved to undefined.");
      await succeeds(store.delete("k"), "delete");
      assert((await store.load("k")) === undefined, "load resolved to a record after delete.");
      assert((await peer.load("k")) === undefined, "Another instance still sees a deleted record.");
      await succeeds(store.delete("k"), "delete of a missing key");
      await succeeds(store.delete("never-saved"), "delete of a key never saved");
      const again = await store.compareAndSet("k", undefined, tokens("again"));
      assert(again, "compareAndSet(key, undefined) after delete resolved to undefined.");
      assert(
        (await store.compareAndSet("k", first.revision, tokens("stale"))) === undefined,
        "A revision from before the delete overwrote the new grant.",
      );
    },
  },
  {
    id: "tokens.replace",
    promise: "core's replaceStoredTokens (used by connect) saves over whatever is stored",
    needsLock: false,
    async run({ store }) {
      await succeeds(replaceStoredTokens(store, "k", tokens("one")), "replaceStoredTokens on an empty key");
      const replaced = await succeeds(replaceStoredTokens(store, "k", tokens("two")), "replaceStoredTokens");
      assert(same(await store.load("k"), replaced), "load does not return the replaced record.");
    },
  },
];

const locks: TokenStoreCheck[] = [
  {
    id: "tokens.lock.exclusive",
    promise:
      "lock is exclusive per key across instances until released, and a refusal is a StoreError of the token store",
    needsLock: true,
    async run({ store, peer }) {
      const held = await succeeds(
        locker(store)("k", { leaseMs: LONG_LEASE, waitMs: 100 }),
        "lock of a free key",
      );
      await succeeds(
        locker(peer)("other", { leaseMs: LONG_LEASE, waitMs: 100 }).then((other) => other.release()),
        "lock of another key while one is held",
      );
      await refusedLock(peer, "k", "A second lock on a held key");
      await refusedLock(store, "k", "A second lock on a held key from the same instance");
      // The holder loads and saves under its lock: the credential source does exactly that.
      assert(
        await store.compareAndSet("k", undefined, tokens("under-lock")),
        "compareAndSet under the lock failed.",
      );
      await succeeds(held.release(), "release");
      await succeeds(held.release(), "a second release of the same lock");
      const next = await succeeds(
        locker(peer)("k", { leaseMs: LONG_LEASE, waitMs: 100 }),
        "lock after release",
      );
      await next.release();
    },
  },
  {
    id: "tokens.lock.handoff",
    promise: "a waiting lock is granted when the holder releases within waitMs",
    needsLock: true,
    async run({ store, peer }) {
      const held = await succeeds(
        locker(store)("k", { leaseMs: LONG_LEASE, waitMs: 100 }),
        "lock of a free key",
      );
      const waiting = locker(peer)("k", { leaseMs: LONG_LEASE, waitMs: 5000 });
      await delay(30);
      await held.release();
      await (await succeeds(waiting, "lock waiting for a release")).release();
    },
  },
  {
    id: "tokens.lock.lease",
    promise: "a lock its holder never releases (a dead process) is free again once its lease ran out",
    needsLock: true,
    async run({ store, peer }) {
      await succeeds(locker(store)("k", { leaseMs: 40, waitMs: 100 }), "lock of a free key");
      // Never released; the waiter must get it once the 40 ms lease is over.
      const fresh = await succeeds(
        locker(peer)("k", { leaseMs: LONG_LEASE, waitMs: 1500 }),
        "lock after the lease ran out",
      );
      await fresh.release();
    },
  },
  {
    id: "tokens.lock.stale-release",
    promise:
      "only the holder's release frees a lock: a late release after the lease ran out leaves the new holder's lock",
    needsLock: true,
    async run({ store, peer }) {
      const stale = await succeeds(locker(store)("k", { leaseMs: 40, waitMs: 100 }), "lock of a free key");
      const fresh = await succeeds(
        locker(peer)("k", { leaseMs: LONG_LEASE, waitMs: 1500 }),
        "lock after the lease ran out",
      );
      await succeeds(stale.release(), "release after the lease ran out");
      await refusedLock(store, "k", "A lock after the old holder's late release");
      const other = await succeeds(
        locker(store)("other", { leaseMs: LONG_LEASE, waitMs: 100 }),
        "lock of another key",
      );
      await other.release();
      await refusedLock(peer, "k", "A lock after another key's release");
      await fresh.release();
    },
  },
  {
    id: "tokens.lock.abort",
    promise: "a lock that is waiting stops with the signal's reason when the signal aborts",
    needsLock: true,
    async run({ store, peer }) {
      const held = await succeeds(
        locker(store)("k", { leaseMs: LONG_LEASE, waitMs: 100 }),
        "lock of a free key",
      );
      const controller = new AbortController();
      const reason = new Error("stop waiting");
      const waiting = refusal(
        locker(peer)("k", { leaseMs: 1000, waitMs: 1500, signal: controller.signal }),
        "A lock whose signal aborted",
      );
      await delay(20);
      controller.abort(reason);
      const error = await waiting;
      assert(error === reason, `An aborted lock failed with ${describe(error)}, not the signal's reason.`);
      await held.release();
    },
  },
];

/** Every token store check, in the order they run. */
export const tokenStoreChecks: readonly TokenStoreCheck[] = Object.freeze([...records, ...locks]);
