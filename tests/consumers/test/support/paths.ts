// Where things are: the repository (to pack its packages) and the consumer fixtures.
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url)).replace(/\/$/, "");
export const fixturesDir = fileURLToPath(new URL("../../fixtures/", import.meta.url));
/** Survives between runs (ignored by git): the Yarn install the tests use when none is on PATH. */
export const toolsDir = `${repoRoot}/node_modules/.cache/postkit-consumers/tools`;
