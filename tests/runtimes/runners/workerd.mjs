// Runs the worker bundle in workerd through miniflare (installed in the tools folder), posts the
// config to it and prints its report. Usage: node workerd.mjs <toolsDir> <bundle> <config JSON>
import { createRequire } from "node:module";
import { join } from "node:path";

const [toolsDir, bundle, config] = process.argv.slice(2);
const { Miniflare } = createRequire(join(toolsDir, "package.json"))("miniflare");
const mf = new Miniflare({ modules: true, scriptPath: bundle, compatibilityDate: "2025-09-01" });
try {
  const response = await mf.dispatchFetch("http://worker.local/", { method: "POST", body: config });
  console.log(JSON.stringify(await response.json()));
} finally {
  await mf.dispose();
}
