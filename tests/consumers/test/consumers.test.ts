// The packages as users get them: packed tarballs installed into a fresh project outside the
// workspace with npm (hoisted), pnpm (strict: only declared dependencies are importable) and
// Yarn 1, exactly as the README's Install section says. Each project compiles the quick starts
// under moduleResolution nodenext and bundler, runs them against the emulators of the installed
// @postkit/testing, and require()s every CommonJS entry point.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { type Consumer, createConsumer, resolutions } from "./support/consumer.js";
import { startEmulators } from "./support/emulators.js";
import { packageManagers } from "./support/package-managers.js";
import { installLines } from "./support/readme.js";
import { describeRun } from "./support/run.js";

const platforms = ["tiktok", "youtube", "meta"] as const;
/** The platform of each quick start's job (Meta's Page jobs are Facebook's). */
const jobPlatform = { tiktok: "tiktok", youtube: "youtube", meta: "facebook" } as const;
const unique = (names: string[]) => [...new Set(names)];

/** Entry points that load the optional peer `vitest`. */
const NEEDS_VITEST: readonly string[] = ["@postkit/testing/conformance"];

describe.each(packageManagers)("installed from the tarballs with %s, as the README says", (manager) => {
  let consumer: Consumer;

  beforeAll(async () => {
    const lines = installLines();
    consumer = createConsumer({
      name: manager,
      manager,
      dependencies: unique(lines.filter((line) => !line.dev).flatMap((line) => line.packages)),
      devDependencies: unique(lines.filter((line) => line.dev).flatMap((line) => line.packages)),
      sources: ["quickstart-tiktok.ts", "quickstart-youtube.ts", "quickstart-meta.ts", "serve-emulators.ts"],
    });
    const installed = await consumer.install();
    if (installed.code !== 0) throw new Error(describeRun(`${manager} install`, installed));
  }, 600_000);

  it.each(resolutions)(
    "compiles the quick starts under moduleResolution %s and runs them on the emulators",
    async (resolution) => {
      const compiled = await consumer.compile(resolution);
      expect(compiled.code, describeRun("tsc", compiled)).toBe(0);

      const emulators = await startEmulators(consumer, resolution);
      let requests: Record<string, number>;
      try {
        for (const platform of platforms) {
          const ran = await consumer.run(resolution, `quickstart-${platform}`, emulators.env);
          expect(ran.code, describeRun(`quickstart-${platform}`, ran)).toBe(0);
          const report = JSON.parse(ran.stdout.trim().split("\n").at(-1) ?? "") as {
            profileId: string;
            publish: { platform: string; ids: Record<string, string>; outcome: string };
          };
          expect(report.profileId).not.toBe("");
          expect(report.publish).toMatchObject({ platform: jobPlatform[platform], v: 1 });
          expect(Object.keys(report.publish.ids).length).toBeGreaterThan(0);
          expect(["processing", "published", "draft"]).toContain(report.publish.outcome);
          expect(ran.stdout).toContain("300000/300000");
        }
      } finally {
        const stopped = await emulators.process.stop();
        expect(stopped.code, describeRun("serve-emulators", stopped)).toBe(0);
        requests = (
          JSON.parse(stopped.stdout.trim().split("\n").at(-1) ?? "") as { requests: typeof requests }
        ).requests;
      }
      // The quick starts talked to the installed emulators, not to anything else.
      for (const platform of platforms) expect(requests[platform]).toBeGreaterThan(0);
    },
    240_000,
  );

  it("require()s the CommonJS build of every entry point", async () => {
    // The conformance kit registers vitest tests: it needs its optional peer `vitest`, which a
    // consumer installs to run it (the testing README says so), not these projects.
    const entryPoints = inject("consumers")
      .packages.flatMap((pkg) => pkg.entryPoints)
      .filter((id) => !NEEDS_VITEST.includes(id));
    const required = await consumer.requireEach(entryPoints);
    expect(required.code, describeRun("require-cjs.cjs", required)).toBe(0);
    const loaded = JSON.parse(required.stdout) as Record<string, { file: string; exports: number }>;
    expect(Object.keys(loaded).sort()).toEqual([...entryPoints].sort());
    for (const [id, { file, exports }] of Object.entries(loaded)) {
      expect(file, id).toMatch(/\.cjs$/);
      expect(exports, id).toBeGreaterThan(0);
    }
  }, 60_000);
});
