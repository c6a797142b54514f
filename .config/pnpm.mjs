#!/usr/bin/env node
// Runs pnpm steps for `npm test` / `npm run demo` on a machine that may only have Node and npm.
// Uses the pnpm on PATH when there is one, otherwise `npx pnpm@10` (npm downloads it once).
// Usage: node .config/pnpm.mjs install build <script>...
import { spawnSync } from "node:child_process";

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

for (const step of process.argv.slice(2)) {
  if (step === "install") pnpm(["install", "--frozen-lockfile", "--reporter=silent"]);
  else pnpm(["run", step]);
}
