import { createRequire } from "node:module";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  CapabilityError,
  ConflictError,
  ErrorCode,
  isPostkitError,
  SecurityError,
  SourceError,
  StoreError,
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

describe("errors that narrow and say what to do next", () => {
  it("isPostkitError narrows by code to the class that owns it", () => {
    const error: unknown = new RateLimitError("slow down", {
      source: "platform",
      status: 429,
      retryAfterMs: 1500,
    });
    expect(isPostkitError(error)).toBe(true);
    expect(isPostkitError(new Error("plain"))).toBe(false);
    expect(isPostkitError(error, "HTTP_ERROR")).toBe(false);
    if (!isPostkitError(error, "RATE_LIMITED")) throw new Error("expected a rate limit");
    // Compiles only because the guard narrowed to RateLimitError.
    const source: "platform" | "client" = error.source;
    expect([source, error.retryAfterMs, error.status]).toEqual(["platform", 1500, 429]);
  });

  it("status and retryAfterMs live on the base class", () => {
    const errors: PostkitError[] = [
      new HttpError("h", {
        status: 503,
        method: "GET",
        url: "u",
        headers: {},
        body: null,
        retryable: true,
        retryAfterMs: 2000,
      }),
      new PlatformError("p", { platform: "tiktok", platformCode: "x", status: 403 }),
      new OAuthError("o", { error: "invalid_grant", status: 400 }),
    ];
    expect(errors.map((error) => error.status)).toEqual([503, 403, 400]);
    expect(errors[0]?.retryAfterMs).toBe(2000);
  });

  it("next is derived from the code and retryability unless given", () => {
    expect(new OAuthError("o", { error: "invalid_grant", code: ErrorCode.REAUTH_REQUIRED }).next).toBe(
      "after-reconnect",
    );
    expect(new NetworkError("n", { method: "GET", url: "u" }).next).toBe("after-delay");
    expect(new NetworkError("n", { method: "POST", url: "u", next: "reconcile-first" }).next).toBe(
      "reconcile-first",
    );
    expect(new ValidationError("v").next).toBe("never");
    expect(new ScopeError("s", { platform: "p", missing: ["a.b"], granted: [] })).toMatchObject({
      next: "after-reconnect",
      hint: expect.stringContaining("a.b"),
    });
    expect(new SecurityError("x", { code: ErrorCode.REDIRECT_REFUSED }).next).toBe("never");
    expect(new ConflictError("c", { code: ErrorCode.IDEMPOTENCY_CONFLICT, key: "k" }).next).toBe("never");
    expect(new ConflictError("c", { code: ErrorCode.IDEMPOTENCY_IN_PROGRESS, key: "k" }).next).toBe(
      "after-delay",
    );
  });

  it("toJSON keeps public fields and leaves non-enumerable resume states out", () => {
    const state = {
      version: 1 as const,
      platform: "p",
      ids: { session: "https://up.example/s?upload_id=x" },
      offset: 0,
      totalBytes: 1,
    };
    const error = new SourceError("the file is gone", {
      code: ErrorCode.SOURCE_NOT_FOUND,
      hint: "Put it back.",
    }).withResumeState(state);
    expect(error.resumeState).toEqual(state);
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toMatchObject({
      name: "SourceError",
      code: "SOURCE_NOT_FOUND",
      next: "never",
      hint: "Put it back.",
    });
    expect(JSON.stringify(error)).not.toContain("upload_id");
  });

  it("every code belongs to exactly one class", () => {
    const owners = new Map<string, string>();
    const samples: PostkitError[] = [
      new OAuthError("o", { error: "e" }),
      new PlatformError("p", { platform: "p", platformCode: "c" }),
      new ScopeError("s", { platform: "p", missing: [], granted: [] }),
      new CapabilityError("c", { platform: "p", operation: "publishPhotos" }),
      new StoreError("s", { store: "tokens" }),
      new ConflictError("c", { code: ErrorCode.IDEMPOTENCY_CONFLICT, key: "k" }),
      new SecurityError("s", { code: ErrorCode.UNTRUSTED_URL }),
      new SourceError("s", { code: ErrorCode.SOURCE_CHANGED }),
    ];
    for (const error of samples) {
      const owner = owners.get(error.code);
      expect(owner === undefined || owner === error.name).toBe(true);
      owners.set(error.code, error.name);
    }
  });
});
