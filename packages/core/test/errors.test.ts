import { createRequire } from "node:module";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  ErrorCode,
  HttpError,
  NetworkError,
  OAuthError,
  PlatformError,
  PostkitError,
  parseResumeState,
  RateLimitError,
  ResponseShapeError,
  ScopeError,
  UploadError,
  ValidationError,
} from "@postkit/core";

describe("error hierarchy", () => {
  const samples = [
    new OAuthError("o", { error: "invalid_grant" }),
    new ScopeError("s", { platform: "p", missing: ["a"], granted: [] }),
    new ValidationError("v"),
    new ResponseShapeError("r", { issues: [], body: {} }),
    new HttpError("h", { status: 500, method: "GET", url: "u", headers: {}, body: null, retryable: true }),
    new RateLimitError("l", { source: "client", retryAfterMs: 10 }),
    new NetworkError("n", { method: "GET", url: "u" }),
    new PlatformError("p", { platform: "tiktok", platformCode: "spam_risk_too_many_posts" }),
    new UploadError("u", { resumeState: { version: 1, platform: "p", ids: {}, offset: 0, totalBytes: 1 } }),
  ];

  it("every error is a PostkitError with a stable code, and only its own kind", () => {
    const guards = [
      OAuthError,
      ScopeError,
      ValidationError,
      ResponseShapeError,
      HttpError,
      RateLimitError,
      NetworkError,
      PlatformError,
      UploadError,
    ];
    samples.forEach((error, index) => {
      expect(PostkitError.isInstance(error)).toBe(true);
      expect(error).toBeInstanceOf(Error);
      expect(Object.values(ErrorCode)).toContain(error.code);
      for (const [other, guard] of guards.entries()) expect(guard.isInstance(error)).toBe(index === other);
    });
  });

  it("isInstance works across realms (a copy of the package) through the global symbol", () => {
    const foreign = Object.assign(new Error("from another copy"), {
      [Symbol.for("postkit.error")]: true,
      [Symbol.for("postkit.error.rate-limit")]: true,
      code: ErrorCode.RATE_LIMITED,
    });
    expect(PostkitError.isInstance(foreign)).toBe(true);
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(HttpError.isInstance(foreign)).toBe(false);
    expect(PostkitError.isInstance({})).toBe(false);
    expect(PostkitError.isInstance(null)).toBe(false);
  });

  it("isInstance works across real copies: the CJS build's errors, seen from the ESM source", () => {
    // Two copies of the package, as when an app and a plugin resolve different versions. The
    // CJS build is what `npm test` builds first.
    const cjs = createRequire(import.meta.url)("../dist/index.cjs") as typeof import("@postkit/core");
    expect(cjs.RateLimitError).not.toBe(RateLimitError);
    const foreign = new cjs.RateLimitError("slow down", {
      source: "platform",
      status: 429,
      retryAfterMs: 1000,
    });
    expect(foreign).not.toBeInstanceOf(RateLimitError);
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(PostkitError.isInstance(foreign)).toBe(true);
    expect(HttpError.isInstance(foreign)).toBe(false);
    expect(cjs.ValidationError.isInstance(new ValidationError("bad"))).toBe(true);
  });

  it("sets retryable where it is known", () => {
    expect(new NetworkError("n", { method: "GET", url: "u" }).retryable).toBe(true);
    expect(new NetworkError("n", { method: "GET", url: "u", timeout: true }).code).toBe(ErrorCode.TIMEOUT);
    expect(new RateLimitError("l", { source: "platform" }).retryable).toBe(true);
    expect(new ValidationError("v").retryable).toBe(false);
    expect(new UploadError("u", {}).retryable).toBe(false);
    expect(new UploadError("u", { code: ErrorCode.UPLOAD_SESSION_EXPIRED }).code).toBe(
      ErrorCode.UPLOAD_SESSION_EXPIRED,
    );
  });
});

describe("UploadError", () => {
  it("keeps the resume state readable but out of logs and JSON (its session URL is a credential)", () => {
    const resumeState = {
      version: 1 as const,
      platform: "tiktok",
      sessionUrl: "https://upload.example/video/?upload_token=u-s3cr3t",
      ids: { publishId: "p" },
      offset: 10,
      totalBytes: 20,
    };
    const error = new UploadError("interrupted", { resumeState });
    expect(error.resumeState).toEqual(resumeState);
    expect(error.retryable).toBe(true);
    expect(JSON.stringify(error)).not.toContain("s3cr3t");
    expect(inspect(error)).not.toContain("s3cr3t");
  });
});

describe("resume state", () => {
  it("round-trips through JSON and rejects what is not one", () => {
    const state = {
      version: 1 as const,
      platform: "youtube",
      sessionUrl: "https://upload.example/s?id=1",
      ids: { videoId: "v" },
      offset: 262_144,
      totalBytes: 1_000_000,
      chunkSize: 262_144,
      expiresAt: 1,
      extra: { contentType: "video/mp4" },
    };
    expect(parseResumeState(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(() => parseResumeState({ ...state, version: 2 })).toThrow(ValidationError);
    expect(() => parseResumeState({ ...state, offset: -1 })).toThrow(ValidationError);
    expect(() => parseResumeState({ ...state, offset: 2_000_000 })).toThrow(ValidationError);
    expect(() => parseResumeState("nope")).toThrow(ValidationError);
  });
});
