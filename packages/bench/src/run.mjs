#!/usr/bin/env node
// postkit's benchmarks. `pnpm bench` runs the full set and rewrites docs/benchmarks.md;
// `--quick` is the CI set (HTTP only, 32 MiB, fewer runs, no install footprint), written to a
// temporary file unless --out says otherwise.
// Options: --quick, --out <file.md> (default docs/benchmarks.md), --json <file>, --render <json>
// (re-render a saved --json without measuring), --upload-runs <n>, --big-from <MiB>,
// --runs <n>, --sizes <MiB,...>, --transports http,https,
// --sections uploads,calls,import,bundle,footprint,instructions (instructions: needs valgrind)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchCalls } from "./calls.mjs";
import { environment, MiB, makeCertificate, repoDir } from "./lib.mjs";
import { renderReport } from "./report.mjs";
import { benchBundles, benchColdImport, benchFootprint } from "./static.mjs";
import { benchCallInstructions, benchImportInstructions, valgrindVersion } from "./instructions.mjs";
import { benchUploads, DEFAULT_CHUNK_CASES, UPLOAD_CASES } from "./uploads.mjs";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    out: { type: "string" },
    json: { type: "string" },
    runs: { type: "string" },
    sizes: { type: "string" },
    transports: { type: "string" },
    sections: { type: "string" },
    "upload-runs": { type: "string" },
    "big-from": { type: "string" },
    render: { type: "string" },
  },
});
const quick = values.quick;
const config = {
  quick,
  runs: Number(values.runs ?? (quick ? 3 : 5)),
  uploadRuns: Number(values["upload-runs"] ?? values.runs ?? 3),
  sizes: (values.sizes ?? (quick ? "32" : "64,256,1024,4096")).split(",").map((s) => Number(s) * MiB),
  transports: (values.transports ?? (quick ? "http" : "http,https")).split(","),
  sections: (
    values.sections ??
    (quick ? "uploads,calls,import,bundle" : "uploads,calls,import,bundle,footprint,instructions")
  ).split(","),
  calls: quick
    ? { warmup: 20, sequential: 100, concurrent: 200, rounds: 1 }
    : { warmup: 50, sequential: 500, concurrent: 200, rounds: 2 },
  importRuns: quick ? 3 : 15,
  // With --big-from, sizes from there up run only the default-chunk cases (to save time).
  bigFrom: values["big-from"] === undefined ? Infinity : Number(values["big-from"]) * MiB,
};
// --quick never rewrites the docs unless told to.
const out =
  values.out ?? (quick ? join(tmpdir(), "postkit-bench-quick.md") : join(repoDir, "docs", "benchmarks.md"));
const log = (line) => process.stderr.write(`${line}\n`);
// With --json, what was measured so far is saved after each section, so a stopped run keeps it.
const save = (results) => {
  if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));
};

if (values.render) {
  writeFileSync(out, renderReport(JSON.parse(readFileSync(values.render, "utf8"))));
  log(`wrote ${out} from ${values.render}`);
  process.exit(0);
}

const started = Date.now();
const results = { startedAt: new Date().toISOString(), config, environment: environment() };
const certDir = mkdtempSync(join(tmpdir(), "postkit-bench-tls-"));
try {
  const tls = config.transports.includes("https") ? makeCertificate(certDir) : undefined;
  if (config.sections.includes("calls")) {
    results.calls = [];
    for (const transport of config.transports) {
      log(`per-call overhead over ${transport}`);
      results.calls.push(
        ...(await benchCalls({ transport, runs: config.runs, calls: config.calls, tls, log })),
      );
      save(results);
    }
  }
  if (config.sections.includes("import")) {
    log("cold import");
    results.coldImport = benchColdImport({ runs: config.importRuns, log });
    save(results);
  }
  if (config.sections.includes("bundle")) {
    log("bundle size");
    results.bundles = await benchBundles({ log });
    save(results);
  }
  if (config.sections.includes("footprint")) {
    log("install footprint");
    results.footprint = benchFootprint({ log });
    save(results);
  }
  if (config.sections.includes("instructions")) {
    const valgrind = valgrindVersion();
    if (valgrind) {
      log(`instructions (${valgrind} callgrind)`);
      results.instructions = {
        valgrind,
        calls: await benchCallInstructions({ log }),
        coldImport: benchImportInstructions({ log }),
      };
      save(results);
    } else log("instructions: skipped (valgrind is not installed)");
  }
  // Uploads last and smallest size first, saved after each size: a run stopped early keeps
  // every figure it finished.
  if (config.sections.includes("uploads")) {
    results.uploads = [];
    for (const size of config.sizes) {
      for (const transport of config.transports) {
        log(`uploads of ${size / MiB} MiB over ${transport}`);
        const cases =
          size < config.bigFrom
            ? UPLOAD_CASES
            : UPLOAD_CASES.filter((c) => DEFAULT_CHUNK_CASES.includes(c.id));
        results.uploads.push(
          ...(await benchUploads({
            transport,
            sizes: [size],
            runs: config.uploadRuns,
            tls,
            log,
            casesFor: () => cases,
          })),
        );
        save(results);
      }
    }
  }
} finally {
  rmSync(certDir, { recursive: true, force: true });
}
results.durationS = (Date.now() - started) / 1000;
writeFileSync(out, renderReport(results));
if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));
log(`wrote ${out} in ${results.durationS.toFixed(0)} s`);
