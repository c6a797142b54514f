import type { AnyAdapter, CheckEnv } from "./env.js";

/**
 * One promise of the provider contract, as a plain async function: `describeConformance` wraps
 * each in an `it` titled `[id] promise`; the kit's own tests run them directly.
 */
export interface ConformanceCheck {
  /** A stable id, e.g. `oauth.state`: the name a failure is reported under. */
  id: string;
  /** The promise, in one sentence. */
  promise: string;
  /** Why the check does not apply to this adapter (it declares no such behaviour), or `undefined`. */
  skip?(adapter: AnyAdapter): string | undefined;
  /** Throws when the provider breaks the promise. */
  run(env: CheckEnv): Promise<void>;
}
