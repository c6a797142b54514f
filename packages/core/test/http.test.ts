import { HttpResponse as MswResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  backoffDelay,
  createHttpClient,
  defaultRetryPolicy,
  ErrorCode,
  HttpError,
  isRetryableStatus,
  NetworkError,
  PlatformError,
  parseRetryAfter,
  RateLimitError,
  ResponseShapeError,
  resolveRetryPolicy,
  ValidationError,
} from "@postkit/core";

const fast = { minDelayMs: 1, maxDelayMs: 5, retries: 3 };

/** A fetch that answers from a script and counts calls. */
function scripted(...steps: Array<Response | Error | (() => Response | Promise<Response>)>) {
  const calls: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    calls.push(request);
    const step = steps[Math.min(calls.length - 1, steps.length - 1)]!;
    if (step instanceof Error) throw step;
    return typeof step === "function" ? step() : step.clone();
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("retry policy", () => {
  it("retries an idempotent request on 5xx until it succeeds", async () => {
    const { fetch, calls } = scripted(json({}, 503), json({}, 502), json({ ok: true }));
    const client = createHttpClient("test", { fetch, retry: fast });
    const response = await client.request({ method: "GET", url: "https://api.example/x", idempotent: true });
    expect(response.data).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
  });

  it("retries 408 and 429 and network errors, up to the retry budget", async () => {
    for (const failure of [json({}, 408), json({}, 429), new TypeError("fetch failed")]) {
      const { fetch, calls } = scripted(failure);
      const client = createHttpClient("test", { fetch, retry: fast });
      await expect(
        client.request({ method: "PUT", url: "https://api.example/x", idempotent: true }),
      ).rejects.toSatisfy((error: unknown) => (error as { retryable?: boolean }).retryable === true);
      expect(calls).toHaveLength(4);
    }
  });

  it("never retries a non-idempotent request, whatever the failure", async () => {
    for (const failure of [json({}, 503), json({}, 429), new TypeError("fetch failed")]) {
      const { fetch, calls } = scripted(failure, json({ ok: true }));
      const client = createHttpClient("test", { fetch, retry: fast });
      await expect(
        client.request({ method: "POST", url: "https://api.example/init", idempotent: false }),
      ).rejects.toThrow();
      expect(calls).toHaveLength(1);
    }
  });

  it("logs the failure the caller receives at error level, once, after the retries", async () => {
    const errors: unknown[] = [];
    const infos: string[] = [];
    const { fetch } = scripted(json({}, 503), json({}, 503), json({}, 503), json({}, 503));
    const client = createHttpClient("test", {
      fetch,
      retry: fast,
      logger: { error: (...args) => errors.push(args), info: (message) => infos.push(message) },
    });
    await client
      .request({
        method: "GET",
        url: "https://api.example/x?access_token=t",
        idempotent: true,
        what: "probe",
      })
      .catch(() => undefined);
    expect(infos).toHaveLength(3);
    expect(errors).toEqual([
      [
        "test: probe https://api.example/x?access_token=%5BREDACTED%5D failed",
        { code: ErrorCode.HTTP_ERROR, status: 503, retryable: true },
      ],
    ]);
  });

  it("does not retry client errors", async () => {
    for (const status of [400, 401, 403, 404, 409, 501]) {
      const { fetch, calls } = scripted(json({ error: "x" }, status));
      const client = createHttpClient("test", { fetch, retry: fast });
      const error = await client
        .request({ method: "GET", url: "https://api.example/x", idempotent: true })
        .catch((caught: unknown) => caught);
      expect(HttpError.isInstance(error)).toBe(true);
      expect((error as HttpError).status).toBe(status);
      expect((error as HttpError).retryable).toBe(false);
      expect(calls).toHaveLength(1);
    }
  });

  it("honours Retry-After within the cap and surfaces a longer one at once", async () => {
    // The wait must be the server's (1 s), not the policy's backoff (a few ms here).
    const waits: unknown[] = [];
    const quick = scripted(json({}, 429, { "retry-after": "1" }), json({ ok: 1 }));
    await createHttpClient("test", {
      fetch: quick.fetch,
      retry: fast,
      logger: { info: (message) => waits.push(/in (\d+) ms/.exec(message)?.[1]) },
    }).request({
      method: "GET",
      url: "https://api.example/x",
      idempotent: true,
    });
    expect(quick.calls).toHaveLength(2);
    expect(waits).toEqual(["1000"]);

    const slow = scripted(json({}, 429, { "retry-after": "3600" }), json({ ok: 1 }));
    const error = await createHttpClient("test", { fetch: slow.fetch, retry: fast })
      .request({ method: "GET", url: "https://api.example/x", idempotent: true })
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(slow.calls).toHaveLength(1);
  });

  it("retries what a platform rule marks retryable and stops on what it does not", async () => {
    const interpret = ({ body }: { body: unknown }) => {
      const code = (body as { error?: { code?: string } }).error?.code;
      if (!code || code === "ok") return undefined;
      return new PlatformError(`test: ${code}`, {
        platform: "test",
        platformCode: code,
        retryable: code === "internal_error",
        status: 200,
      });
    };
    const { fetch, calls } = scripted(
      json({ error: { code: "internal_error" } }),
      json({ error: { code: "scope_not_authorized" } }),
    );
    const client = createHttpClient("test", { fetch, retry: fast });
    const error = await client
      .request({ method: "GET", url: "https://api.example/x", idempotent: true, interpret })
      .catch((caught: unknown) => caught);
    expect((error as PlatformError).platformCode).toBe("scope_not_authorized");
    expect(calls).toHaveLength(2);
  });

  it("refuses a malformed retry policy when the client is created, and keeps defaults for undefined", () => {
    for (const retry of [{ retries: -1 }, { retries: 1.5 }, { minDelayMs: -5 }, { maxDelayMs: Number.NaN }]) {
      expect(() => createHttpClient("test", { retry })).toThrow(ValidationError);
    }
    expect(resolveRetryPolicy({ retries: Number.POSITIVE_INFINITY }).retries).toBe(Number.POSITIVE_INFINITY);
    expect(resolveRetryPolicy({ retries: undefined, minDelayMs: 7 })).toEqual({
      ...defaultRetryPolicy,
      minDelayMs: 7,
    });
  });

  it("computes jittered exponential backoff within bounds", () => {
    const policy = { ...defaultRetryPolicy, minDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, { ...policy, jitter: false })).toBe(100);
    expect(backoffDelay(3, { ...policy, jitter: false })).toBe(400);
    expect(backoffDelay(10, { ...policy, jitter: false })).toBe(1000);
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
  });

  it("parses Retry-After seconds and dates", () => {
    expect(parseRetryAfter("5")).toBe(5000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
    expect([408, 429, 500, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 404, 501].some(isRetryableStatus)).toBe(false);
  });
});

describe("response bodies and transport", () => {
  it("parses with the request's parseJson, and keeps a body it cannot parse as text", async () => {
    const { fetch } = scripted(new Response('{"id":12345678901234567890}'), new Response("not json"));
    const client = createHttpClient("test", { fetch });
    const quoted = await client.request({
      method: "GET",
      url: "https://api.example/x",
      idempotent: true,
      parseJson: (text) => JSON.parse(text.replace(/:(\d{16,})/g, ':"$1"')),
    });
    // JSON.parse alone would give 12345678901234567000.
    expect(quoted.data).toEqual({ id: "12345678901234567890" });
    const text = await client.request({ method: "GET", url: "https://api.example/x", idempotent: true });
    expect(text.data).toBe("not json");
  });

  it("uses the global fetch of the moment, so one patched after the client was created is used", async () => {
    const client = createHttpClient("test");
    const original = globalThis.fetch;
    globalThis.fetch = (async () => Response.json({ patched: true })) as typeof fetch;
    try {
      const response = await client.request({
        method: "GET",
        url: "https://api.example/x",
        idempotent: true,
      });
      expect(response.data).toEqual({ patched: true });
    } finally {
      globalThis.fetch = original;
    }
  });
});

describe("timeouts and abort", () => {
  // ky hands fetch a Request whose signal combines the caller's signal and the timeout.
  const hanging = (input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      const signal = new Request(input, init).signal;
      signal.addEventListener("abort", () => reject(signal.reason));
    });

  it("times out an attempt with a typed error", async () => {
    const client = createHttpClient("test", { fetch: hanging as typeof fetch, timeoutMs: 30 });
    const error = await client
      .request({ method: "POST", url: "https://api.example/x", idempotent: false })
      .catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).code).toBe(ErrorCode.TIMEOUT);
  });

  it("stops at once when the caller aborts, without retrying", async () => {
    let calls = 0;
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      return hanging(input, init);
    }) as typeof globalThis.fetch;
    const controller = new AbortController();
    const client = createHttpClient("test", { fetch, retry: fast });
    const pending = client.request({
      method: "GET",
      url: "https://api.example/x",
      idempotent: true,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new DOMException("stop", "AbortError")), 10);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(calls).toBe(1);
  });
});

