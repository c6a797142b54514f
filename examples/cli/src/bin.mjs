#!/usr/bin/env node
// @ts-check
// The postkit-cli executable. Ctrl-C stops an upload cleanly: its resume state is saved, and the
// same publish command continues it.
import { run } from "./cli.mjs";

const controller = new AbortController();
process.once("SIGINT", () => controller.abort(new Error("Interrupted.")));
process.exitCode = await run(process.argv.slice(2), { signal: controller.signal });
