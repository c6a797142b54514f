#!/usr/bin/env node
// Runs pnpm steps for `npm test` / `npm run demo` on a machine that may only have Node and npm.
// Uses the pnpm on PATH when there is one, otherwise `npx pnpm@10` (npm downloads it once).
// `browser` makes sure Debian's Chromium is there for the browser tests (apt-get, as root or with
// passwordless sudo); where it cannot install it, it says so and the browser test will fail.
// `redis` does the same for Debian's redis-server, which the Redis store and worker tests start.
// Usage: node .config/pnpm.mjs install build browser redis <script>...
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const PNPM_VERSION = "10";

function hasPnpm() {
  const probe = spawnSync("pnpm", ["--version"], { stdio: "ignore", shell: process.platform === "win32" });
  return probe.status === 0;
}

const [command, prefix] = hasPnpm() ? ["pnpm", []] : ["npx", ["--yes", `pnpm@${PNPM_VERSION}`]];

function pnpm(args) {
  const result = spawnSync(command, [...prefix, ...args], {
    stdio: "inherit",
    shell: process.platform === "win32",
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(path)) return;
  aptInstall("chromium", `Chromium is not at ${path}`, "the consent-page browser test", "Install Debian's chromium package, or set CHROMIUM_PATH to a Chromium binary.");
}

function ensureRedis() {
  const probe = spawnSync(process.env.REDIS_SERVER_PATH ?? "redis-server", ["--version"], { stdio: "ignore" });
  if (probe.status === 0) return;
  aptInstall("redis-server", "redis-server is not installed", "the Redis store and worker tests", "Install Debian's redis-server package, or set REDIS_SERVER_PATH.");
}

/** Installs a Debian package (as root or with passwordless sudo), or says why the tests that need it will fail. */
function aptInstall(pkg, missing, needs, advice) {
  const quiet = { stdio: "ignore" };
  const canApt = process.platform === "linux" && spawnSync("apt-get", ["--version"], quiet).status === 0;
  const asRoot = process.getuid?.() === 0;
  const sudo = !asRoot && canApt && spawnSync("sudo", ["-n", "true"], quiet).status === 0;
  if (!canApt || !(asRoot || sudo)) {
    console.warn(`${missing} and cannot be installed here: ${needs} will fail. ${advice}`);
    return;
  }
  console.log(`Installing ${pkg} for ${needs} (apt-get install ${pkg})...`);
  const run = (args) => {
    const [bin, rest] = sudo ? ["sudo", ["-n", ...args]] : [args[0], args.slice(1)];
    const result = spawnSync(bin, rest, {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (result.status !== 0) process.exit(result.status ?? 1);
  };
  run(["apt-get", "update", "-qq"]);
  run(["apt-get", "install", "-y", "-qq", pkg]);
}

for (const step of process.argv.slice(2)) {
  if (step === "install") pnpm(["install", "--frozen-lockfile", "--reporter=silent"]);
  else if (step === "browser") ensureChromium();
  else if (step === "redis") ensureRedis();
  else pnpm(["run", step]);
}
