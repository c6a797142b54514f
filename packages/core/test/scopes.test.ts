import { describe, expect, it } from "vitest";
import {
  assertScopes,
  commaSeparatedScopes,
  ErrorCode,
  missingScopes,
  ScopeError,
  spaceSeparatedScopes,
} from "@postkit/core";

describe("scope styles", () => {
  it("round-trips comma-separated scopes (TikTok, Meta)", () => {
    const scopes = ["user.info.basic", "video.upload", "video.publish"];
    const text = commaSeparatedScopes.serialize(scopes);
    expect(text).toBe("user.info.basic,video.upload,video.publish");
    expect(commaSeparatedScopes.parse(text)).toEqual(scopes);
  });

  it("round-trips space-separated scopes (Google)", () => {
    const scopes = [
      "https://www.googleapis.com/auth/youtube.upload",
      "https://www.googleapis.com/auth/youtube.readonly",
    ];
    const text = spaceSeparatedScopes.serialize(scopes);
    expect(text).toBe(scopes.join(" "));
    expect(spaceSeparatedScopes.parse(text)).toEqual(scopes);
  });

  it("drops duplicates and blanks, keeps order", () => {
    expect(commaSeparatedScopes.serialize(["b", "a", "b", " ", "c"])).toBe("b,a,c");
    expect(spaceSeparatedScopes.parse("  a  b\ta ")).toEqual(["a", "b"]);
  });

  it("parses comma lists with spaces after commas, arrays and absent values", () => {
    expect(commaSeparatedScopes.parse("a, b,c")).toEqual(["a", "b", "c"]);
    expect(commaSeparatedScopes.parse(["a", "b"])).toEqual(["a", "b"]);
    expect(commaSeparatedScopes.parse(undefined)).toEqual([]);
    expect(spaceSeparatedScopes.parse(null)).toEqual([]);
  });

  it("does not split a space-separated list on commas", () => {
    expect(spaceSeparatedScopes.parse("a,b c")).toEqual(["a,b", "c"]);
  });
});

describe("scope checks", () => {
  it("names exactly the missing scopes, in required order", () => {
    expect(missingScopes(["a", "c"], ["a", "b", "c", "d"])).toEqual(["b", "d"]);
    expect(missingScopes(["a"], [])).toEqual([]);
  });

  it("assertScopes throws a ScopeError listing what to add", () => {
    let caught: unknown;
    try {
      assertScopes(
        "tiktok",
        ["user.info.basic"],
        ["user.info.basic", "user.info.stats"],
        "read follower counts",
      );
    } catch (error) {
      caught = error;
    }
    expect(ScopeError.isInstance(caught)).toBe(true);
    const error = caught as ScopeError;
    expect(error.code).toBe(ErrorCode.MISSING_SCOPES);
    expect(error.missing).toEqual(["user.info.stats"]);
    expect(error.granted).toEqual(["user.info.basic"]);
    expect(error.message).toContain("user.info.stats");
    expect(() => assertScopes("tiktok", ["a", "b"], ["b"], "x")).not.toThrow();
  });
});
