// @ts-check
// What the CLI keeps between runs, under its home directory (POSTKIT_CLI_HOME, else
// ~/.postkit-cli): tokens in core's FileTokenStore (tokens/), the connected accounts with their
// granted scopes (accounts.json), publish jobs (jobs.json) and the resume state of interrupted
// uploads (resume/). Resume states hold upload session URLs, which grant upload access: the
// files are written with mode 0600.
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { FileTokenStore } from "@postkit/core/node";

/** @param {Record<string, string | undefined>} env */
export function cliHome(env) {
  return resolve(env.POSTKIT_CLI_HOME ?? join(homedir(), ".postkit-cli"));
}

/** @param {string} home */
export function openState(home) {
  const file = (/** @type {string} */ name) => join(home, name);
  /**
   * @template T
   * @param {string} name
   * @param {T} fallback
   * @returns {Promise<T>}
   */
  async function read(name, fallback) {
    try {
      return JSON.parse(await readFile(file(name), "utf8"));
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code === "ENOENT") return fallback;
      throw error;
    }
  }
  /** @param {string} name @param {unknown} value */
  async function write(name, value) {
    await mkdir(join(file(name), ".."), { recursive: true, mode: 0o700 });
    await writeFile(file(name), `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  }
  /** Resume files are per platform and per file (path, size, modification time). */
  async function resumeName(/** @type {string} */ platform, /** @type {string} */ path) {
    const info = await stat(path);
    const id = createHash("sha256")
      .update(`${resolve(path)}\0${info.size}\0${info.mtimeMs}`)
      .digest("hex");
    return `resume/${platform}-${id.slice(0, 16)}.json`;
  }
  return {
    tokenStore: new FileTokenStore({ directory: file("tokens") }),
    /** @returns {Promise<Record<string, { account: import("@postkit/core").Account; grantedScopes: string[] }>>} */
    accounts: () => read("accounts.json", {}),
    saveAccounts: (/** @type {unknown} */ value) => write("accounts.json", value),
    /** @returns {Promise<Record<string, { platform: string; job: import("@postkit/core").PublishJob }>>} */
    jobs: () => read("jobs.json", {}),
    saveJobs: (/** @type {unknown} */ value) => write("jobs.json", value),
    /** @returns {Promise<import("@postkit/core").ResumeState | undefined>} */
    async loadResume(/** @type {string} */ platform, /** @type {string} */ path) {
      return read(await resumeName(platform, path), undefined);
    },
    async saveResume(
      /** @type {string} */ platform,
      /** @type {string} */ path,
      /** @type {import("@postkit/core").ResumeState} */ state,
    ) {
      await write(await resumeName(platform, path), state);
    },
    async clearResume(/** @type {string} */ platform, /** @type {string} */ path) {
      await rm(file(await resumeName(platform, path)), { force: true });
    },
  };
}
