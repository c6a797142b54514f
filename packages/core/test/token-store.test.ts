import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryTokenStore, StoreError, type TokenSet } from "@postkit/core";
// By path, not as a dependency: @postkit/testing depends on @postkit/core, and the reverse would make
// a cycle in the workspace graph.
import { describeTokenStoreConformance } from "../../testing/src/conformance/index.js";
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

// The TokenStore contract's promises, from the suite third-party stores run as well.
describeTokenStoreConformance("MemoryTokenStore", { create: () => new MemoryTokenStore() });
describeTokenStoreConformance("FileTokenStore", {
  create: () => new FileTokenStore({ directory }),
  // A second instance on the same directory: the state is in the files, as for another process.
  reopen: () => new FileTokenStore({ directory }),
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
