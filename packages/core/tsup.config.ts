import { defineConfig } from "tsup";

// ky and p-retry ship ESM only. The ESM build keeps them external (deduplicated by the app's
// bundler); the CJS build inlines them so `require("@postkit/core")` works on every Node >= 20.
const entry = { index: "src/index.ts", node: "src/node.ts" };

export default defineConfig([
  { entry, format: ["esm"], dts: true, sourcemap: true, clean: true, target: "es2022" },
  {
    entry,
    format: ["cjs"],
    dts: true,
    sourcemap: true,
    target: "es2022",
    noExternal: ["ky", "p-retry", "is-network-error"],
  },
]);
