import { describe, expect, it, vi } from "vitest";
import {
  assertCapability,
  CapabilityError,
  type CapabilityManifest,
  capabilityTable,
  type Clock,
  ConflictError,
  createPublishJob,
  ErrorCode,
  fingerprint,
  isPostkitError,
  iteratePages,
  MemoryIdempotencyStore,
  type PublishJob,
  pollUntil,
  publishOnce,
  ScopeError,
} from "@postkit/core";

const NOW = 1_700_000_000_000;

const job = (id: string): PublishJob =>
  createPublishJob(
    { platform: "tiktok", accountId: "user-1", outcome: "processing", ids: { publishId: id } },
    NOW,
  );

describe("publishOnce", () => {
  it("same key and content: one publish; the repeat returns the first job without a call", async () => {
    const store = new MemoryIdempotencyStore({ now: () => NOW });
    const publish = vi.fn(async () => job("p-1"));
    const options = { store, key: "post-1", fingerprint: await fingerprint({ title: "a" }), now: () => NOW };
    const first = await publishOnce(options, publish);
    expect(first.idempotencyKey).toBe("post-1");
    expect(first.fingerprint).toBe(options.fingerprint);
    const again = vi.fn(async () => job("p-2"));
    expect(await publishOnce(options, again)).toEqual(first);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(again).not.toHaveBeenCalled();
  });

  it("the same key with other content is IDEMPOTENCY_CONFLICT before any call", async () => {
    const store = new MemoryIdempotencyStore();
    await publishOnce({ store, key: "post-1", fingerprint: await fingerprint({ title: "a" }) }, async () =>
      job("p-1"),
    );
    const publish = vi.fn(async () => job("p-2"));
    const error = await publishOnce(
      { store, key: "post-1", fingerprint: await fingerprint({ title: "b" }) },
      publish,
    ).catch((e: unknown) => e);
    expect(isPostkitError(error, ErrorCode.IDEMPOTENCY_CONFLICT)).toBe(true);
    expect(ConflictError.isInstance(error) && error.key).toBe("post-1");
    expect(publish).not.toHaveBeenCalled();
  });

  it("concurrent calls with one key: one runs, the other is IDEMPOTENCY_IN_PROGRESS", async () => {
    const store = new MemoryIdempotencyStore();
    const options = { store, key: "post-1", fingerprint: "f" };
    let finish!: (value: PublishJob) => void;
    const publish = vi.fn(() => new Promise<PublishJob>((resolve) => (finish = resolve)));
    const running = publishOnce(options, publish);
    const second = publishOnce(options, publish).catch((e: unknown) => e);
    await vi.waitFor(() => expect(publish).toHaveBeenCalledTimes(1));
    finish(job("p-1"));
    await running;
    const error = await second;
    expect(isPostkitError(error, ErrorCode.IDEMPOTENCY_IN_PROGRESS)).toBe(true);
    expect((error as ConflictError).retryable).toBe(true);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it("a publish that throws releases the key", async () => {
    const store = new MemoryIdempotencyStore();
    const options = { store, key: "post-1", fingerprint: "f" };
    await expect(
      publishOnce(options, async () => {
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    const publish = vi.fn(async () => job("p-1"));
    expect((await publishOnce(options, publish)).ids.publishId).toBe("p-1");
    expect(publish).toHaveBeenCalledTimes(1);
  });
});

describe("fingerprint", () => {
  it("is stable under key order, and tells different content apart", async () => {
    const a = await fingerprint({
      title: "t",
      options: { privacy: "public", duet: false },
      tags: ["x", "y"],
    });
    const b = await fingerprint({
      tags: ["x", "y"],
      options: { duet: false, privacy: "public" },
      title: "t",
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await fingerprint({ title: "t", skipped: undefined })).toBe(await fingerprint({ title: "t" }));
    expect(await fingerprint({ tags: ["y", "x"] })).not.toBe(await fingerprint({ tags: ["x", "y"] }));
    expect(await fingerprint({ n: 1 })).not.toBe(await fingerprint({ n: "1" }));
  });
});

/** A clock that only moves when slept on. */
function fakeClock(): Clock & { sleeps: number[] } {
  let time = NOW;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      time += ms;
    },
  };
}

describe("pollUntil", () => {
  it("waits at the platform's pace, growing by backoff up to the maximum", async () => {
    const clock = fakeClock();
    let checks = 0;
    const value = await pollUntil(
      async () => ++checks,
      (n) => n === 6,
      { intervalMs: 1000, backoff: 2, maxIntervalMs: 5000, timeoutMs: 60_000, clock },
    );
    expect(value).toBe(6);
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it("returns the last value when the bound passes, never waiting past it", async () => {
    const clock = fakeClock();
    const value = await pollUntil(
      async () => "processing",
      () => false,
      {
        intervalMs: 1000,
        backoff: 1,
        timeoutMs: 2500,
        clock,
      },
    );
    expect(value).toBe("processing");
    expect(clock.sleeps).toEqual([1000, 1000, 500]);
  });

  it("stops at once when the signal aborts", async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    let checks = 0;
    const polling = pollUntil(
      async () => {
        if (++checks === 3) controller.abort(new Error("stop"));
        return checks;
      },
      () => false,
      { intervalMs: 10, timeoutMs: 60_000, clock, signal: controller.signal },
    );
    await expect(polling).rejects.toThrow("stop");
    expect(checks).toBe(3);
  });

  it("refuses a non-positive interval", async () => {
    await expect(
      pollUntil(
        async () => 1,
        () => true,
        { intervalMs: 0, timeoutMs: 1 },
      ),
    ).rejects.toSatisfy((error) => isPostkitError(error, ErrorCode.INVALID_INPUT));
  });
});

type Scope = "video.upload" | "video.publish" | "user.info.basic";
const manifest: Partial<CapabilityManifest<Scope>> = {
  publishVideo: { available: true, scopes: ["video.publish", "video.upload"] },
  getProfile: { available: true, scopes: [], note: "basic fields" },
  deleteVideo: { available: false, reason: "TikTok has no delete endpoint." },
};

describe("capabilities", () => {
  it("an unavailable operation is a CapabilityError carrying the reason", () => {
    let caught: unknown;
    try {
      assertCapability("tiktok", manifest, "deleteVideo", ["video.publish"]);
    } catch (error) {
      caught = error;
    }
    expect(CapabilityError.isInstance(caught)).toBe(true);
    expect((caught as CapabilityError).operation).toBe("deleteVideo");
    expect((caught as CapabilityError).hint).toBe("TikTok has no delete endpoint.");
    expect(() => assertCapability("tiktok", manifest, "listVideos", undefined)).toThrow(CapabilityError);
  });

  it("a missing scope is a ScopeError naming exactly the missing ones", () => {
    let caught: unknown;
    try {
      assertCapability("tiktok", manifest, "publishVideo", ["video.upload", "user.info.basic"]);
    } catch (error) {
      caught = error;
    }
    expect(ScopeError.isInstance(caught)).toBe(true);
    expect((caught as ScopeError).missing).toEqual(["video.publish"]);
    expect((caught as ScopeError).message).toContain("video.publish");
    expect(() =>
      assertCapability("tiktok", manifest, "publishVideo", ["video.upload", "video.publish"]),
    ).not.toThrow();
    // Unknown grant: the scope check is skipped.
    expect(() => assertCapability("tiktok", manifest, "publishVideo", undefined)).not.toThrow();
  });

  it("renders a Markdown table from manifests", () => {
    const table = capabilityTable(
      [
        { name: "TikTok", manifest },
        { name: "Other", manifest: { getProfile: { available: true, scopes: ["profile"] } } },
      ],
      ["publishVideo", "getProfile", "deleteVideo"],
    );
    expect(table).toBe(
      [
        "| operation | TikTok | Other |",
        "|---|---|---|",
        "| `publishVideo` | ✔ `video.publish`, `video.upload` | ✘ |",
        "| `getProfile` | ✔ any (basic fields) | ✔ `profile` |",
        "| `deleteVideo` | ✘ TikTok has no delete endpoint. | ✘ |",
        "",
      ].join("\n"),
    );
  });
});

describe("iteratePages", () => {
  it("walks every page until the last", async () => {
    const pages: Record<string, { items: number[]; nextCursor: string | undefined }> = {
      start: { items: [1, 2], nextCursor: "b" },
      b: { items: [3], nextCursor: "c" },
      c: { items: [4], nextCursor: undefined },
    };
    const fetchPage = vi.fn(async (cursor: string | undefined) => pages[cursor ?? "start"]!);
    const items: number[] = [];
    for await (const item of iteratePages(fetchPage)) items.push(item);
    expect(items).toEqual([1, 2, 3, 4]);
    expect(fetchPage.mock.calls.map(([cursor]) => cursor)).toEqual([undefined, "b", "c"]);
  });

  it("stops when a platform hands back a cursor it already gave", async () => {
    const fetchPage = vi.fn(async (cursor: string | undefined) => ({
      items: [cursor ?? "first"],
      nextCursor: cursor === "a" ? "b" : "a",
    }));
    const items: string[] = [];
    for await (const item of iteratePages(fetchPage)) items.push(item);
    expect(items).toEqual(["first", "a", "b"]);
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });
});

describe("capabilities with any-of scopes", () => {
  const manifest = {
    publishVideo: { available: true as const, scopes: [], anyOf: ["narrow", "broad"] },
  };
  it("passes with any one of them and names the narrowest when none is granted", () => {
    expect(() => assertCapability("p", manifest, "publishVideo", ["broad"])).not.toThrow();
    const error = (() => {
      try {
        assertCapability("p", manifest, "publishVideo", ["other"]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(ScopeError.isInstance(error) && error.missing).toEqual(["narrow"]);
    expect(capabilityTable([{ name: "P", manifest }], ["publishVideo"])).toContain(
      "one of `narrow`, `broad`",
    );
  });
});
