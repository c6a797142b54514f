// Figures that need no server: cold import, bundle size, install footprint.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  lstatSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { benchDir, environment, median, repoDir } from "./lib.mjs";

export const IMPORT_CASES = [
  // postkit's one dependency loaded at import (ky is loaded on the first request): its floor.
  "zod/mini",
  "@postkit/core",
  "@postkit/tiktok",
  "@postkit/youtube",
  "@postkit/meta",
  "@googleapis/youtube",
];
export const IMPORT_BASELINE = "@googleapis/youtube";

/** Wall time of `node -e "import(name)"` in fresh processes, the cases interleaved. */
export function benchColdImport({ runs, log }) {
  const cases = ["(node -e 0)", ...IMPORT_CASES];
  const samples = Object.fromEntries(cases.map((name) => [name, []]));
  for (let run = 0; run < runs; run++) {
    for (const name of cases) {
      const script = name.startsWith("(") ? "0" : `import(${JSON.stringify(name)})`;
      const t0 = process.hrtime.bigint();
      const result = spawnSync(process.execPath, ["-e", script], { cwd: benchDir, stdio: "ignore" });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (result.status !== 0) throw new Error(`importing ${name} failed`);
      samples[name].push(ms);
    }
  }
  log(`  cold import: ${runs} runs`);
  const base = median(samples[IMPORT_BASELINE]);
  return cases.map((name) => ({
    name,
    runs,
    ms: median(samples[name]),
    ratio: median(samples[name]) / base,
  }));
}

export const BUNDLE_CASES = [
  {
    id: "core",
    label: "@postkit/core (whole public API)",
    code: 'export * from "@postkit/core";',
    platform: "browser",
  },
  {
    id: "core+tiktok",
    label: "core + @postkit/tiktok (`TikTok`)",
    code: 'export { TikTok } from "@postkit/tiktok";',
    platform: "browser",
  },
  {
    id: "core+youtube",
    label: "core + @postkit/youtube (`YouTube`)",
    code: 'export { YouTube } from "@postkit/youtube";',
    platform: "browser",
  },
  {
    id: "core+meta",
    label: "core + @postkit/meta (`Meta`)",
    code: 'export { Meta } from "@postkit/meta";',
    platform: "browser",
  },
  {
    id: "googleapis",
    label: "@googleapis/youtube (`youtube`)",
    code: 'export { youtube } from "@googleapis/youtube";',
    platform: "node",
  },
  {
    id: "facebook",
    label: "facebook-nodejs-business-sdk (whole)",
    code: 'import sdk from "facebook-nodejs-business-sdk"; export default sdk;',
    platform: "node",
  },
];

/** postkit's runtime dependencies, left out of a bundle to measure postkit's own code. */
const DEPENDENCIES = ["zod", "zod/*", "ky", "p-retry"];

/**
 * esbuild --bundle --minify of each case (from the built dist), minified and gzip -9 sizes; for
 * postkit's cases also the gzip size with its dependencies left out (postkit's own code).
 */