describe("responses", () => {
  it("validates accepted bodies with a schema", async () => {
    const { fetch } = scripted(json({ id: 42 }));
    const client = createHttpClient("test", { fetch });
    const schema = z.object({ id: z.string() });
    const error = await client
      .request({ method: "GET", url: "https://api.example/x", idempotent: true, schema, what: "thing" })
      .catch((caught: unknown) => caught);
    expect(ResponseShapeError.isInstance(error)).toBe(true);
    expect((error as ResponseShapeError).issues[0]?.path).toEqual(["id"]);
  });

  it("accepts chosen non-2xx statuses (308 for resumable uploads)", async () => {
    const { fetch } = scripted(new Response(null, { status: 308, headers: { range: "bytes=0-99" } }));
    const client = createHttpClient("test", { fetch });
    const response = await client.request({
      method: "PUT",
      url: "https://upload.example/s",
      idempotent: true,
      accept: (status) => status === 308 || (status >= 200 && status < 300),
    });
    expect(response.status).toBe(308);
    expect(response.headers.get("range")).toBe("bytes=0-99");
  });

  it("sends bearer tokens, forms and json, and runs hooks", async () => {
    const { fetch, calls } = scripted(json({}), json({}));
    const seen: string[] = [];
    const client = createHttpClient("test", {
      fetch,
      headers: { "user-agent": "postkit-test" },
      hooks: {
        beforeRequest: (request) => {
          seen.push(`before ${request.method}`);
          return undefined;
        },
        afterResponse: (_request, response) => {
          seen.push(`after ${response.status}`);
        },
      },
    });
    await client.request({
      method: "POST",
      url: "https://api.example/f",
      form: { a: "1", b: undefined },
      idempotent: false,
      accessToken: "tok",
    });
    await client.request({
      method: "POST",
      url: "https://api.example/j",
      json: { x: 1 },
      query: { q: "v" },
      idempotent: false,
    });
    expect(calls[0]?.headers.get("authorization")).toBe("Bearer tok");
    expect(calls[0]?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(await calls[0]?.text()).toBe("a=1");
    expect(calls[1]?.headers.get("content-type")).toBe("application/json");
    expect(calls[1]?.headers.get("user-agent")).toBe("postkit-test");
    expect(new URL(calls[1]!.url).searchParams.get("q")).toBe("v");
    expect(seen).toEqual(["before POST", "after 200", "before POST", "after 200"]);
  });
});

describe("with msw intercepting global fetch", () => {
  const server = setupServer(
    http.get("https://api.example/me", ({ request }) =>
      request.headers.get("authorization") === "Bearer good"
        ? MswResponse.json({ id: "1" })
        : MswResponse.json({ error: "unauthorized" }, { status: 401 }),
    ),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  it("uses globalThis.fetch by default", async () => {
    const client = createHttpClient("test");
    const ok = await client.request({
      method: "GET",
      url: "https://api.example/me",
      accessToken: "good",
      idempotent: true,
    });
    expect(ok.data).toEqual({ id: "1" });
    const error = await client
      .request({
        method: "GET",
        url: "https://api.example/me",
        accessToken: "bad-s3cr3t-token",
        idempotent: true,
      })
      .catch((caught: unknown) => caught);
    expect((error as HttpError).status).toBe(401);
  });
});
