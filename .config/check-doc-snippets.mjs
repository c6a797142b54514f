#!/usr/bin/env node
// Type-checks every TypeScript code sample in the documentation against the packages' built types.
//
// Extracts each ```ts / ```typescript fenced block from README.md, docs/*.md, packages/*/README.md
// and examples/**/README.md, writes it as its own module under node_modules/.cache/doc-snippets/
// (never in the tracked tree), and type-checks them all in one strict TypeScript program in which
// `@postkit/*` resolves to packages/*/dist (run `pnpm run build` first). App-side placeholders the
// samples use (`db`, `env`, `session`, `tokens`, …) are declared once in doc-snippets-prelude.d.ts.
// Errors are reported as `<markdown file>:<line>:<column>`. Exits 1 on any error.
//
// A block that is deliberately partial can opt out with `<!-- snippet: skip -->` on the line
// before its fence (blank lines between are allowed). Usage: node .config/check-doc-snippets.mjs (or `pnpm run check:docs`).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const ts = require("typescript");

const SKIP_MARKER = "<!-- snippet: skip -->";
const LANGUAGES = new Set(["ts", "typescript"]);
const PRELUDE = join(root, ".config", "doc-snippets-prelude.d.ts");
const outDir = join(root, "node_modules", ".cache", "doc-snippets");

const toPosix = (path) => path.split(sep).join("/");

/** The markdown files whose samples are checked, repository-relative. */
function markdownFiles() {
  const files = [];
  const mdIn = (dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir), { withFileTypes: true })
          .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
          .map((entry) => `${dir}/${entry.name}`)
      : [];
  if (existsSync(join(root, "README.md"))) files.push("README.md");
  files.push(...mdIn("docs"));
  for (const pkg of readdirSync(join(root, "packages"), { withFileTypes: true })) {
    if (pkg.isDirectory() && existsSync(join(root, "packages", pkg.name, "README.md"))) {
      files.push(`packages/${pkg.name}/README.md`);
    }
  }
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith(".")) {
        walk(`${dir}/${entry.name}`);
      } else if (entry.isFile() && entry.name === "README.md") {
        files.push(`${dir}/${entry.name}`);
      }
    }
  };
  if (existsSync(join(root, "examples"))) walk("examples");
  return files.sort();
}

/**
 * The fenced blocks of one markdown file: fences of ``` or ~~~, possibly indented (inside list
 * items, nested ones included). `line` is the 1-based markdown line of the block's first content line.
 */
function extractSnippets(file) {
  const lines = readFileSync(join(root, file), "utf8").split(/\r?\n/);
  const snippets = [];
  let skipped = 0;
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body = [];
    const indents = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^ *(`{3,}|~{3,})\s*$/.exec(lines[j]);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      // Content lines lose up to the opening fence's indentation (kept to map columns back).
      const stripped = /^ */.exec(lines[j])[0].length;
      indents.push(Math.min(stripped, indent.length));
      body.push(lines[j].slice(Math.min(stripped, indent.length)));
    }
    if (LANGUAGES.has(info.toLowerCase())) {
      let previous = i - 1;
      while (previous >= 0 && lines[previous].trim() === "") previous--;
      if (previous >= 0 && lines[previous].trim() === SKIP_MARKER) skipped++;
      else snippets.push({ file, line: i + 2, indents, code: body.join("\n") });
    }
    i = j; // continue after the closing fence (or the end of the file)
  }
  return { snippets, skipped };
}

/** `@postkit/<name>[/subpath]` → the built declaration file its `import` condition points at. */
function workspacePaths() {
  const paths = {};
  for (const pkg of readdirSync(join(root, "packages"), { withFileTypes: true })) {
    const manifestPath = join(root, "packages", pkg.name, "package.json");
    if (!pkg.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const types = typeof target === "object" ? target?.import?.types : undefined;
      if (!types) continue;
      const specifier = manifest.name + subpath.slice(1);
      const declaration = join(root, "packages", pkg.name, types);
      if (!existsSync(declaration)) {
        console.error(
          `check-doc-snippets: ${toPosix(relative(root, declaration))} is missing: run \`pnpm run build\` first.`,
        );
        process.exit(1);
      }
      paths[specifier] = [declaration];
    }
  }
  // Peer dependencies the samples import next to a package (ioredis with @postkit/redis), as the
  // package's dev dependency installed them.
  for (const [name, pkg] of [["ioredis", "redis"]]) {
    const declaration = join(root, "packages", pkg, "node_modules", name, "built", "index.d.ts");
    if (existsSync(declaration)) paths[name] = [declaration];
  }
  return paths;
}

