// Instructions counted by valgrind's callgrind: figures a loaded machine does not change, beside
// the wall-clock ones. Only the client process is counted (the emulator server is another
// process), user space only. Skipped when valgrind is not installed.
import { spawnSync } from "node:child_process";
import { CALL_CASES } from "./calls.mjs";
import { benchDir, runClient, startEmulatorServer } from "./lib.mjs";
import { IMPORT_BASELINE, IMPORT_CASES } from "./static.mjs";

const CALLGRIND = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"];
/** Sequential calls in the short and the long run; their difference is what is divided per call. */
const SHORT = 20;
const LONG = 120;

export function valgrindVersion() {
  const result = spawnSync("valgrind", ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The instruction count callgrind prints when the process exits ("Collected : N"). */
function collected(stderr) {
  const match = /Collected\s*:\s*(\d+)/.exec(stderr);
  if (!match) throw new Error(`callgrind printed no instruction count: ${stderr.slice(-500)}`);
  return Number(match[1]);
}

/**
 * Per call: each client makes SHORT, then (in another process) LONG sequential calls after the
 * same warm-up; (instructions(LONG) − instructions(SHORT)) / (LONG − SHORT) leaves out Node's
 * start, the imports and the warm-up, which both processes share.
 */
export async function benchCallInstructions({ log }) {
  const server = await startEmulatorServer(undefined);
  const rows = [];
  try {
    for (const c of CALL_CASES) {
      const base = { app: server[c.platform], baseUrls: server.baseUrls[c.platform] };
      const { requests } = await runClient(c.client, { ...base, mode: "capture" }, {});
      const clients = [
        ["bare", "bare-fetch", { request: requests[0] }],
        ["ky", "ky-alone", { request: requests[0] }],
        ["sdk", c.client, { ...base, mode: "calls" }],
      ];
      const perCall = {};
      for (const [key, client, task] of clients) {
        const count = async (sequential) => {
          const calls = { warmup: 20, sequential, concurrent: 0, rounds: 0 };
          const { stderr } = await runClient(client, { ...task, calls }, {}, CALLGRIND);
          return collected(stderr);
        };
        perCall[key] = ((await count(LONG)) - (await count(SHORT))) / (LONG - SHORT);
        await server.clearLog();
      }
      log(`  instructions per call: ${c.id}`);
      rows.push({
        id: c.id,
        label: c.label,
        request: `${requests[0].method} ${new URL(requests[0].url).pathname}`,
        perCall,
        sdkVsBare: perCall.sdk / perCall.bare,
        kyVsBare: perCall.ky / perCall.bare,
      });
    }
  } finally {
    await server.close();
  }
  return rows;
}

/** Cold import: instructions of a whole `node -e "import(name)"` process, and over `node -e 0`. */
export function benchImportInstructions({ log }) {
  const cases = ["(node -e 0)", ...IMPORT_CASES];
  const rows = cases.map((name) => {
    const script = name.startsWith("(") ? "0" : `import(${JSON.stringify(name)})`;
    const result = spawnSync(CALLGRIND[0], [...CALLGRIND.slice(1), process.execPath, "-e", script], {
      cwd: benchDir,
      encoding: "utf8",
    });
    if (result.status !== 0)
      throw new Error(`importing ${name} under callgrind failed: ${result.stderr.slice(-500)}`);
    return { name, instructions: collected(result.stderr) };
  });
  log("  instructions: cold import");
  const start = rows[0].instructions;
  const base = rows.find((r) => r.name === IMPORT_BASELINE).instructions;
  return rows.map((r) => ({ ...r, ratio: r.instructions / base, overStart: r.instructions - start }));
}
