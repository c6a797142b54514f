// The HTTP layer under misbehaving peers and callers: bodies that stall or break mid-read, hooks
// that throw, fetches that ignore their signal, odd abort reasons and limits that timers cannot hold.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { createHttpClient, ErrorCode, NetworkError, parseRetryAfter, ValidationError } from "@postkit/core";
import { anySignal } from "../src/http/binary-body.js";
import { onLoopback } from "../../../.config/hostile-peer.js";

describe("response bodies over a real socket", () => {
  let hits = 0;
  const server = createServer((request, response) => {
    hits++;
    response.writeHead(200, { "content-type": "application/json" });
    response.write('{"partial":');
    if (request.url?.startsWith("/cut")) response.destroy();
    // otherwise: headers and half a body, then nothing
  });
  const loopback = onLoopback(server);

  it("times out a body that stalls after the headers, on both send paths", async () => {
    const client = createHttpClient("test", { timeoutMs: 300, retry: { retries: 0 } });
    for (const body of [undefined, new Uint8Array(4)]) {
      const error = await client
        .request({ method: body ? "PUT" : "GET", url: `${loopback.base}/stall`, body, idempotent: true })
        .catch((caught: unknown) => caught);
      expect(NetworkError.isInstance(error)).toBe(true);
      expect((error as NetworkError).code).toBe(ErrorCode.TIMEOUT);
    }
  });

  it("maps a connection cut mid-body to a NetworkError with its cause, and retries an idempotent read", async () => {
    hits = 0;
    const client = createHttpClient("test", { retry: { retries: 2, minDelayMs: 1, jitter: false } });
    const error = await client
      .request({ method: "GET", url: `${loopback.base}/cut?access_token=t-s3cr3t-value`, idempotent: true })
      .catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).code).toBe(ErrorCode.NETWORK_ERROR);
    expect((error as NetworkError).cause).toMatchObject({ name: expect.any(String) });
    expect(hits).toBe(3);
  });
});

describe("hooks, signals and limits", () => {
  it("passes a hook's own error through as it is, without a retry, and cancels the response body", async () => {
    for (const body of [undefined, new Uint8Array(8)]) {
      let calls = 0;
      let cancelled = 0;
      const fetch = (async () => {
        calls++;
        return new Response(
          new ReadableStream({
            pull: (controller) => controller.enqueue(new Uint8Array(10)),
            cancel: () => void cancelled++,
          }),
        );
      }) as typeof globalThis.fetch;
      const bug = new Error("bug in the app's hook");
      const client = createHttpClient("test", {
        fetch,
        retry: { minDelayMs: 1 },
        hooks: {
          afterResponse: () => {
            throw bug;
          },
        },
      });
      const error = await client
        .request({ method: body ? "PUT" : "GET", url: "https://api.example/x", body, idempotent: true })
        .catch((caught: unknown) => caught);
      expect(error).toBe(bug);
      expect(calls).toBe(1);
      await expect.poll(() => cancelled).toBeGreaterThan(0);
    }
  });

  it("rejects with the caller's own abort reason, also on a retried request and with a fetch that ignores its signal", async () => {
    const deaf = (() => new Promise<Response>(() => undefined)) as typeof globalThis.fetch;
    const client = createHttpClient("test", { fetch: deaf, timeoutMs: false });
    for (const idempotent of [false, true]) {
      const controller = new AbortController();
      const pending = client
        .request({ method: "GET", url: "https://api.example/x", idempotent, signal: controller.signal })
        .catch((caught: unknown) => caught);
      controller.abort("user cancelled");
      expect(await pending).toBe("user cancelled");
    }
  });

  it("refuses time limits and delays a timer cannot hold, before any request", async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return Response.json({});
    }) as typeof globalThis.fetch;
    for (const timeoutMs of [0, 1.5, 3_000_000_000, Number.POSITIVE_INFINITY]) {
      expect(() => createHttpClient("test", { fetch, timeoutMs })).toThrow(ValidationError);
    }
    expect(() => createHttpClient("test", { fetch, retry: { maxRetryAfterMs: 3_000_000_000 } })).toThrow(
      ValidationError,
    );
    const client = createHttpClient("test", { fetch });
    await expect(
      client.request({ method: "GET", url: "https://api.example/x", idempotent: true, timeoutMs: -1 }),
    ).rejects.toBeInstanceOf(ValidationError);
    const badUrl = await client
      .request({ method: "GET", url: "/relative?access_token=s3cr3t-x", idempotent: true })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(badUrl)).toBe(true);
    expect(calls).toBe(0);
  });

  it("reads Retry-After as seconds or an HTTP-date, and nothing else", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wednesday, 01-Jan-25 00:00:30 GMT", now)).toBe(30_000);
    for (const junk of ["5, 5", "-1", "1e3", "120 seconds", "0x10"]) {
      expect(parseRetryAfter(junk, now)).toBeUndefined();
    }
  });

  it("anySignal without AbortSignal.any removes its listeners from long-lived signals when disposed", () => {
    const original = AbortSignal.any;
    Object.defineProperty(AbortSignal, "any", { value: undefined, configurable: true });
    try {
      const parent = new AbortController();
      let listening = 0;
      const add = parent.signal.addEventListener.bind(parent.signal);
      const remove = parent.signal.removeEventListener.bind(parent.signal);
      parent.signal.addEventListener = ((...args: Parameters<typeof add>) => {
        listening++;
        add(...args);
      }) as typeof add;
      parent.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
        listening--;
        remove(...args);
      }) as typeof remove;
      for (let i = 0; i < 100; i++) {
        const combined = anySignal([parent.signal, new AbortController().signal]);
        combined.dispose();
      }
      expect(listening).toBe(0);
      const combined = anySignal([parent.signal, new AbortController().signal]);
      parent.abort("stop");
      expect(combined.signal?.reason).toBe("stop");
    } finally {
      Object.defineProperty(AbortSignal, "any", { value: original, configurable: true });
    }
  });
});
