import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryTokenStore, StoreError, type TokenSet, type TokenStore } from "@postkit/core";
import { FileTokenStore } from "@postkit/core/node";

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL("./fixtures/file-store-worker.mjs", import.meta.url));
// The child processes run the built package, as an app would (the checks build first).
const BUILT = fileURLToPath(new URL("../dist/node.js", import.meta.url));

const tokens = (accessToken: string, extra: Partial<TokenSet> = {}): TokenSet => ({
  accessToken,
  tokenType: "Bearer",
  refreshToken: `rt-${accessToken}`,
  scopes: ["a"],
  raw: { nested: { value: 1 } },
  ...extra,
});

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "postkit-store-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const stores: Array<[string, () => TokenStore & Required<Pick<TokenStore, "lock">>]> = [
  ["MemoryTokenStore", () => new MemoryTokenStore()],
  ["FileTokenStore", () => new FileTokenStore({ directory })],
];

describe.each(stores)("%s", (_, makeStore) => {
  it("saves only over the expected revision, with a new revision every time", async () => {
    const store = makeStore();
    expect(await store.load("k")).toBeUndefined();
    const first = await store.compareAndSet("k", undefined, tokens("one"));
    expect(first?.tokens.accessToken).toBe("one");
    // Something is stored now: "nothing stored" is no longer the expected state.
    expect(await store.compareAndSet("k", undefined, tokens("lost"))).toBeUndefined();
    expect(await store.compareAndSet("k", "not-a-revision", tokens("lost"))).toBeUndefined();
    const second = await store.compareAndSet("k", first!.revision, tokens("two"));
    expect(second?.revision).not.toBe(first!.revision);
    // The old revision is spent.
    expect(await store.compareAndSet("k", first!.revision, tokens("lost"))).toBeUndefined();
    expect(await store.load("k")).toEqual(second);
    expect((await store.load("other"))?.tokens).toBeUndefined();
  });

  it("copies tokens in and out", async () => {
    const store = makeStore();
    const original = tokens("one");
    const saved = await store.compareAndSet("k", undefined, original);
    original.scopes.push("changed");
    (original.raw.nested as { value: number }).value = 2;
    saved!.tokens.scopes.push("changed too");
    const loaded = await store.load("k");
    expect(loaded?.tokens.scopes).toEqual(["a"]);
    expect(loaded?.tokens.raw).toEqual({ nested: { value: 1 } });
    loaded!.tokens.accessToken = "changed";
    expect((await store.load("k"))?.tokens.accessToken).toBe("one");
  });

  it("deletes a grant, and deleting a missing one is fine", async () => {
    const store = makeStore();
    await store.compareAndSet("k", undefined, tokens("one"));
    await store.delete("k");
    expect(await store.load("k")).toBeUndefined();
    await store.delete("k");
    expect(await store.compareAndSet("k", undefined, tokens("again"))).toBeDefined();
  });

  it("of many concurrent compare-and-sets on one revision, exactly one wins", async () => {
    const store = makeStore();
    const base = await store.compareAndSet("k", undefined, tokens("base"));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.compareAndSet("k", base!.revision, tokens(`t${i}`))),
    );
    const winners = results.filter((result) => result !== undefined);
    expect(winners).toHaveLength(1);
    expect((await store.load("k"))?.tokens.accessToken).toBe(winners[0]!.tokens.accessToken);
  });

  it("locks a key exclusively until released; other keys stay free", async () => {
    const store = makeStore();
    const held = await store.lock("k", { leaseMs: 10_000, waitMs: 100 });
    await (await store.lock("other", { leaseMs: 10_000, waitMs: 100 })).release();
    const started = Date.now();
    const error = await store.lock("k", { leaseMs: 10_000, waitMs: 60 }).catch((e: unknown) => e);
    expect(StoreError.isInstance(error)).toBe(true);
    expect((error as StoreError).store).toBe("tokens");
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    // The holder of the lock can still load and save (the credential source does exactly that).
    const saved = await store.compareAndSet("k", undefined, tokens("under-lock"));
    expect(saved).toBeDefined();
    await held.release();
    await held.release();
    const next = await store.lock("k", { leaseMs: 10_000, waitMs: 100 });
    await next.release();
  });

  it("hands a lock on when its holder releases it while another waits", async () => {
    const store = makeStore();
    const held = await store.lock("k", { leaseMs: 10_000, waitMs: 100 });
    const waiting = store.lock("k", { leaseMs: 10_000, waitMs: 2000 });
    setTimeout(() => void held.release(), 30);
    await (await waiting).release();
  });

  it("breaks a lock whose lease ran out; its late release does not free the new holder's", async () => {
    const store = makeStore();
    const stale = await store.lock("k", { leaseMs: 40, waitMs: 100 });
    const fresh = await store.lock("k", { leaseMs: 10_000, waitMs: 2000 });
    await stale.release();
    await expect(store.lock("k", { leaseMs: 10_000, waitMs: 60 })).rejects.toThrow(StoreError);
    await fresh.release();
  });

  it("stops waiting for a lock when the signal aborts", async () => {
    const store = makeStore();
    const held = await store.lock("k", { leaseMs: 10_000, waitMs: 100 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 20);
    await expect(store.lock("k", { leaseMs: 1000, waitMs: 5000, signal: controller.signal })).rejects.toThrow(
      "stop",
    );
    await held.release();
  });
});

