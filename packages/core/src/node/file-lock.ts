import { randomUUID } from "node:crypto";
import { open, readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { StoreError } from "../errors/store-error.js";
import { sleep } from "../http/sleep.js";

/** @internal */
export interface FileLockOptions {
  /** How long the lock counts as held if its holder dies without releasing it. */
  leaseMs: number;
  /** How long to wait for the lock before giving up with a `StoreError`. */
  waitMs: number;
  /** Stops waiting. */
  signal?: AbortSignal | undefined;
  /** Names the lock in messages. */
  what: string;
}

interface LockInfo {
  /** Who holds it: a random id per acquisition, or the file's identity when unreadable. */
  owner: string;
  /** When its lease runs out, epoch milliseconds. */
  expiresAt: number;
  /** Whether its holder is known to be dead (a process of this machine that no longer runs). */
  dead: boolean;
}

/** A lock file whose content cannot be read yet counts as held this long after it was created. */
const UNREADABLE_GRACE_MS = 10_000;
/** The guard around breaking and releasing is held for microseconds; older means its holder died. */
const GUARD_STALE_MS = 5_000;

/**
 * Takes an exclusive, leased lock between processes: a file created with `O_EXCL` holding its
 * owner and lease expiry. A lock past its lease is broken; breaking and releasing happen under a
 * second, short-lived guard file, so a stale lock is never removed after someone else took it.
 * Resolves to the release function (safe to call once the lease ran out).
 * @internal
 */
export async function acquireFileLock(path: string, options: FileLockOptions): Promise<() => Promise<void>> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    if (options.signal?.aborted) throw options.signal.reason;
    const owner = randomUUID();
    const content = JSON.stringify({
      owner,
      expiresAt: Date.now() + options.leaseMs,
      pid: process.pid,
      host: hostname(),
    });
    if (await createExclusive(path, content, options.what)) return () => releaseFileLock(path, owner);
    const held = await readLock(path, options.what);
    // A crashed CLI's lock need not be waited out: its process is gone.
    if (held && (held.dead || held.expiresAt <= Date.now())) {
      await breakLock(path, held.owner, options.what);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new StoreError(`The ${options.what} was not free within ${options.waitMs} ms.`, {
        store: "tokens",
        hint: "Another instance holds it; try again shortly.",
      });
    }
    await sleep(Math.min(5 + Math.random() * 15, Math.max(1, deadline - Date.now())), options.signal);
  }
}

/** Creates `path` with `content` unless it exists; `false` when it does. */
async function createExclusive(path: string, content: string, what: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "wx", 0o600);
  } catch (error) {
    if (codeOf(error) === "EEXIST") return false;
    throw new StoreError(`The ${what} could not be created.`, { store: "tokens", cause: error });
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return true;
}

/** The lock's holder, or `undefined` when it is free. */
async function readLock(path: string, what: string): Promise<LockInfo | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    try {
      const parsed = JSON.parse(text) as Partial<LockInfo> & { pid?: unknown; host?: unknown };
      if (typeof parsed.owner === "string" && typeof parsed.expiresAt === "number") {
        const dead = parsed.host === hostname() && typeof parsed.pid === "number" && !isRunning(parsed.pid);
        return { owner: parsed.owner, expiresAt: parsed.expiresAt, dead };
      }
    } catch {
      // Just created, not written yet (or its holder died in between): judged by its age.
    }
    return {
      owner: `unreadable:${info.ino}:${info.mtimeMs}`,
      expiresAt: info.mtimeMs + UNREADABLE_GRACE_MS,
      dead: false,
    };
  } catch (error) {
    if (codeOf(error) === "ENOENT") return undefined;
    throw new StoreError(`The ${what} could not be read.`, { store: "tokens", cause: error });
  }
}

/** Removes the lock if `owner` still holds it. */
async function breakLock(path: string, owner: string, what: string): Promise<void> {
  await underGuard(path, what, async () => {
    const current = await readLock(path, what);
    if (current?.owner === owner) await unlink(path).catch(ignoreMissing);
  });
}

async function releaseFileLock(path: string, owner: string): Promise<void> {
  // Best effort: a lock that cannot be released runs out with its lease.
  await underGuard(path, "lock", async () => {
    const current = await readLock(path, "lock");
    if (current?.owner === owner) await unlink(path).catch(ignoreMissing);
  }).catch(() => undefined);
}

/** Runs `action` holding `<path>.guard`; gives up quietly after a second of contention. */
async function underGuard(path: string, what: string, action: () => Promise<void>): Promise<void> {
  const guard = `${path}.guard`;
  const deadline = Date.now() + 1000;
  while (!(await createExclusive(guard, String(process.pid), what))) {
    const info = await stat(guard).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > GUARD_STALE_MS) await unlink(guard).catch(ignoreMissing);
    if (Date.now() >= deadline) return;
    await sleep(1 + Math.random() * 4);
  }
  try {
    await action();
  } finally {
    await unlink(guard).catch(ignoreMissing);
  }
}

/** Whether a process of this machine runs (EPERM: it does, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === "EPERM";
  }
}

function ignoreMissing(error: unknown): void {
  if (codeOf(error) !== "ENOENT") throw error;
}

/** @internal */
export function codeOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}
