import { ValidationError } from "@postkit/core";
import { describe, expect, it } from "vitest";
import { metadataIssues, tagsLength, toVideoResource, validateVideoOptions } from "../src/index.js";
import { bytesSource, pseudoRandomBytes, setup, connectionFrom } from "./support.js";

const paths = (title: string, extra: object = {}) =>
  metadataIssues({ title, ...extra }).map((issue) => issue.path.join("."));

describe("metadata validation", () => {
  it("limits the title to 100 characters without < or >", () => {
    expect(paths("a".repeat(100))).toEqual([]);
    expect(paths("é".repeat(100))).toEqual([]);
    expect(paths("a".repeat(101))).toEqual(["title"]);
    expect(paths("a <b>")).toEqual(["title"]);
    expect(paths("   ")).toEqual(["title"]);
  });

  it("limits the description to 5000 UTF-8 bytes, not characters", () => {
    expect(paths("t", { description: "a".repeat(5000) })).toEqual([]);
    // 2500 × "é" is 5000 bytes; one more character goes over.
    expect(paths("t", { description: "é".repeat(2500) })).toEqual([]);
    expect(paths("t", { description: "é".repeat(2501) })).toEqual(["description"]);
    expect(paths("t", { description: "😀".repeat(1251) })).toEqual(["description"]);
    expect(paths("t", { description: "x > y" })).toEqual(["description"]);
  });

  it("counts tags the way YouTube does: commas between tags, quotes around tags with spaces", () => {
    expect(tagsLength(["abc", "de"])).toBe(6);
    expect(tagsLength(["a b"])).toBe(5);
    expect(tagsLength(["a b", "c"])).toBe(7);
    expect(tagsLength([])).toBe(0);
    // 100 tags of 4 characters: 400 + 99 commas = 499.
    const ok = Array.from({ length: 100 }, () => "abcd");
    expect(paths("t", { tags: ok })).toEqual([]);
    // 98 × "ab c" (4 + 2 quotes) + 97 commas = 685 > 500; the same without spaces would be 489.
    expect(tagsLength(Array.from({ length: 98 }, () => "abcd"))).toBe(489);
    expect(paths("t", { tags: Array.from({ length: 98 }, () => "ab c") })).toEqual(["tags"]);
    expect(paths("t", { tags: ["x".repeat(499), "y"] })).toEqual(["tags"]);
    expect(paths("t", { tags: ["x".repeat(498), "y"] })).toEqual([]);
  });

  it("allows publishAt only with private, and checks the status flags and enums", () => {
    expect(paths("t", { publishAt: "2030-01-01T00:00:00Z", privacyStatus: "private" })).toEqual([]);
    expect(paths("t", { publishAt: new Date("2030-01-01T00:00:00Z") })).toEqual([]);
    expect(paths("t", { publishAt: "2030-01-01T00:00:00Z", privacyStatus: "public" })).toEqual(["publishAt"]);
    expect(paths("t", { publishAt: "tomorrow", privacyStatus: "private" })).toEqual(["publishAt"]);
    expect(paths("t", { publishAt: new Date("not a date") })).toEqual(["publishAt"]);
  });

  it("requires publishAt to name a real date and time, not one that rolls over", () => {
    for (const real of [
      "2030-01-01T00:00:00Z",
      "2028-02-29T23:59:59.999Z", // leap year
      "2030-06-30T12:00:00+05:30",
      "2030-12-31T23:59:59-23:59",
    ]) {
      expect(paths("t", { publishAt: real }), real).toEqual([]);
    }
    for (const impossible of [
      "2030-02-31T25:61:61Z",
      "2030-02-29T10:00:00Z", // not a leap year
      "2030-04-31T10:00:00Z",
      "2030-13-01T10:00:00Z",
      "2030-00-10T10:00:00Z",
      "2030-01-00T10:00:00Z",
      "2030-01-01T24:00:00Z",
      "2030-01-01T10:60:00Z",
      "2030-01-01T10:00:60Z",
      "2030-01-01T10:00:00+24:00",
      "2030-01-01T10:00:00+05:60",
    ]) {
      expect(paths("t", { publishAt: impossible }), impossible).toEqual(["publishAt"]);
    }
    expect(paths("t", { license: "mit" })).toEqual(["license"]);
    expect(paths("t", { categoryId: "music" })).toEqual(["categoryId"]);
    expect(paths("t", { selfDeclaredMadeForKids: "no" })).toEqual(["selfDeclaredMadeForKids"]);
    expect(paths("t", { privacyStatus: "friends" })).toEqual(["privacyStatus"]);
  });

  it("builds the snippet and status parts", () => {
    const resource = toVideoResource({
      title: "Hello",
      description: "d",
      tags: ["a b"],
      categoryId: "22",
      privacyStatus: "private",
      publishAt: new Date("2030-01-01T00:00:00Z"),
      selfDeclaredMadeForKids: false,
      containsSyntheticMedia: true,
      license: "creativeCommon",
      embeddable: false,
      notifySubscribers: false,
    });
    expect(resource).toEqual({
      snippet: { title: "Hello", description: "d", tags: ["a b"], categoryId: "22" },
      status: {
        privacyStatus: "private",
        publishAt: "2030-01-01T00:00:00.000Z",
        selfDeclaredMadeForKids: false,
        containsSyntheticMedia: true,
        license: "creativeCommon",
        embeddable: false,
      },
    });
    expect(() => validateVideoOptions({ title: "" })).toThrow(ValidationError);
  });

  it("rejects bad metadata before any request", async () => {
    const { youtube, emulator, hub } = setup();
    const error = await youtube
      .publishVideo(connectionFrom(emulator), {
        source: bytesSource(pseudoRandomBytes(1000)),
        options: { title: "x".repeat(101), description: "é".repeat(2501) },
      })
      .catch((e: unknown) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path[0])).toEqual(["title", "description"]);
    expect(hub.log.count({ platform: "youtube" })).toBe(0);
  });

  it("sends notifySubscribers=false as the query parameter", async () => {
    const { youtube, emulator } = setup();
    await youtube.publishVideo(connectionFrom(emulator), {
      source: bytesSource(pseudoRandomBytes(1000)),
      options: { title: "quiet", notifySubscribers: false },
    });
    expect(emulator.sessions()[0]!.notifySubscribers).toBe(false);
  });
});
