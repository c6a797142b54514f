// The SQLite token store keeps core's TokenStore contract: compare-and-set on a revision (the same
// cases as core's own store tests), copies in and out, delete, leased locks, and two database
// connections on one file (two instances of the app) never both winning one revision.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StoreError, type TokenSet } from "@postkit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../src/database.mjs";
import { SqliteTokenStore } from "../src/sqlite-token-store.mjs";

const tokens = (accessToken: string): TokenSet => ({
  accessToken,
  tokenType: "Bearer",
  refreshToken: `rt-${accessToken}`,
  scopes: ["a"],
  raw: { nested: { value: 1 } },
});

let directory: string;
let file: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "postkit-dashboard-store-"));
  file = join(directory, "dashboard.db");
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("SqliteTokenStore", () => {
  it("saves only over the expected revision, with a new revision every time", async () => {
    const store = new SqliteTokenStore(openDatabase(file));
    expect(await store.load("k")).toBeUndefined();
    const first = await store.compareAndSet("k", undefined, tokens("one"));
    expect(first?.tokens.accessToken).toBe("one");
    expect(await store.compareAndSet("k", undefined, tokens("lost"))).toBeUndefined();
    expect(await store.compareAndSet("k", "not-a-revision", tokens("lost"))).toBeUndefined();
    const second = await store.compareAndSet("k", first!.revision, tokens("two"));
    expect(second?.revision).not.toBe(first!.revision);
    expect(await store.compareAndSet("k", first!.revision, tokens("lost"))).toBeUndefined();
    expect(await store.load("k")).toEqual(second);
    expect(await store.load("other")).toBeUndefined();
  });

  it("copies tokens in and out", async () => {
    const store = new SqliteTokenStore(openDatabase(file));
    const original = tokens("one");
    const saved = await store.compareAndSet("k", undefined, original);
    original.scopes.push("changed");
    saved!.tokens.scopes.push("changed too");
    const loaded = await store.load("k");
    expect(loaded?.tokens.scopes).toEqual(["a"]);
    expect(loaded?.tokens.raw).toEqual({ nested: { value: 1 } });
  });

  it("deletes a grant, and deleting a missing one is fine", async () => {
    const store = new SqliteTokenStore(openDatabase(file));
    await store.compareAndSet("k", undefined, tokens("one"));
    await store.delete("k");
    expect(await store.load("k")).toBeUndefined();
    await store.delete("k");
    expect(await store.compareAndSet("k", undefined, tokens("again"))).toBeDefined();
  });

  it("of two instances on one database file racing on one revision, exactly one wins", async () => {
    const a = new SqliteTokenStore(openDatabase(file));
    const b = new SqliteTokenStore(openDatabase(file));
    const base = await a.compareAndSet("k", undefined, tokens("base"));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).compareAndSet("k", base!.revision, tokens(`t${i}`)),
      ),
    );
    const winners = results.filter((result) => result !== undefined);
    expect(winners).toHaveLength(1);
    expect((await b.load("k"))?.tokens.accessToken).toBe(winners[0]!.tokens.accessToken);
    // Both "nothing stored yet" writers: one wins as well.
    const fresh = await Promise.all([
      a.compareAndSet("n", undefined, tokens("x")),
      b.compareAndSet("n", undefined, tokens("y")),
    ]);
    expect(fresh.filter(Boolean)).toHaveLength(1);
  });

  it("locks a key exclusively until released, breaks an expired lease, ignores a stale release", async () => {
    const a = new SqliteTokenStore(openDatabase(file));
    const b = new SqliteTokenStore(openDatabase(file));
    const held = await a.lock("k", { leaseMs: 10_000, waitMs: 100 });
    await (await b.lock("other", { leaseMs: 10_000, waitMs: 100 })).release();
    const refused = await b.lock("k", { leaseMs: 10_000, waitMs: 30 }).catch((error: unknown) => error);
    expect(StoreError.isInstance(refused)).toBe(true);
    // The holder can still save (the credential source does exactly that under the lock).
    expect(await a.compareAndSet("k", undefined, tokens("under-lock"))).toBeDefined();
    await held.release();
    const stale = await b.lock("k", { leaseMs: 1, waitMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const fresh = await a.lock("k", { leaseMs: 10_000, waitMs: 100 });
    await stale.release();
    expect(
      StoreError.isInstance(await b.lock("k", { leaseMs: 10_000, waitMs: 20 }).catch((e: unknown) => e)),
    ).toBe(true);
    await fresh.release();
    await (await b.lock("k", { leaseMs: 10_000, waitMs: 100 })).release();
  });

  it("reports unreadable rows and a closed database as StoreError", async () => {
    const db = openDatabase(file);
    const store = new SqliteTokenStore(db);
    db.prepare("INSERT INTO tokens (key, tokens, revision) VALUES ('bad', '{\"nope\":1}', 'r')").run();
    expect(StoreError.isInstance(await store.load("bad").catch((error: unknown) => error))).toBe(true);
    db.close();
    expect(StoreError.isInstance(await store.load("k").catch((error: unknown) => error))).toBe(true);
  });
});
