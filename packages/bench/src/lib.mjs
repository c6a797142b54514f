// Helpers of the bench runner: child processes, statistics, machine facts, certificates, files.
import { execFileSync, fork, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = fileURLToPath(new URL("..", import.meta.url));
export const repoDir = join(benchDir, "..", "..");
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs a client script (src/clients/<name>.mjs) in its own Node process with `input` as
 * BENCH_INPUT and returns the JSON line it printed, with the process's `stderr`. `env` is added
 * to the environment; `wrapper` is a command to run Node under (valgrind).
 */
export function runClient(name, input, env = {}, wrapper = []) {
  const script = join(benchDir, "src", "clients", `${name}.mjs`);
  return new Promise((resolve, reject) => {
    const [command, ...args] = [...wrapper, process.execPath, script];
    const child = spawn(command, args, {
      cwd: benchDir,
      env: { ...process.env, ...env, BENCH_INPUT: JSON.stringify(input) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (text) => {
      stdout += text;
    });
    child.stderr.on("data", (text) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stdout.trim().split("\n").at(-1) ?? "";
      try {
        const result = JSON.parse(line);
        if (!result.ok) return reject(new Error(`${name}: ${result.error}`));
        resolve({ ...result, stderr });
      } catch {
        reject(new Error(`${name} exited ${code} without a result: ${stderr.slice(-2000)}`));
      }
    });
  });
}

/** The emulator server in its own process; resolves with its ready message and controls. */
export function startEmulatorServer(tlsFiles) {
  const child = fork(join(benchDir, "src", "server.mjs"), [], {
    cwd: benchDir,
    env: { ...process.env, ...(tlsFiles ? { BENCH_TLS: JSON.stringify(tlsFiles) } : {}) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let next = 0;
  const ask = (message) =>
    new Promise((resolve) => {
      const id = ++next;
      const onMessage = (reply) => {
        if (reply.id !== id) return;
        child.off("message", onMessage);
        resolve(reply);
      };
      child.on("message", onMessage);
      child.send({ ...message, id });
    });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`emulator server exited ${code}`)));
    child.once("message", (ready) =>
      resolve({
        ...ready,
        lastUpload: async (platform) => (await ask({ type: "lastUpload", platform })).upload,
        clearLog: () => ask({ type: "clearLog" }),
        cpuUs: async () => (await ask({ type: "cpu" })).cpuUs,
        close: () =>
          new Promise((done) => {
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.send({ type: "close" });
          }),
      }),
    );
  });
}

/** A self-signed certificate for 127.0.0.1 (openssl CLI), as key.pem and cert.pem in `dir`. */
export function makeCertificate(dir) {
  const key = join(dir, "key.pem");
  const cert = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
      .concat(["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
      .concat(["-keyout", key, "-out", cert]),
    { stdio: "ignore" },
  );
  return { key, cert };
}

function packageVersion(path) {
  return JSON.parse(readFileSync(path, "utf8")).version;
}

/** Machine, Node and package versions, for the report's header. */
export function environment() {
  const cpu = cpus();
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoDir, encoding: "utf8" }).trim();
  } catch {}
  const dep = (name) => {
    const entry = import.meta.resolve(name);
    let dir = dirname(fileURLToPath(entry));
    for (let i = 0; i < 6; i++) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
        if (pkg.name === name) return pkg.version;
      } catch {}
      dir = dirname(dir);
    }
    return "unknown";
  };
  return {
    cpu: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    memoryGiB: totalmem() / GiB,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    commit,
    packages: Object.fromEntries(
      ["core", "tiktok", "youtube", "meta", "testing"].map((name) => [
        `@postkit/${name}`,
        packageVersion(join(repoDir, "packages", name, "package.json")),
      ]),
    ),
    competitors: {
      "@googleapis/youtube": dep("@googleapis/youtube"),
      "facebook-nodejs-business-sdk": dep("facebook-nodejs-business-sdk"),
    },
  };
}