const started = Date.now();
const sources = markdownFiles();
const snippets = [];
let skippedCount = 0;
for (const file of sources) {
  const { snippets: found, skipped } = extractSnippets(file);
  snippets.push(...found);
  skippedCount += skipped;
}
if (snippets.length === 0) {
  console.error("check-doc-snippets: no ```ts blocks found; is the extraction broken?");
  process.exit(1);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

// Every block becomes its own module (`export {}` at the end, so line numbers stay put).
const byFile = new Map();
for (const snippet of snippets) {
  const name = `${snippet.file.replace(/[/\\.]/g, "_")}_L${snippet.line}.ts`;
  const path = join(outDir, name);
  writeFileSync(path, `${snippet.code}\nexport {};\n`);
  byFile.set(toPosix(path), snippet);
}
// The prelude is copied as a .ts file so that it is checked too (skipLibCheck skips .d.ts files).
const preludeCopy = join(outDir, "__prelude.ts");
writeFileSync(preludeCopy, readFileSync(PRELUDE, "utf8"));

// A tsconfig in the cache folder, so `tsc -p node_modules/.cache/doc-snippets` reproduces a run.
const tsconfig = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    module: "ESNext",
    moduleResolution: "Bundler",
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    noFallthroughCasesInSwitch: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    resolveJsonModule: true,
    forceConsistentCasingInFileNames: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
    paths: workspacePaths(),
  },
  files: [...byFile.keys(), toPosix(preludeCopy)].map((path) => `./${toPosix(relative(outDir, path))}`),
};
writeFileSync(join(outDir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);

const parsed = ts.parseJsonConfigFileContent(tsconfig, ts.sys, outDir);
const program = ts.createProgram({
  rootNames: parsed.fileNames,
  options: parsed.options,
  configFileParsingDiagnostics: parsed.errors,
});
const diagnostics = ts.getPreEmitDiagnostics(program);

/** Where a diagnostic is, mapped back to the markdown for a snippet. */
function locate(diagnostic) {
  if (!diagnostic.file || diagnostic.start === undefined) return { file: "(global)", line: 0, column: 0 };
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const fileName = toPosix(diagnostic.file.fileName);
  const snippet = byFile.get(fileName);
  if (snippet) {
    return {
      file: snippet.file,
      line: snippet.line + line,
      column: character + 1 + (snippet.indents[line] ?? 0),
    };
  }
  const file = fileName === toPosix(preludeCopy) ? PRELUDE : fileName;
  return { file: toPosix(relative(root, file)), line: line + 1, column: character + 1 };
}

const reports = diagnostics.map((diagnostic) => ({
  ...locate(diagnostic),
  error: diagnostic.category === ts.DiagnosticCategory.Error,
  text: `${ts.DiagnosticCategory[diagnostic.category].toLowerCase()} TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n    ")}`,
}));
reports.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
for (const report of reports)
  console.error(`${report.file}:${report.line}:${report.column} - ${report.text}`);
const errors = reports.filter((report) => report.error).length;

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const summary = `${snippets.length} TypeScript samples from ${sources.length} files (${skippedCount} skipped), ${seconds} s`;
if (errors > 0) {
  console.error(`check-doc-snippets: ${errors} error${errors === 1 ? "" : "s"} in ${summary}.`);
  process.exit(1);
}
console.log(`check-doc-snippets: ${summary}: all compile.`);
