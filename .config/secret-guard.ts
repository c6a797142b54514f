// Suite-wide redaction and message check, loaded as a vitest setup file in every project.
//
// Every secret the test suite uses (client secrets in fixtures, tokens and codes minted by the
// emulators) contains the marker `s3cr3t`. This file records every error the SDK creates while a
// test file runs (every postkit error, and any plain Error, TypeError or RangeError constructed
// by the SDK's own source) and fails the file if any of them shows a secret in its message, its
// properties, its cause chain or its inspected form. Errors the tests build themselves, and those
// of third-party code the SDK wraps, are not the SDK's to redact and are left out.
import { inspect } from "node:util";
import { afterAll } from "vitest";
import { findSecretLeak } from "./secret-leak.js";

const ERROR_MARKER = Symbol.for("postkit.error");
const created: object[] = [];

// PostkitError's constructor *assigns* this marker, so a setter on Object.prototype sees every
// instance without the library knowing about tests.
Object.defineProperty(Object.prototype, ERROR_MARKER, {
  configurable: true,
  enumerable: false,
  set(this: object, value: unknown) {
    Object.defineProperty(this, ERROR_MARKER, { value, writable: true, configurable: true, enumerable: false });
    created.push(this);
  },
});

// Plain errors: the global constructors are wrapped so a `new TypeError(...)` in SDK source is
// seen. Errors V8 throws itself (an invalid `new URL`) bypass this: the SDK validates first.
const SDK_SOURCE = /[\\/]packages[\\/](?!testing[\\/])[^\\/]+[\\/]src[\\/]/;
for (const name of ["Error", "TypeError", "RangeError"] as const) {
  const original = globalThis[name];
  globalThis[name] = new Proxy(original, {
    construct(target, args, newTarget) {
      const error = Reflect.construct(target, args, newTarget) as Error;
      // Frame 0 is this trap; frame 1 is whoever wrote `new`. Subclasses (postkit errors among
      // them) are recorded through their marker instead.
      if (newTarget === globalThis[name]) {
        const caller = error.stack?.split("\n").filter((line) => line.trimStart().startsWith("at "))[1];
        if (caller && SDK_SOURCE.test(caller)) created.push(error);
      }
      return error;
    },
  });
}

afterAll(() => {
  for (const error of created) {
    const leak = findSecretLeak(error, inspect);
    if (leak) throw new Error(`An error the SDK created exposed a secret (${leak}). Redact it where the error is built.`);
  }
  // postkit's errors say what happened in one sentence; advice goes in `hint` (URLs may hold dots).
  for (const error of created) {
    if (!(ERROR_MARKER in error)) continue;
    const message = String((error as Error).message).replace(/\bhttps?:\S+/g, "URL");
    if (/[.!?]["')]?\s+[A-Z]/.test(message)) {
      throw new Error(`A postkit error's message is more than one sentence; move the advice to \`hint\`: ${message}`);
    }
  }
});
