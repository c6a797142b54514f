// Shared by every client process: reads its task from BENCH_INPUT, measures what it runs, prints
// one JSON line. Wall time and CPU cover the measured work only (not Node's start or the imports);
// peak RSS is the whole process's (resourceUsage().maxRSS), the figure an operator would see.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** The task the runner gave this process. */
export const input = JSON.parse(process.env.BENCH_INPUT ?? "{}");

/** A TokenSet from an OAuth token response (the shape both emulators issue). */
export function tokenSet(raw, separator) {
  return {
    accessToken: raw.access_token,
    tokenType: raw.token_type ?? "Bearer",
    refreshToken: raw.refresh_token,
    expiresAt: Date.now() + raw.expires_in * 1000,
    scopes: String(raw.scope ?? "").split(separator),
    raw: {},
  };
}

/**
 * Runs `work` and prints `{ ok, wallMs, cpuMs, peakRssMiB, ...extra }`; `work` may return extra
 * fields. A failure prints `{ ok: false, error }` and exits 1.
 */
export async function measure(work) {
  try {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const extra = (await work()) ?? {};
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    const heap = heapFigures();
    process.stdout.write(
      `${JSON.stringify({ ok: true, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMiB, ...heap, ...extra })}\n`,
    );
    process.exit(0);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
    process.exit(1);
  }
}

/**
 * After the measured work (peak RSS already read): the V8 heap's size, which V8 rarely shrinks, and
 * what of it is live after a full collection. Their gap is garbage and room V8 kept, not memory
 * the client still holds.
 */
function heapFigures() {
  const heapTotalMiB = process.memoryUsage().heapTotal / 2 ** 20;
  setFlagsFromString("--expose-gc");
  runInNewContext("gc")();
  return { heapTotalMiB, liveHeapMiB: process.memoryUsage().heapUsed / 2 ** 20 };
}

/**
 * Per-call work: `warmup` calls, then `sequential` calls one after another, then `rounds` rounds
 * of `concurrent` calls at once. Returns wall and CPU time of each phase.
 */
export async function callPhases(call, { warmup, sequential, concurrent, rounds }) {
  for (let i = 0; i < warmup; i++) await call();
  const phase = async (run) => {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await run();
    const cpu = process.cpuUsage(cpu0);
    return { wallMs: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  const seq = await phase(async () => {
    for (let i = 0; i < sequential; i++) await call();
  });
  const conc = await phase(async () => {
    for (let r = 0; r < rounds; r++) await Promise.all(Array.from({ length: concurrent }, () => call()));
  });
  return {
    sequential: { calls: sequential, ...seq },
    concurrent: { calls: concurrent * rounds, ...conc },
  };
}
