/**
 * @postkit/testing/conformance: the provider contract's promises as tests. A platform package
 * calls {@link describeConformance} with an adapter (its provider, its emulator and a few
 * platform facts) in one of its own test files, and every promise runs as an `it` named
 * `[id] promise`, so a failure says which promise the platform broke.
 *
 * @packageDocumentation
 */
import { describe, it } from "vitest";
import { ConformanceFailure } from "./assert.js";
import { capabilityChecks } from "./capabilities.js";
import type { ConformanceCheck } from "./check.js";
import { credentialChecks } from "./credentials.js";
import { type AnyAdapter, createEnv } from "./env.js";
import { hostileChecks } from "./hostile.js";
import { jobChecks } from "./jobs.js";
import { oauthChecks } from "./oauth.js";
import type { ConformanceAdapter } from "./types.js";
import { uploadChecks } from "./uploads.js";

export { ConformanceFailure } from "./assert.js";
export type { ConformanceCheck } from "./check.js";
export type { CheckEnv, AnyAdapter } from "./env.js";
export { pseudoRandomBytes } from "./env.js";
export type { TokenStoreCheck, TokenStoreCheckEnv } from "./token-store-checks.js";
export { tokenStoreChecks } from "./token-store-checks.js";
export {
  describeTokenStoreConformance,
  runTokenStoreCheck,
  type TokenStoreConformanceOptions,
  tokenStoreCheckTitle,
} from "./token-store.js";
export type {
  ConformanceAdapter,
  ConformanceProviderOptions,
  PkceEncoding,
  TokenConnection,
} from "./types.js";

/** Every check of the suite, by concern, in the order they run. */
export const conformanceChecks: readonly ConformanceCheck[] = Object.freeze([
  ...oauthChecks,
  ...credentialChecks,
  ...capabilityChecks,
  ...jobChecks,
  ...uploadChecks,
  ...hostileChecks,
]);

/** The `it` title of a check: `[id] promise`. */
export function checkTitle(check: ConformanceCheck): string {
  return `[${check.id}] ${check.promise}`;
}

/**
 * Runs one check against a fresh emulator and provider from `adapter`. Resolves when the provider
 * keeps the promise; rejects with a {@link ConformanceFailure} (or the provider's own error)
 * prefixed with the check's id when it does not.
 */
export async function runCheck(check: ConformanceCheck, adapter: AnyAdapter): Promise<void> {
  try {
    await check.run(createEnv(adapter));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConformanceFailure(`[${check.id}] ${message}`);
  }
}

/** Which checks to run. */
export interface ConformanceOptions {
  /** Only the checks whose id starts with one of these (e.g. `["oauth.", "jobs.publish"]`). */
  only?: readonly string[] | undefined;
  /** Leaves out the checks whose id starts with one of these, saying why in the skipped title. */
  skip?: Readonly<Record<string, string>> | undefined;
}

/**
 * Registers the conformance suite in the current vitest file: one `describe` per concern, one
 * `it` per promise. Checks the adapter says do not apply are registered as skipped, with the
 * reason in the title.
 *
 * @example
 * ```ts
 * import { describeConformance } from "@postkit/testing/conformance";
 * import { acmeConformance } from "./conformance-adapter.js";
 *
 * describeConformance(acmeConformance);
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: any emulator, scope union and options type.
export function describeConformance<TAdapter extends ConformanceAdapter<any, any, any>>(
  adapter: TAdapter,
  options: ConformanceOptions = {},
): void {
  const selected = conformanceChecks.filter(
    (check) => !options.only || options.only.some((prefix) => check.id.startsWith(prefix)),
  );
  describe(`${adapter.name} conformance (provider contract v1)`, () => {
    for (const check of selected) {
      const skippedBy = Object.entries(options.skip ?? {}).find(([prefix]) => check.id.startsWith(prefix));
      const reason = skippedBy?.[1] ?? check.skip?.(adapter);
      if (reason) it.skip(`${checkTitle(check)} (skipped: ${reason})`, () => undefined);
      else it(checkTitle(check), () => runCheck(check, adapter));
    }
  });
}
