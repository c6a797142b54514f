// edge-runtime: bundled as a script; the runner calls the function it leaves on the global.
import { runFlows } from "./flows.mjs";

globalThis.__postkitRunFlows = runFlows;
