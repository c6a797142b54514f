// Runs the script bundle in edge-runtime's EdgeRuntime VM (installed in the tools folder) and
// prints its report. Usage: node edge.mjs <toolsDir> <bundle> <config JSON>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [toolsDir, bundle, config] = process.argv.slice(2);
const { EdgeRuntime } = createRequire(join(toolsDir, "package.json"))("edge-runtime");
const runtime = new EdgeRuntime();
runtime.evaluate(readFileSync(bundle, "utf8"));
const report = await runtime.evaluate(`__postkitRunFlows(${JSON.stringify(JSON.parse(config))})`);
console.log(JSON.stringify(report));
