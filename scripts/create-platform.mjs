#!/usr/bin/env node
// pnpm create-platform <name> [--out <dir>] [--link]
//
// Generates a platform package with postkit's shared layout: a client implementing the v1
// Provider contract (one module per concern, each a stub that says what to implement), an
// emulator skeleton in the emulators' layout, the conformance suite wired to both, README and
// changeset stubs. The package builds, type-checks and lints as generated; its conformance run
// fails check by check with messages that say what to implement. See docs/adding-a-platform.md.
//
// --out <dir>  write the package to <dir> instead of packages/<name> (no changeset then).
// --link       with --out: link @postkit/core, @postkit/testing, @types/node, tsup and typescript from this
//              repository into <dir>/node_modules, so the package builds and tests outside the
//              workspace (used by the scaffold's own test).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function parseArgs(argv) {
  const args = { name: undefined, out: undefined, link: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--out") args.out = argv[++i];
    else if (arg === "--link") args.link = true;
    else if (arg === "--help" || arg === "-h") args.help = true;
    else if (!args.name) args.name = arg;
    else throw new Error(`Unexpected argument: ${arg}`);
  }
  return args;
}

const usage = "Usage: pnpm create-platform <name> [--out <dir>] [--link]\n  <name>: lower-case letters, digits and dashes, e.g. acme or acme-video";

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || !args.name) {
    console.log(usage);
    process.exit(args.help ? 0 : 1);
  }
  if (!/^[a-z][a-z0-9-]*$/.test(args.name)) {
    console.error(`"${args.name}" is not a platform name.\n${usage}`);
    process.exit(1);
  }
  const target = args.out ? resolve(args.out) : join(repo, "packages", args.name);
  if (existsSync(join(target, "package.json"))) {
    console.error(`${relative(process.cwd(), target) || target} already has a package.json; choose another name or --out.`);
    process.exit(1);
  }
  const names = namesOf(args.name);
  const base = relative(target, join(repo, "tsconfig.base.json")).split("\\").join("/");
  const files = templates(names, { tsconfigBase: base });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
  }
  if (!args.out) {
    writeFileSync(
      join(repo, ".changeset", `${names.name}.md`),
      `---\n"${names.pkg}": minor\n---\n\n${names.Pascal} for postkit: TODO(create-platform) say what the first release does (OAuth, profile, video publishing).\n`,
    );
  }
  format(target);
  if (args.link) link(target);
  const where = relative(process.cwd(), target) || target;
  console.log(`Created ${names.pkg} in ${where}.

Next:
  pnpm install                     # link it into the workspace
  pnpm --filter ${names.pkg} build
  pnpm exec vitest run --config vitest.workspace.ts --project packages/${names.name}

The conformance run lists what remains to implement, one named promise at a time.
docs/adding-a-platform.md walks through the decisions (scope style, PKCE, renewal, upload, paging).`);
}

/** Formats the generated files with the repository's Biome setup, so the package lints as generated. */
function format(target) {
  const biome = join(repo, "node_modules", ".bin", process.platform === "win32" ? "biome.cmd" : "biome");
  if (!existsSync(biome)) return;
  const result = spawnSync(biome, ["format", "--write", `--config-path=${join(repo, ".config", "biome.json")}`, target], {
    encoding: "utf8",
  });
  if (result.status !== 0) console.warn(`biome format did not finish cleanly:\n${result.stdout}${result.stderr}`);
}

function link(target) {
  const links = {
    "@postkit/core": join(repo, "packages", "core"),
    "@postkit/testing": join(repo, "packages", "testing"),
    "@types/node": realpathSync(join(repo, "node_modules", "@types", "node")),
    tsup: realpathSync(join(repo, "node_modules", "tsup")),
    typescript: realpathSync(join(repo, "node_modules", "typescript")),
  };
  for (const [name, source] of Object.entries(links)) {
    const path = join(target, "node_modules", name);
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path)) symlinkSync(source, path, "dir");
  }
}

function namesOf(name) {
  const Pascal = name
    .split("-")
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
  return { name, Pascal, camel: Pascal[0].toLowerCase() + Pascal.slice(1), UPPER: name.toUpperCase().replace(/-/g, "_"), pkg: `@postkit/${name}` };
}

