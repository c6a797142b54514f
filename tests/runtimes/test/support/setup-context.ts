// What the global setup hands to the test files.
export interface RuntimeContext {
  /** The consumer project: the packed packages installed with npm, and the flow scripts. */
  appDir: string;
  /** The runtimes installed from npm (bun, deno, miniflare, edge-runtime). */
  toolsDir: string;
  /** The flows bundled for workerd (ES module) and edge-runtime (script). */
  bundles: { workerd: string; edge: string };
  /** The installed versions, by npm package. */
  versions: Record<string, string>;
}

declare module "vitest" {
  export interface ProvidedContext {
    runtimes: RuntimeContext;
  }
}
