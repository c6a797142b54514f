// How each runtime runs the flows: Node, Bun and Deno run flow/cli.mjs in the consumer project
// (importing the installed packages), workerd and edge-runtime run the bundle through a runner.
import { join } from "node:path";
import { type RunResult, run, userEnv } from "../../../consumers/test/support/run.js";
import { projectDir } from "./paths.js";
import type { RuntimeContext } from "./setup-context.js";

export const runtimeNames = ["node", "bun", "deno", "workerd", "edge-runtime"] as const;
export type RuntimeName = (typeof runtimeNames)[number];

/** The flows every runtime claims (the README table lists what passed). */
export const flowNames = [
  "authorization-url",
  "code-exchange",
  "refresh",
  "profile",
  "chunked-upload-bytes",
  "chunked-upload-blob",
  "resume",
  "youtube-single",
  "denied-consent",
  "server-fault",
  "meta-connect-profile",
  "meta-reel",
] as const;

export interface RuntimeRun {
  label: string;
  version: string;
  run(config: string): Promise<RunResult>;
}

export function runtimeOf(name: RuntimeName, context: RuntimeContext): RuntimeRun {
  const { appDir, toolsDir, bundles, versions } = context;
  const bin = (tool: string) => join(toolsDir, "node_modules", ".bin", tool);
  const options = (extra: Record<string, string> = {}) => ({
    cwd: appDir,
    env: userEnv(extra),
    timeoutMs: 240_000,
  });
  const runner = (file: string) => join(projectDir, "runners", file);
  switch (name) {
    case "node":
      return {
        label: "Node.js",
        // The Node that runs the suite; its patch level is left out so CI machines agree on the table.
        version: `${process.versions.node.split(".").slice(0, 2).join(".")}.x`,
        run: (config) => run(process.execPath, ["flow/cli.mjs", config], options()),
      };
    case "bun":
      return {
        label: "Bun",
        version: versions.bun!,
        run: (config) =>
          run(bin("bun"), ["flow/cli.mjs", config], options({ BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0" })),
      };
    case "deno":
      return {
        label: "Deno",
        version: versions.deno!,
        run: (config) =>
          run(
            bin("deno"),
            ["run", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", "flow/cli.mjs", config],
            options({ DENO_DIR: join(toolsDir, "deno-dir"), DENO_NO_UPDATE_CHECK: "1" }),
          ),
      };
    case "workerd":
      return {
        label: "workerd (miniflare)",
        version: `workerd ${versions.workerd}, miniflare ${versions.miniflare}`,
        run: (config) =>
          run(process.execPath, [runner("workerd.mjs"), toolsDir, bundles.workerd, config], options()),
      };
    case "edge-runtime":
      return {
        label: "edge-runtime",
        version: versions["edge-runtime"]!,
        run: (config) =>
          run(process.execPath, [runner("edge.mjs"), toolsDir, bundles.edge, config], options()),
      };
  }
}
