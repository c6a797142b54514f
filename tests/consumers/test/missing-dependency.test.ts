// Proves the consumer tests can fail: under pnpm's strict layout a project that installs
// @postkit/tiktok without @postkit/core cannot import @postkit/core/node, although
// @postkit/tiktok itself has @postkit/core installed. This is why the README's install line names
// both, and why the pnpm consumer fails when a documented import's package is not installed.
import { beforeAll, expect, it } from "vitest";
import { type Consumer, createConsumer } from "./support/consumer.js";
import { installLineFor } from "./support/readme.js";
import { describeRun } from "./support/run.js";

let consumer: Consumer;

beforeAll(async () => {
  consumer = createConsumer({
    name: "pnpm-without-core",
    manager: "pnpm",
    dependencies: ["@postkit/tiktok"],
    sources: ["quickstart-tiktok.ts"],
  });
  const installed = await consumer.install();
  if (installed.code !== 0) throw new Error(describeRun("pnpm install", installed));
}, 600_000);

it("the README's install line for TikTok names @postkit/core, which the quick start imports", () => {
  expect(installLineFor("@postkit/tiktok").packages).toContain("@postkit/core");
});

it("without @postkit/core, the quick start does not compile and does not run", async () => {
  const compiled = await consumer.compile("nodenext");
  expect(compiled.code, describeRun("tsc", compiled)).not.toBe(0);
  expect(compiled.stdout).toContain("Cannot find module '@postkit/core/node'");
  // Only that import fails: @postkit/tiktok itself resolves.
  expect(compiled.stdout).not.toContain("'@postkit/tiktok'");

  // tsc still emits; Node refuses the import the same way.
  const ran = await consumer.run("nodenext", "quickstart-tiktok", {});
  expect(ran.code).not.toBe(0);
  expect(ran.stderr).toContain("Cannot find package '@postkit/core'");
}, 120_000);

it("CommonJS: @postkit/tiktok loads (its own @postkit/core is installed), @postkit/core/node does not", async () => {
  const tiktok = await consumer.requireEach(["@postkit/tiktok"]);
  expect(tiktok.code, describeRun("require @postkit/tiktok", tiktok)).toBe(0);
  const core = await consumer.requireEach(["@postkit/core/node"]);
  expect(core.code).not.toBe(0);
  expect(core.stderr).toContain("Cannot find module '@postkit/core/node'");
});
