// Where things are: this project, the runtimes' cache folder (ignored by git, kept between runs).
import { fileURLToPath } from "node:url";

export const projectDir = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url)).replace(/\/$/, "");
export const toolsDir = `${repoRoot}/node_modules/.cache/postkit-runtimes/tools`;
/** The results of the last full run, from which the README's runtime table is written. */
export const lastRunFile = `${projectDir}/last-run.json`;
