import { inspect } from "node:util";
import { type ErrorCode, PostkitError } from "@postkit/core";
import { SECRET_MARKER } from "../harness/secrets.js";

/** A broken promise of the contract: the message says what the provider did and what it must do. */
export class ConformanceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConformanceFailure";
  }
}

/** Throws a {@link ConformanceFailure} with `message` unless `condition` holds. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(message);
}

/** The error `promise` rejects with; a {@link ConformanceFailure} naming `what` when it resolves. */
export async function refusal(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConformanceFailure) throw error;
    return error;
  }
  throw new ConformanceFailure(`${what} succeeded; it must be refused.`);
}

/** Runs `promise`; a failure becomes a {@link ConformanceFailure} saying `what` failed and why. */
export async function succeeds<T>(promise: Promise<T>, what: string): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw new ConformanceFailure(`${what} failed: ${describe(error)}`);
  }
}

/** An error in one line: class, code and message. */
export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === "string" ? ` ${code}` : ""}: ${error.message}`;
  }
  return String(error);
}

/** Whether `error`, or an error in its `cause` chain, is a postkit error with one of `codes`. */
export function hasCode(error: unknown, ...codes: ErrorCode[]): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    if (isCode(current, codes)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The ways a secret can appear in text: as is, percent-encoded, form-encoded, JSON-escaped. */
function forms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ];
}

/** Every rendering of `value` an app may print: message, JSON, `util.inspect`. */
function renderings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  const out: string[] = [];
  if (value instanceof Error) out.push(value.message, String(value.stack));
  const seen = new WeakSet<object>();
  try {
    out.push(
      JSON.stringify(value, (_key, item: unknown) => {
        if (typeof item === "object" && item !== null) {
          if (seen.has(item)) return undefined;
          seen.add(item);
        }
        if (item instanceof Error)
          return { ...item, message: item.message, stack: item.stack, cause: item.cause };
        return item;
      }) ?? "",
    );
  } catch {
    // A value JSON cannot render is still checked through inspect.
  }
  out.push(inspect(value, { depth: 8, showHidden: false }));
  return out;
}

/**
 * Where `value` shows a secret: the first of `secrets` (in any encoding) or the emulators'
 * secret marker it contains, or `undefined` when it shows none.
 */
export function findLeak(value: unknown, secrets: readonly string[]): string | undefined {
  const texts = renderings(value);
  for (const text of texts) {
    if (text.includes(SECRET_MARKER)) return `the secret marker "${SECRET_MARKER}"`;
    for (const secret of secrets) {
      if (secret.length >= 8 && forms(secret).some((form) => text.includes(form))) {
        return `a secret (${secret.slice(0, 4)}…)`;
      }
    }
  }
  return undefined;
}

/** Whether `error` is a postkit error with one of `codes`. */
export function isCode(error: unknown, codes: readonly ErrorCode[]): boolean {
  return PostkitError.isInstance(error) && codes.includes(error.code);
}