describe("FileTokenStore on disk", () => {
  it("keeps one private JSON file per key, named by the key's SHA-256", async () => {
    const store = new FileTokenStore({ directory });
    const key = "tiktok:../../etc/passwd";
    const saved = await store.compareAndSet(key, undefined, tokens("one"));
    const files = (await readdir(directory)).filter((name) => name.endsWith(".json"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    const file = join(directory, files[0]!);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      revision: saved!.revision,
      tokens: tokens("one"),
    });
    if (process.platform !== "win32") expect((await stat(file)).mode & 0o777).toBe(0o600);
    // A second instance over the same directory sees it: the state is in the files.
    expect(await new FileTokenStore({ directory }).load(key)).toEqual(saved);
  });

  it("reports a corrupt file as a StoreError without quoting it", async () => {
    const store = new FileTokenStore({ directory });
    await store.compareAndSet("k", undefined, tokens("one"));
    const [file] = (await readdir(directory)).filter((name) => name.endsWith(".json"));
    await writeFile(join(directory, file!), '{"revision": "r", "tokens": {"accessToken": "s3cr3t-at"');
    const error = await store.load("k").catch((e: unknown) => e);
    expect(StoreError.isInstance(error)).toBe(true);
    expect(JSON.stringify(error)).not.toContain("s3cr3t");
    expect(String((error as Error).cause)).not.toContain("s3cr3t");
  });

  it("reports an unusable directory as a StoreError", async () => {
    await writeFile(join(directory, "not-a-dir"), "");
    const store = new FileTokenStore({ directory: join(directory, "not-a-dir") });
    await expect(store.compareAndSet("k", undefined, tokens("one"))).rejects.toSatisfy(StoreError.isInstance);
  });

  it("across processes: every increment lands exactly once", async () => {
    expect(existsSync(BUILT), "build @postkit/core first").toBe(true);
    const workers = 3;
    const increments = 60;
    // All start together, once every process has loaded.
    const startAt = String(Date.now() + 2000);
    const outputs = await Promise.all(
      Array.from({ length: workers }, () =>
        run(process.execPath, [
          WORKER,
          BUILT,
          directory,
          "counter",
          "increment",
          String(increments),
          startAt,
        ]),
      ),
    );
    const written = outputs.flatMap((output) => JSON.parse(output.stdout) as number[]);
    expect(written.sort((a, b) => a - b)).toEqual(
      Array.from({ length: workers * increments }, (_, i) => i + 1),
    );
    const stored = await new FileTokenStore({ directory }).load("counter");
    expect(stored?.tokens.raw.n).toBe(workers * increments);
    // No temp or lock files are left behind.
    expect((await readdir(directory)).filter((name) => !name.endsWith(".json"))).toEqual([]);
  });

  it("a crash between the temp file and the rename leaves the old grant, and the store works on", async () => {
    const store = new FileTokenStore({ directory });
    const old = await store.compareAndSet("k", undefined, tokens("old"));
    const crash = await run(process.execPath, [WORKER, BUILT, directory, "k", "crash-before-rename"]).catch(
      (error: { signal?: string }) => error,
    );
    expect((crash as { signal?: string }).signal).toBe("SIGKILL");
    // The dead process left its temp file (written in full) and its write lock behind.
    const left = await readdir(directory);
    expect(left.some((name) => name.endsWith(".tmp"))).toBe(true);
    expect(left.some((name) => name.endsWith(".cas.lock"))).toBe(true);
    expect(await store.load("k")).toEqual(old);
    // Its lock is broken at once (its process is gone), not waited out.
    const started = Date.now();
    expect(await store.compareAndSet("k", old!.revision, tokens("new"))).toBeDefined();
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await store.load("k"))?.tokens.accessToken).toBe("new");
  });
});
