import { describe, expect, it } from "vitest";
import { isTrustedUrl, originForMessage } from "@postkit/core";

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

  it("names only the origin in messages", () => {
    expect(originForMessage("https://evil.example/collect?token=t")).toBe("https://evil.example");
    expect(originForMessage("not a url")).toBe("(not an absolute URL)");
  });
});
