// A fresh consumer project outside the workspace: a package.json naming the tarballs it depends
// on, the fixtures under src/, and what to do with it (install, compile, run, require).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { installCommand, manifestFields, type PackageManager } from "./package-managers.js";
import { fixturesDir, repoRoot } from "./paths.js";
import { type RunResult, run, userEnv } from "./run.js";

export type Resolution = "nodenext" | "bundler";
export const resolutions: readonly Resolution[] = ["nodenext", "bundler"];

export interface ConsumerOptions {
  /** Folder name under the run's work dir. */
  name: string;
  manager: PackageManager;
  /** @postkit packages installed as dependencies, from their tarballs. */
  dependencies: string[];
  /** @postkit packages installed as devDependencies, from their tarballs. */
  devDependencies?: string[];
  /** Fixture files copied into src/ (TypeScript compiled by the tsconfigs). */
  sources: string[];
}

export interface Consumer {
  dir: string;
  install(): Promise<RunResult>;
  compile(resolution: Resolution): Promise<RunResult>;
  /** Runs a compiled fixture with Node, e.g. `run("bundler", "quickstart-tiktok", env)`. */
  run(resolution: Resolution, fixture: string, env?: Record<string, string>): Promise<RunResult>;
  /** Starts a compiled fixture that keeps running until its stdin closes. */
  start(resolution: Resolution, fixture: string): LongRunning;
  /** require()s each entry point from the project root, in a CommonJS script. */
  requireEach(entryPoints: string[]): Promise<RunResult>;
}

export interface LongRunning {
  /** The first line the process printed. */
  firstLine: Promise<string>;
  /** Closes its stdin and resolves with everything it printed. */
  stop(): Promise<RunResult>;
}

/** TypeScript and Node's types at the versions the workspace uses, from the registry. */
function toolchain(): Record<string, string> {
  const root = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  const { typescript, "@types/node": typesNode } = root.devDependencies;
  if (!typescript || !typesNode)
    throw new Error("the root package.json no longer pins typescript and @types/node");
  return { typescript, "@types/node": typesNode };
}

export function createConsumer(options: ConsumerOptions): Consumer {
  const { workDir, packages, toolPath } = inject("consumers");
  const dir = join(workDir, options.name);
  const tarballSpecs = Object.fromEntries(packages.map((pkg) => [pkg.name, `file:${pkg.tarball}`]));
  const specsOf = (names: string[]) =>
    Object.fromEntries(
      names.map((name) => {
        const spec = tarballSpecs[name];
        if (!spec) throw new Error(`${name} is not a publishable package of this workspace`);
        return [name, spec];
      }),
    );

  mkdirSync(join(dir, "src"), { recursive: true });
  const manifest = {
    name: `consumer-${options.name}`,
    version: "1.0.0",
    private: true,
    type: "module",
    dependencies: specsOf(options.dependencies),
    devDependencies: { ...specsOf(options.devDependencies ?? []), ...toolchain() },
    ...manifestFields(options.manager, tarballSpecs),
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const source of options.sources) copyFileSync(join(fixturesDir, source), join(dir, "src", source));
  for (const file of ["tsconfig.nodenext.json", "tsconfig.bundler.json", "require-cjs.cjs"]) {
    copyFileSync(join(fixturesDir, file), join(dir, file));
  }
  // The video the quick starts upload: a few hundred KB of noise is enough for the emulators.
  writeFileSync(join(dir, "clip.mp4"), randomBytes(300_000));

  const env = (extra: Record<string, string> = {}) => userEnv(extra, toolPath);
  const node = (args: string[], extra?: Record<string, string>) =>
    run(process.execPath, args, { cwd: dir, env: env(extra) });

  return {
    dir,
    install() {
      const [command, args] = installCommand(options.manager, join(workDir, "yarn-cache"));
      return run(command, args, { cwd: dir, env: env(), timeoutMs: 600_000 });
    },
    compile(resolution) {
      return node([join(dir, "node_modules/typescript/bin/tsc"), "-p", `tsconfig.${resolution}.json`]);
    },
    run(resolution, fixture, extra) {
      return node([`out/${resolution}/${fixture}.js`], extra);
    },
    start(resolution, fixture) {
      const child = spawn(process.execPath, [`out/${resolution}/${fixture}.js`], {
        cwd: dir,
        env: env(),
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      const firstLine = new Promise<string>((resolve, reject) => {
        const check = () => {
          const end = stdout.indexOf("\n");
          if (end >= 0) resolve(stdout.slice(0, end));
        };
        child.stdout.on("data", check);
        exited.then((code) =>
          reject(new Error(`${fixture} exited with ${code} before printing:\n${stderr}`)),
        );
      });
      // A rejection nobody awaits (the process ended after its first line) is not an error.
      firstLine.catch(() => undefined);
      return {
        firstLine,
        async stop() {
          child.stdin.end();
          const timer = setTimeout(() => child.kill(), 10_000);
          const code = await exited;
          clearTimeout(timer);
          return { code, stdout, stderr };
        },
      };
    },
    requireEach(entryPoints) {
      return node(["require-cjs.cjs", JSON.stringify(entryPoints)]);
    },
  };
}
