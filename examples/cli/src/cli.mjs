// @ts-check
// postkit-cli: `login <platform>`, `accounts`, `profile [platform]`, `publish <file> --to …`,
// `status <job>`, `doctor`. Exits non-zero with the typed error's message and hint on failure.
import { parseArgs } from "node:util";
import { PostkitError } from "@postkit/core";
import { connectPlatform, createExamplePlatforms, PLATFORM_KEYS } from "@postkit/example-platforms";
import { doctor } from "./doctor.mjs";
import { publish } from "./publish.mjs";
import { cliHome, openState } from "./state.mjs";

const USAGE = `Usage: postkit-cli <command>
  login <platform>            connect an account (${PLATFORM_KEYS.join(", ")})
  accounts                    list the connected accounts
  profile [platform]          show the profiles
  publish <file> --to a,b     publish a video (--title, --duration <s>, --tiktok-mode draft|direct,
                              --privacy <TikTok level>, --chunk-size <bytes>); resumes an interrupted upload
  status <job>                bring a publish job up to date
  doctor                      check credentials, redirect URIs and granted scopes`;

/**
 * @typedef {object} Context
 * @property {import("@postkit/example-platforms").ExamplePlatforms} setup
 * @property {ReturnType<typeof openState>} state
 * @property {(line: string) => void} log
 * @property {Record<string, string | undefined>} env
 * @property {boolean} tty
 * @property {AbortSignal | undefined} signal
 * @property {(error: unknown) => string} describe
 */

/**
 * Runs one command. `options.setup` reuses running platforms (tests keep one emulator across runs).
 * @param {string[]} argv
 * @param {{ env?: Record<string, string | undefined>; log?: (line: string) => void; tty?: boolean; signal?: AbortSignal; setup?: import("@postkit/example-platforms").ExamplePlatforms }} [options]
 * @returns {Promise<number>} the exit code
 */
export async function run(argv, options = {}) {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line) => console.log(line));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      to: { type: "string" },
      title: { type: "string", default: "Posted with postkit-cli" },
      duration: { type: "string" },
      "tiktok-mode": { type: "string", default: "draft" },
      privacy: { type: "string" },
      "chunk-size": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    log(USAGE);
    return command || values.help ? 0 : 1;
  }
  const state = openState(cliHome(env));
  const setup = options.setup ?? (await createExamplePlatforms({ env, tokenStore: state.tokenStore, log }));
  /** @type {Context} */
  const context = {
    setup,
    state,
    log,
    env,
    tty: options.tty ?? Boolean(process.stderr.isTTY),
    signal: options.signal,
    describe,
  };
  try {
    switch (command) {
      case "login":
        return await login(context, required(rest[0], "login needs a platform"));
      case "accounts":
        return await listAccounts(context);
      case "profile":
        return await profile(context, rest[0]);
      case "publish": {
        const file = required(rest[0], "publish needs a file");
        const to = required(values.to, "publish needs --to, e.g. --to tiktok,youtube")
          .split(",")
          .filter(Boolean);
        for (const key of to) setup.get(key); // an unknown platform fails before any upload
        const mode = values["tiktok-mode"];
        if (mode !== "draft" && mode !== "direct") throw new Error("--tiktok-mode is draft or direct.");
        return await publish(context, file, {
          to,
          title: values.title ?? "",
          durationSec: number(values.duration, "--duration") ?? 3,
          tiktokMode: mode,
          privacy: values.privacy,
          chunkSize: number(values["chunk-size"], "--chunk-size"),
        });
      }
      case "status":
        return await status(context, required(rest[0], "status needs a job id (from publish)"));
      case "doctor":
        return await doctor(context);
      default:
        log(`Unknown command "${command}".\n${USAGE}`);
        return 1;
    }
  } catch (error) {
    log(describe(error));
    return 1;
  } finally {
    if (!options.setup) await setup.close();
  }
}

/** @param {Context} context @param {string} key */
async function login(context, key) {
  const platform = context.setup.get(key);
  const { accounts, grantedScopes } = await connectPlatform(platform, {
    log: context.log,
    signal: context.signal,
  });
  const connection = platform.pickAccount(accounts);
  if (!connection) throw new Error(`The ${platform.name} login yielded no ${key} account.`);
  const saved = await context.state.accounts();
  saved[key] = { account: connection.account, grantedScopes };
  await context.state.saveAccounts(saved);
  context.log(`Connected ${platform.name}: ${connection.account.displayName} (${connection.account.id}).`);
  context.log(`Granted scopes: ${grantedScopes.join(", ")}`);
  return 0;
}

/** @param {Context} context */
async function listAccounts(context) {
  const saved = Object.entries(await context.state.accounts());
  if (saved.length === 0) context.log("No accounts: run `postkit-cli login <platform>`.");
  for (const [key, { account }] of saved) context.log(`${key}: ${account.displayName} (${account.id})`);
  return 0;
}

/** @param {Context} context @param {string | undefined} only */
async function profile(context, only) {
  const saved = await context.state.accounts();
  const keys = only ? [only] : Object.keys(saved);
  for (const key of keys) {
    const platform = context.setup.get(key);
    const entry = saved[key];
    if (!entry) throw new Error(`${platform.name} is not connected: run \`postkit-cli login ${key}\` first.`);
    const found = /** @type {import("@postkit/core").Profile & { followersCount?: number }} */ (
      await platform.provider.getProfile({ account: entry.account })
    );
    const followers = typeof found.followersCount === "number" ? `, ${found.followersCount} followers` : "";
    context.log(
      `${platform.name}: ${found.displayName}${found.username ? ` @${found.username}` : ""}${followers}`,
    );
    if (found.profileUrl) context.log(`  ${found.profileUrl}`);
  }
  return 0;
}

/** @param {Context} context @param {string} id */
async function status(context, id) {
  const jobs = await context.state.jobs();
  const entry = jobs[id];
  if (!entry) throw new Error(`No job "${id}": the ids are printed by publish.`);
  const saved = (await context.state.accounts())[entry.platform];
  if (!saved)
    throw new Error(`The job's account is no longer connected: run \`postkit-cli login ${entry.platform}\`.`);
  const platform = context.setup.get(entry.platform);
  const job = await platform.provider.getPublishStatus({ account: saved.account }, entry.job);
  jobs[id] = { platform: entry.platform, job };
  await context.state.saveJobs(jobs);
  const ids = Object.entries(job.ids).map(([name, value]) => `${name} ${value}`);
  context.log(
    `${platform.name}: ${job.outcome}; ${ids.join(", ")}${job.postUrl ? `\n  ${job.postUrl}` : ""}`,
  );
  if (job.failure) context.log(`  ${job.failure.message}`);
  return job.outcome === "failed" ? 1 : 0;
}

/** The typed error's message and hint (postkit's messages never carry secrets). */
export function describe(/** @type {unknown} */ error) {
  if (!PostkitError.isInstance(error))
    return `Error: ${error instanceof Error ? error.message : String(error)}`;
  return `${error.name} [${error.code}]: ${error.message}${error.hint ? `\nHint: ${error.hint}` : ""}`;
}

/** @template T @param {T | undefined} value @param {string} message @returns {T} */
function required(value, message) {
  if (value === undefined) throw new Error(`${message}.\n${USAGE}`);
  return value;
}

/** @param {string | undefined} value @param {string} flag */
function number(value, flag) {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${flag} must be a positive number.`);
  return parsed;
}