/** Every generated file, by path. */
function templates(n, { tsconfigBase }) {
  const { name, Pascal, camel, UPPER, pkg } = n;
  const todo = "TODO(create-platform)";
  return {
    "package.json": `${JSON.stringify(
      {
        name: pkg,
        version: "0.0.0",
        description: `${Pascal} for postkit: OAuth, profile and video publishing on the v1 provider contract.`,
        license: "MIT",
        author: "The postkit contributors",
        type: "module",
        sideEffects: false,
        engines: { node: ">=20" },
        keywords: [name, "oauth", "upload", "postkit"],
        files: ["dist", "README.md", "LICENSE", "CHANGELOG.md"],
        main: "./dist/index.cjs",
        module: "./dist/index.js",
        types: "./dist/index.d.cts",
        exports: {
          ".": {
            import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
            require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
          },
          "./package.json": "./package.json",
        },
        scripts: {
          build: "tsup",
          typecheck: "tsc --noEmit -p tsconfig.json",
          "check:package": "publint --strict && attw --pack .",
        },
        dependencies: { "@postkit/core": "workspace:^", zod: "^4.6.7" },
        devDependencies: { "@postkit/testing": "workspace:*" },
        publishConfig: { access: "public", provenance: true },
      },
      null,
      2,
    )}\n`,
    "tsconfig.json": `${JSON.stringify(
      { extends: tsconfigBase, compilerOptions: { types: ["node"] }, include: ["src", "test", "tsup.config.ts"] },
      null,
      2,
    )}\n`,
    "tsup.config.ts": `import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
});
`,
    "typedoc.json": `${JSON.stringify(
      {
        $schema: "https://typedoc.org/schema.json",
        entryPoints: ["src/index.ts"],
        tsconfig: "tsconfig.json",
        readme: "README.md",
        disableSources: true,
        validation: { notExported: true, invalidLink: true, notDocumented: true },
        treatWarningsAsErrors: true,
      },
      null,
      2,
    )}\n`,
    "README.md": `# ${pkg}

${Pascal} for postkit: OAuth, the account's profile and video publishing, on the same v1
provider contract as \`@postkit/tiktok\` and \`@postkit/youtube\`.

> ${todo}: this package was generated by \`pnpm create-platform ${name}\`. Its conformance run
> (\`test/conformance.test.ts\`) lists what remains to implement; see docs/adding-a-platform.md.

## Install

\`\`\`sh
pnpm add ${pkg}
\`\`\`

## Connect an account

${todo}: the whole flow (authorization URL, callback, publish), the platform's rules and its
error table, as in the TikTok and YouTube READMEs.
`,
    "src/index.ts": `/**
 * ${pkg}: ${Pascal} for postkit, on the v1 provider contract.
 *
 * @packageDocumentation
 */

export { ${UPPER}_CAPABILITIES } from "./capabilities.js";
export { ${Pascal}, type ${Pascal}Options } from "./client.js";
export { ${UPPER}_BASE_URLS, type ${Pascal}BaseUrls } from "./endpoints.js";
export { ${Pascal}NotImplementedError } from "./errors.js";
export type { ${Pascal}Profile } from "./profile.js";
export type { ${Pascal}VideoOptions } from "./publish.js";
export { ${UPPER}_SCOPES, type ${Pascal}Scope, ${camel}ScopeStyle } from "./scopes.js";
`,
    "src/endpoints.ts": `/**
 * ${Pascal}'s hosts by role. The emulator's \`defaultBaseUrls\` use the same role names, so
 * \`new ${Pascal}({ baseUrls: server.baseUrls.${name} })\` points the client at it.
 * @group Client
 */
export interface ${Pascal}BaseUrls {
  /** The authorization page's host. */
  auth: string;
  /** The API: tokens, profile, publishing. */
  api: string;
  /** Where video bytes go. */
  upload: string;
}

/**
 * The real base URLs. ${todo}: the platform's documented hosts; describe, next to them, where
 * URLs the platform hands out (upload URLs, session URIs) may point (\`isTrustedUrl\`).
 * @group Client
 */
export const ${UPPER}_BASE_URLS: Readonly<${Pascal}BaseUrls> = Object.freeze({
  auth: "https://auth.${name}.example",
  api: "https://api.${name}.example",
  upload: "https://upload.${name}.example",
});
`,
    "src/scopes.ts": `import { type ScopeStyle, spaceSeparatedScopes } from "@postkit/core";

/**
 * The scopes the client knows. ${todo}: the platform's scope names.
 * @group Scopes
 */
export const ${UPPER}_SCOPES = ["profile", "publish"] as const;

/** One of {@link ${UPPER}_SCOPES}. @group Scopes */
export type ${Pascal}Scope = (typeof ${UPPER}_SCOPES)[number];

/**
 * How ${Pascal} writes scope lists (decision: \`spaceSeparatedScopes\` as OAuth 2.0 says, or
 * \`commaSeparatedScopes\` as TikTok and Meta do). ${todo}: check the platform's docs.
 * @group Scopes
 */
export const ${camel}ScopeStyle: ScopeStyle = spaceSeparatedScopes;
`,
    "src/errors.ts": `/**
 * What a generated stub throws until its part of the platform is written. The message names the
 * method, the file and what the method must do.
 * ${todo}: this file becomes the platform's error table (an \`interpret\` function for the HTTP
 * client that turns error bodies into \`PlatformError\`, \`RateLimitError\` or \`OAuthError\`).
 * @group Errors
 */
export class ${Pascal}NotImplementedError extends Error {
  constructor(what: string, where: string, todo: string) {
    super(\`${name}: implement \${what} in \${where}: \${todo}\`);
    this.name = "${Pascal}NotImplementedError";
  }
}

/** @internal */
export function notImplemented(what: string, where: string, todo: string): Promise<never> {
  return Promise.reject(new ${Pascal}NotImplementedError(what, where, todo));
}
`,
    "src/context.ts": `import type { Clock, IdempotencyStore, Logger, TokenSet, TokenStore } from "@postkit/core";
import type { ${Pascal}BaseUrls } from "./endpoints.js";

/** @internal What the per-concern modules share with the client. */
export interface ${Pascal}Context {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  baseUrls: ${Pascal}BaseUrls;
  fetch: typeof globalThis.fetch | undefined;
  logger: Logger | undefined;
  tokenStore: TokenStore | undefined;
  idempotencyStore: IdempotencyStore | undefined;
  onTokens: ((tokens: TokenSet, key: string) => void | Promise<void>) | undefined;
  clock: Clock | undefined;
}
`,
    "src/capabilities.ts": `import type { CapabilityManifest } from "@postkit/core";
import type { ${Pascal}Scope } from "./scopes.js";

const later = { available: false, reason: "Not implemented yet." } as const;

/**
 * What the ${Pascal} client can do and which scopes each operation needs. Checked before any
 * request. ${todo}: mark each operation available (with its scopes) as you implement it, or
 * unavailable with the platform's reason.
 * @group Client
 */
export const ${UPPER}_CAPABILITIES: CapabilityManifest<${Pascal}Scope> = Object.freeze({
  getProfile: { available: true, scopes: ["profile"] },
  publishVideo: { available: true, scopes: ["publish"] },
  getPublishStatus: { available: true, scopes: ["publish"] },
  resumeUpload: { available: true, scopes: ["publish"] },
  listVideos: { available: true, scopes: ["profile"] },
  revoke: { available: true, scopes: [] },
  publishPhotos: later,
  saveDraft: later,
  updateVideo: later,
  deleteVideo: later,
});
`,
    "src/oauth.ts": `import type { CallOptions, ConnectResult, Connection, LoginSession, LoginStart, TokenSet } from "@postkit/core";
import type { AuthorizationUrlInput } from "@postkit/core";
import type { ${Pascal}Context } from "./context.js";
import { notImplemented } from "./errors.js";
import type { ${Pascal}Scope } from "./scopes.js";

const FILE = "src/oauth.ts";

/** @internal The authorization URL and its login session. */
export function createAuthorizationUrl(
  _context: ${Pascal}Context,
  _input: AuthorizationUrlInput<${Pascal}Scope>,
): Promise<LoginStart> {
  return notImplemented(
    "createAuthorizationUrl",
    FILE,
    "build the URL with core's buildAuthorizationUrl (client id, redirect URI, scopes in the scope style, state, PKCE as the platform wants it) and keep a createLoginSession",
  );
}

/** @internal Validates the callback, exchanges the code, lists the login's accounts. */
export function connect(
  _context: ${Pascal}Context,
  _callback: string | URL | URLSearchParams,
  _session: LoginSession | undefined,
  _options: CallOptions,
): Promise<ConnectResult> {
  return notImplemented(
    "connect",
    FILE,
    "check the session (checkLoginSession) and the callback's state and error before any request, exchange the code once, return each account with its credentials and save them to the tokenStore",
  );
}

/** @internal Renews a token set. */
export function renewTokens(_context: ${Pascal}Context, _tokens: TokenSet, _options: CallOptions): Promise<TokenSet> {
  return notImplemented("renewTokens", FILE, "refresh (or exchange) the tokens as the platform's renewal kind says");
}

/** @internal Revokes the grant and forgets it in the store. */
export function revoke(_context: ${Pascal}Context, _connection: Connection, _options: CallOptions): Promise<void> {
  return notImplemented("revoke", FILE, "revoke the grant at the platform, then delete it from the tokenStore");
}
`,
    "src/profile.ts": `import type { CallOptions, Connection, Profile } from "@postkit/core";
import type { ${Pascal}Context } from "./context.js";
import { notImplemented } from "./errors.js";

/**
 * The account's profile. ${todo}: add the platform's extra fields the granted scopes reveal.
 * @group Profile
 */
export interface ${Pascal}Profile extends Profile {}

/** @internal */
export function getProfile(_context: ${Pascal}Context, _connection: Connection, _options: CallOptions): Promise<${Pascal}Profile> {
  return notImplemented("getProfile", "src/profile.ts", "read the profile with the connection's credentials, asking only for what the granted scopes reveal");
}
`,
    "src/upload-protocol.ts": `import type { ResumeState, UploadProtocol } from "@postkit/core";
import type { ${Pascal}Context } from "./context.js";
import { ${Pascal}NotImplementedError } from "./errors.js";

/**
 * @internal The platform's upload protocol for core's engine (\`runUpload\`): where each range
 * ends, how one is sent, what the server's answers mean (\`classify\`: retry, resync, refresh,
 * fatal), the resync signal (TikTok's 416, YouTube's 308 with Range) and the resume state. The
 * engine owns retries, abort, progress and resume. See docs/uploads.md.
 */
export function uploadProtocol(_context: ${Pascal}Context, _state: ResumeState): UploadProtocol<string> {
  throw new ${Pascal}NotImplementedError(
    "uploadProtocol",
    "src/upload-protocol.ts",
    "write the UploadProtocol (rangeEnd, send, classify, probe, resumeState) the engine runs",
  );
}
`,
    "src/publish.ts": `import type {
  CallOptions,
  Connection,
  ListOptions,
  Page,
  PublishJob,
  ResumeState,
  ResumeUploadInput,
  VideoPublishInput,
  WaitOptions,
} from "@postkit/core";
import type { ${Pascal}Context } from "./context.js";
import { notImplemented } from "./errors.js";

const FILE = "src/publish.ts";

/**
 * ${Pascal}'s video options. ${todo}: the platform's fields (privacy, title, …).
 * @group Publishing
 */
export interface ${Pascal}VideoOptions {
  /** The post's title. */
  title?: string | undefined;
  /** Bytes per upload request. */
  chunkSize?: number | undefined;
}

/** @internal */
export function publishVideo(
  _context: ${Pascal}Context,
  _connection: Connection,
  _input: VideoPublishInput<${Pascal}VideoOptions>,
): Promise<PublishJob> {
  return notImplemented(
    "publishVideo",
    FILE,
    "check the capability and scopes, start the upload once (publishOnce for idempotency keys), run the upload engine with src/upload-protocol.ts, and return a job (unknown when the decisive response is lost)",
  );
}

/** @internal */
export function resumeUpload(
  _context: ${Pascal}Context,
  _connection: Connection,
  _state: ResumeState,
  _input: ResumeUploadInput,
): Promise<PublishJob> {
  return notImplemented("resumeUpload", FILE, "continue the upload engine from the saved state, without a new publish");
}

/** @internal */
export function getPublishStatus(
  _context: ${Pascal}Context,
  _connection: Connection,
  _job: PublishJob,
  _options: CallOptions,
): Promise<PublishJob> {
  return notImplemented("getPublishStatus", FILE, "bring the job up to date; reconcile an unknown job without repeating the write");
}

/** @internal */
export function waitForPublish(
  _context: ${Pascal}Context,
  _connection: Connection,
  _job: PublishJob,
  _options: WaitOptions,
): Promise<PublishJob> {
  return notImplemented("waitForPublish", FILE, "poll getPublishStatus at the platform's pace (core's pollUntil) until the job settles");
}

/** @internal */
export function listVideos(_context: ${Pascal}Context, _connection: Connection, _options: ListOptions): Promise<Page<unknown>> {
  return notImplemented("listVideos", FILE, "one page of the account's videos, newest first, with nextCursor");
}
`,
    "src/client.ts": `import {
  type AuthorizationUrlInput,
  type CallOptions,
  type CapabilityManifest,
  type Clock,
  type ConnectResult,
  type Connection,
  CONTRACT_VERSION,
  type IdempotencyStore,
  type ListOptions,
  type Logger,
  type LoginSession,
  type LoginStart,
  type Page,
  type Provider,
  type PublishJob,
  type RenewalKind,
  type ResumeState,
  type ResumeUploadInput,
  type RetryPolicy,
  type ScopeStyle,
  type TokenSet,
  type TokenStore,
  type VideoPublishInput,
  type WaitOptions,
} from "@postkit/core";
import { ${UPPER}_CAPABILITIES } from "./capabilities.js";
import type { ${Pascal}Context } from "./context.js";
import { ${UPPER}_BASE_URLS, type ${Pascal}BaseUrls } from "./endpoints.js";
import * as oauth from "./oauth.js";
import * as profile from "./profile.js";
import type { ${Pascal}Profile } from "./profile.js";
import * as publish from "./publish.js";
import type { ${Pascal}VideoOptions } from "./publish.js";
import { type ${Pascal}Scope, ${camel}ScopeStyle } from "./scopes.js";

/** @group Client */
export interface ${Pascal}Options {
  /** The app's client id. */
  clientId: string;
  /** The app's client secret. */
  clientSecret: string;
  /** The redirect URI registered with the platform. */
  redirectUri: string;
  /** Other base URLs by role (an emulator's, say). */
  baseUrls?: Partial<${Pascal}BaseUrls> | undefined;
  /** The \`fetch\` to send requests with. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Overrides of the retry policy. */
  retry?: Partial<RetryPolicy> | undefined;
  /** Receives redacted request, retry and error events. */
  logger?: Logger | undefined;
  /** The app's shared token store. */
  tokenStore?: TokenStore | undefined;
  /** Remembers idempotency keys. */
  idempotencyStore?: IdempotencyStore | undefined;
  /** Receives renewed tokens of plain-token connections. */
  onTokens?: ((tokens: TokenSet, key: string) => void | Promise<void>) | undefined;
  /** Time, for tests. */
  clock?: Clock | undefined;
}

/**
 * The ${Pascal} client: core's v1 \`Provider\`, one module per concern behind it.
 * @group Client
 */
export class ${Pascal} implements Provider<${Pascal}Scope, ${Pascal}Profile, ${Pascal}VideoOptions> {
  readonly specificationVersion = CONTRACT_VERSION;
  readonly id = "${name}";
  readonly scopeStyle: ScopeStyle = ${camel}ScopeStyle;
  /** ${todo}: "refresh-token", "exchange" or "none", as the platform renews tokens. */
  readonly renewal: RenewalKind = "refresh-token";
  readonly capabilities: CapabilityManifest<${Pascal}Scope> = ${UPPER}_CAPABILITIES;
  readonly #context: ${Pascal}Context;

  constructor(options: ${Pascal}Options) {
    this.#context = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri: options.redirectUri,
      baseUrls: { ...${UPPER}_BASE_URLS, ...options.baseUrls },
      fetch: options.fetch,
      logger: options.logger,
      tokenStore: options.tokenStore,
      idempotencyStore: options.idempotencyStore,
      onTokens: options.onTokens,
      clock: options.clock,
    };
  }

  createAuthorizationUrl(input: AuthorizationUrlInput<${Pascal}Scope>): Promise<LoginStart> {
    return oauth.createAuthorizationUrl(this.#context, input);
  }

  connect(callback: string | URL | URLSearchParams, session: LoginSession | undefined, options: CallOptions = {}): Promise<ConnectResult> {
    return oauth.connect(this.#context, callback, session, options);
  }

  renewTokens(tokens: TokenSet, options: CallOptions = {}): Promise<TokenSet> {
    return oauth.renewTokens(this.#context, tokens, options);
  }

  revoke(connection: Connection, options: CallOptions = {}): Promise<void> {
    return oauth.revoke(this.#context, connection, options);
  }

  getProfile(connection: Connection, options: CallOptions = {}): Promise<${Pascal}Profile> {
    return profile.getProfile(this.#context, connection, options);
  }

  publishVideo(connection: Connection, input: VideoPublishInput<${Pascal}VideoOptions>): Promise<PublishJob> {
    return publish.publishVideo(this.#context, connection, input);
  }

  resumeUpload(connection: Connection, state: ResumeState, input: ResumeUploadInput): Promise<PublishJob> {
    return publish.resumeUpload(this.#context, connection, state, input);
  }

  getPublishStatus(connection: Connection, job: PublishJob, options: CallOptions = {}): Promise<PublishJob> {
    return publish.getPublishStatus(this.#context, connection, job, options);
  }

  waitForPublish(connection: Connection, job: PublishJob, options: WaitOptions = {}): Promise<PublishJob> {
    return publish.waitForPublish(this.#context, connection, job, options);
  }

  listVideos(connection: Connection, options: ListOptions = {}): Promise<Page<unknown>> {
    return publish.listVideos(this.#context, connection, options);
  }
}
`,
    "test/emulator/emulator.ts": `// The ${Pascal} emulator: a strict, stateful fake of the platform, in the emulators' layout
// (see @postkit/testing's README, "Writing an emulator"). Write it from the platform's
// documentation, not from this package's code. In this repository it moves to
// packages/testing/src/${name}/ when the platform lands; a third-party package keeps it here.
import { type EmulatorContext, mintSecret, type PlatformEmulator } from "@postkit/testing";
import { ${UPPER}_BASE_URLS } from "../../src/endpoints.js";

/** The ${Pascal} emulator: a PlatformEmulator plus test controls. */
export interface ${Pascal}Emulator extends PlatformEmulator {
  readonly platform: "${name}";
  /** The registered app. */
  readonly clientId: string;
  /** Its secret (contains the secret marker). */
  readonly clientSecret: string;
  /** Its registered redirect URI. */
  readonly redirectUri: string;
  /** Mints tokens for \`scopes\` without the OAuth dance, as the token endpoint answers. */
  issueTokens(scopes?: readonly string[]): { access_token: string; refresh_token?: string; expires_in: number; scope: string; account_id: string };
  /** How many posts the platform holds. */
  posts(): number;
  /** Hex SHA-256 of the bytes uploaded for a post. */
  uploadedSha256(postId: string): string | undefined;
}

/** A fresh ${Pascal} emulator. */
export function create${Pascal}Emulator(): ${Pascal}Emulator {
  const clientId = "${name}-client";
  const clientSecret = mintSecret("${name}-");
  return {
    platform: "${name}",
    defaultBaseUrls: { ...${UPPER}_BASE_URLS },
    clientId,
    clientSecret,
    redirectUri: "https://app.example/callback/${name}",
    async handle(request: Request, context: EmulatorContext): Promise<Response> {
      // ${todo}: route on context.role and context.path: the authorization page (consent()),
      // the token endpoint, the profile, the publish and upload endpoints.
      return Response.json(
        {
          error: "not_implemented",
          message: \`implement \${request.method} \${context.role} \${context.path} in test/emulator/emulator.ts\`,
        },
        { status: 501 },
      );
    },
    issueTokens() {
      throw new Error("implement issueTokens in test/emulator/emulator.ts: mint tokens (mintSecret) the emulator's API accepts");
    },
    posts: () => 0,
    uploadedSha256: () => undefined,
  };
}
`,
    "test/emulator/index.ts": `export { create${Pascal}Emulator, type ${Pascal}Emulator } from "./emulator.js";
`,
    "test/conformance-adapter.ts": `// ${Pascal}'s adapter for the conformance suite (@postkit/testing/conformance): how to build the
// client and its emulator, and the platform facts the checks need. Each field is a decision to
// make (docs/adding-a-platform.md); the defaults here are placeholders.
import { credentialKeyOf, spaceSeparatedScopes } from "@postkit/core";
import type { ConformanceAdapter } from "@postkit/testing/conformance";
import { ${Pascal}, type ${Pascal}Scope, type ${Pascal}VideoOptions } from "../src/index.js";
import { create${Pascal}Emulator, type ${Pascal}Emulator } from "./emulator/index.js";

const CHUNK = 256 * 1024;

export const ${camel}Conformance: ConformanceAdapter<${Pascal}Emulator, ${Pascal}Scope, ${Pascal}VideoOptions> = {
  name: "${name}",
  createEmulator: () => create${Pascal}Emulator(),
  createProvider: (emulator, options) =>
    new ${Pascal}({
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      redirectUri: emulator.redirectUri,
      retry: { minDelayMs: 1, maxDelayMs: 2 },
      ...options,
    }),
  scopes: { profile: ["profile"], publish: ["profile", "publish"] },
  // ${todo}: the client id parameter and PKCE encoding the platform wants.
  oauth: { clientIdParam: "client_id", clientId: (emulator) => emulator.clientId, pkce: "S256-base64url" },
  // ${todo}: "refresh-token" (rotates?), "exchange" or "none".
  renewal: { kind: "refresh-token", rotates: false },
  connection(emulator, scopes) {
    const raw = emulator.issueTokens(scopes);
    return {
      account: {
        platform: "${name}",
        id: raw.account_id,
        displayName: raw.account_id,
        credentialKey: credentialKeyOf("${name}", raw.account_id),
      },
      credentials: {
        accessToken: raw.access_token,
        refreshToken: raw.refresh_token,
        tokenType: "Bearer",
        expiresAt: Date.now() + raw.expires_in * 1000,
        scopes: spaceSeparatedScopes.parse(raw.scope),
        raw: { ...raw },
      },
    };
  },
  video: {
    options: { title: "Conformance", chunkSize: CHUNK },
    size: 3 * CHUNK + 5,
    chunkSize: CHUNK,
    storedSha256: (emulator, job) => emulator.uploadedSha256(job.ids.postId ?? ""),
    posts: (emulator) => emulator.posts(),
  },
  // ${todo}: the emulator's token endpoint, the write that creates a post, a chunk's request.
  requests: {
    token: { platform: "${name}", path: "/oauth/token" },
    publish: { platform: "${name}", method: "POST", path: "/videos" },
    chunk: { platform: "${name}", role: "upload", method: "PUT" },
  },
  // ${todo}: the platform's resync signal, or leave it out (the check is then skipped).
  resync: (size, chunk) => ({
    platform: "${name}",
    role: "upload",
    method: "PUT",
    after: 1,
    status: 308,
    headers: { range: \`bytes=0-\${chunk - 1}\`, "x-total": String(size) },
  }),
  // ${todo}: the faults that lose the publish's decisive response.
  lostResponse: {
    faults: () => [{ platform: "${name}", method: "POST", path: "/videos", drop: "after-response" }],
    reconcilable: true,
  },
};
`,
    "test/conformance.test.ts": `// The provider contract's promises, run against ${Pascal} and its emulator. Each failing check
// names the promise and what to implement.
import { describeConformance } from "@postkit/testing/conformance";
import { ${camel}Conformance } from "./conformance-adapter.js";

describeConformance(${camel}Conformance);
`,
  };
}

main();
