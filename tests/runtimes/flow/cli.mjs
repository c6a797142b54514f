// Node, Bun and Deno: the config as the first argument, the report as the last line of stdout.
import { runFlows } from "./flows.mjs";

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const report = await runFlows(JSON.parse(args[0]));
console.log(JSON.stringify(report));
