// Suite-wide redaction check, loaded as a vitest setup file in every project.
//
// Every secret the test suite uses (client secrets in fixtures, tokens and codes minted by the
// emulators) contains the marker `s3cr3t`. This file records every postkit error created while a
// test file runs and fails the file if any of them shows a secret in its message, its properties,
// its cause chain or its inspected form.
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

afterAll(() => {
  for (const error of created) {
    const leak = findSecretLeak(error, inspect);
    if (leak) throw new Error(`A postkit error exposed a secret (${leak}). Redact it where the error is built.`);
  }
});
