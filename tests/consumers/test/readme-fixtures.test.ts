// The consumer fixtures mirror the README: the TikTok quick start has the README's imports, and
// every package a quick start imports is on the README's install line for its platform (so the
// consumer projects, installed from those lines, test what a reader of the README does).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { fixturesDir } from "./support/paths.js";
import { importedSpecifiers, installLineFor, packageOf, quickStartImports } from "./support/readme.js";

const fixture = (name: string) => readFileSync(join(fixturesDir, name), "utf8");

it("quickstart-tiktok.ts has the README quick start's imports", () => {
  const imports = quickStartImports();
  expect(imports.length).toBeGreaterThan(0);
  for (const line of imports) expect(fixture("quickstart-tiktok.ts")).toContain(line);
});

it.each(["tiktok", "youtube", "meta"])(
  "the README's install line for %s covers what its quick start imports",
  (platform) => {
    const installed = installLineFor(`@postkit/${platform}`).packages;
    const imported = importedSpecifiers(fixture(`quickstart-${platform}.ts`)).map(packageOf);
    expect(imported).toContain(`@postkit/${platform}`);
    for (const pkg of imported) expect(installed, `${pkg} is imported`).toContain(pkg);
  },
);
