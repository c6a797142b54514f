import { describe, expect, it } from "vitest";
import { assertTrustedUrl, isTrustedUrl, originForMessage } from "@postkit/core";

describe("isTrustedUrl", () => {
  const trusted = { domain: "googleapis.com", baseUrl: "http://127.0.0.1:4010/youtube/api" };

  it("trusts https on the domain and its subdomains, and the configured base's origin", () => {
    expect(isTrustedUrl("https://www.googleapis.com/upload/x?upload_id=1", trusted)).toBe(true);
    expect(isTrustedUrl("https://googleapis.com/x", trusted)).toBe(true);
    expect(isTrustedUrl("http://127.0.0.1:4010/youtube/upload/x", trusted)).toBe(true);
  });

  it("refuses http, look-alike hosts, other ports, user info and relative URLs", () => {
    for (const url of [
      "http://www.googleapis.com/x",
      "https://googleapis.com.evil.example/x",
      "https://evilgoogleapis.com/x",
      "http://127.0.0.1:4011/x",
      "https://user:pw@www.googleapis.com/x",
      "/upload/x",
    ]) {
      expect(isTrustedUrl(url, trusted), url).toBe(false);
    }
  });

  it("with exact hosts and path prefixes: https on port 443, those hosts, those paths; the base URL under its path", () => {
    const exact = {
      hosts: ["www.googleapis.com"],
      pathPrefixes: ["/upload/youtube/v3/"],
      baseUrl: "http://127.0.0.1:4010/youtube/api",
    };
    for (const url of [
      "https://www.googleapis.com/upload/youtube/v3/videos?upload_id=1",
      "https://www.googleapis.com:443/upload/youtube/v3/videos?upload_id=1",
      "https://WWW.GOOGLEAPIS.COM/upload/youtube/v3/videos",
      "http://127.0.0.1:4010/youtube/api/upload/youtube/v3/videos?upload_id=1",
    ]) {
      expect(isTrustedUrl(url, exact), url).toBe(true);
    }
    for (const url of [
      "https://storage.googleapis.com/upload/youtube/v3/videos", // another Google host (a bucket)
      "https://googleapis.com/upload/youtube/v3/videos",
      "https://www.googleapis.com:8443/upload/youtube/v3/videos", // not 443
      "http://www.googleapis.com/upload/youtube/v3/videos", // not https
      "https://www.googleapis.com/youtube/v3/videos", // not an upload path
      "https://www.googleapis.com/upload/youtube/v3/../../storage/v1/b", // normalized away
      "http://127.0.0.1:4010/youtube/upload/youtube/v3/videos", // base origin, outside its path
      "http://127.0.0.1:4011/youtube/api/upload/youtube/v3/videos",
    ]) {
      expect(isTrustedUrl(url, exact), url).toBe(false);
    }
    expect(() => assertTrustedUrl("https://evil.example/x?upload_token=t", exact, "upload URL")).toThrow(
      expect.objectContaining({ code: "UNTRUSTED_URL", origin: "https://evil.example" }),
    );
  });

  it("names only the origin in messages", () => {
    expect(originForMessage("https://evil.example/collect?token=t")).toBe("https://evil.example");
    expect(originForMessage("not a url")).toBe("(not an absolute URL)");
  });
});
