import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", tiktok: "src/tiktok.ts", meta: "src/meta.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  external: ["ioredis", "@postkit/core", "@postkit/tiktok", "@postkit/meta"],
});
