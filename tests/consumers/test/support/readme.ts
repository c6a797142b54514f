// What the root README.md tells users: its install commands, its quick start's imports and its
// version table. The consumer tests install and import exactly that.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.js";

export interface InstallLine {
  dev: boolean;
  packages: string[];
}

function readme(): string {
  return readFileSync(join(repoRoot, "README.md"), "utf8");
}

/** The text of a `## Title` section, up to the next `## ` heading. */
function section(title: string): string {
  const text = readme();
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${title}" section`);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The first fenced block of a language in a section. */
function firstBlock(title: string, language: string): string {
  const match = new RegExp("```" + language + "\\n([\\s\\S]*?)\\n```").exec(section(title));
  if (!match?.[1]) throw new Error(`README.md's "${title}" section has no \`\`\`${language} block`);
  return match[1];
}

/** Each `npm install` line of the Install section, comments removed. */
export function installLines(): InstallLine[] {
  return firstBlock("Install", "sh")
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line.startsWith("npm install "))
    .map((line) => {
      const words = line.split(/\s+/).slice(2);
      return {
        dev: words.some((word) => word === "-D" || word === "--save-dev"),
        packages: words.filter((word) => !word.startsWith("-")),
      };
    });
}

/** The install line a user of `pkg` follows. */
export function installLineFor(pkg: string): InstallLine {
  const line = installLines().find((candidate) => candidate.packages.includes(pkg));
  if (!line) throw new Error(`README.md's Install section does not install ${pkg}`);
  return line;
}

/** The import lines of the quick start. */
export function quickStartImports(): string[] {
  return firstBlock("Quick start", "ts")
    .split("\n")
    .filter((line) => line.startsWith("import "));
}

/** The package a module specifier belongs to: `@postkit/core/node` -> `@postkit/core`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** The bare module specifiers a source imports. */
export function importedSpecifiers(source: string): string[] {
  return [...source.matchAll(/^import [^;]*? from "([^".][^"]*)";/gm)].map((match) => match[1]!);
}

/** The Versions section's table: package name -> the version the docs describe. */
export function documentedVersions(): Record<string, string> {
  const rows = [...section("Versions").matchAll(/^\| `(@postkit\/[a-z-]+)` \| (\d+\.\d+\.\d+\S*) \|$/gm)];
  return Object.fromEntries(rows.map((row) => [row[1]!, row[2]!]));
}