export async function benchBundles({ log }) {
  const { build } = await import("esbuild");
  const bundle = async (c, external) => {
    const result = await build({
      stdin: { contents: c.code, resolveDir: benchDir, loader: "js" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: c.platform,
      external,
      write: false,
      logLevel: "silent",
    });
    return result.outputFiles[0].contents;
  };
  const rows = [];
  for (const c of BUNDLE_CASES) {
    try {
      const output = await bundle(c, []);
      const own = c.id.startsWith("core") ? await bundle(c, DEPENDENCIES) : undefined;
      rows.push({
        ...c,
        minified: output.byteLength,
        gzipped: gzipSync(output, { level: 9 }).byteLength,
        ownGzipped: own ? gzipSync(own, { level: 9 }).byteLength : undefined,
      });
    } catch (error) {
      rows.push({
        ...c,
        error: String(error.message ?? error)
          .split("\n")
          .slice(0, 3)
          .join(" "),
      });
    }
  }
  log("  bundles built");
  const base = rows.find((r) => r.id === "googleapis");
  for (const row of rows) row.ratio = base?.gzipped && row.gzipped ? row.gzipped / base.gzipped : undefined;
  return rows;
}

function treeSize(dir) {
  let bytes = 0;
  let files = 0;
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        bytes += lstatSync(full).size;
        files += 1;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { bytes, files };
}

/**
 * A fresh `npm install --omit=dev` of each postkit package (packed tarballs of the built
 * workspace) and of the competitors, measured as node_modules' file bytes and count. Cached by
 * the tarballs' and versions' hash in packages/bench/.cache.
 */
export function benchFootprint({ log }) {
  const work = mkdtempSync(join(tmpdir(), "postkit-footprint-"));
  try {
    const tarballs = {};
    for (const name of ["core", "tiktok", "youtube", "meta"]) {
      const out = execFileSync("pnpm", ["pack", "--pack-destination", work], {
        cwd: join(repoDir, "packages", name),
        encoding: "utf8",
      });
      tarballs[name] = out.trim().split("\n").at(-1).trim();
    }
    const env = environment();
    const hash = createHash("sha256");
    for (const path of Object.values(tarballs)) hash.update(readFileSync(path));
    hash.update(JSON.stringify(env.competitors));
    const key = hash.digest("hex");
    const cacheFile = join(benchDir, ".cache", "footprint.json");
    if (existsSync(cacheFile)) {
      const cached = JSON.parse(readFileSync(cacheFile, "utf8"));
      if (cached.key === key) {
        log("  install footprint: cached");
        return cached.rows.map((row) => ({ ...row, cached: true }));
      }
    }
    const cases = [
      { id: "core", label: "@postkit/core", specs: [tarballs.core] },
      { id: "tiktok", label: "@postkit/tiktok (+ core)", specs: [tarballs.core, tarballs.tiktok] },
      { id: "youtube", label: "@postkit/youtube (+ core)", specs: [tarballs.core, tarballs.youtube] },
      { id: "meta", label: "@postkit/meta (+ core)", specs: [tarballs.core, tarballs.meta] },
      {
        id: "googleapis",
        label: "@googleapis/youtube",
        specs: [`@googleapis/youtube@${env.competitors["@googleapis/youtube"]}`],
      },
      {
        id: "facebook",
        label: "facebook-nodejs-business-sdk",
        specs: [`facebook-nodejs-business-sdk@${env.competitors["facebook-nodejs-business-sdk"]}`],
      },
    ];
    const rows = [];
    for (const c of cases) {
      const dir = join(work, c.id);
      mkdirSync(dir);
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `footprint-${c.id}`, private: true }));
      const result = spawnSync(
        "npm",
        [
          "install",
          "--omit=dev",
          "--ignore-scripts",
          "--no-audit",
          "--no-fund",
          "--no-package-lock",
          "--loglevel=error",
          ...c.specs,
        ],
        { cwd: dir, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } },
      );
      if (result.status !== 0) {
        rows.push({ ...c, specs: undefined, error: result.stderr.trim().split("\n").slice(-3).join(" ") });
        continue;
      }
      const { bytes, files } = treeSize(join(dir, "node_modules"));
      const packages = readdirSync(join(dir, "node_modules")).flatMap((n) =>
        n.startsWith("@")
          ? readdirSync(join(dir, "node_modules", n)).map((m) => `${n}/${m}`)
          : n.startsWith(".")
            ? []
            : [n],
      ).length;
      rows.push({ id: c.id, label: c.label, bytes, files, packages });
      log(`  install footprint: ${c.id} ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
    }
    const base = rows.find((r) => r.id === "googleapis");
    for (const row of rows) row.ratio = base?.bytes && row.bytes ? row.bytes / base.bytes : undefined;
    mkdirSync(join(benchDir, ".cache"), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify({ key, rows }, null, 2));
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
