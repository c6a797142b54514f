// The loopback server: real sockets, streamed bodies, faults and drops on the wire, clean close.
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { createEmulatorHub, type EmulatorHub, type EmulatorServer } from "@postkit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AcmeEmulator, countingBody, type Echo } from "./harness-fixture.js";

let acme: AcmeEmulator;
let hub: EmulatorHub;
let server: EmulatorServer;
let api: string;
let upload: string;

beforeAll(async () => {
  acme = new AcmeEmulator();
  hub = createEmulatorHub(acme);
  server = await hub.listen();
  api = server.baseUrls.acme!.api!;
  upload = server.baseUrls.acme!.upload!;
});
afterEach(() => {
  hub.faults.clear();
  hub.log.clear();
});
afterAll(() => server.close());

function put(url: string, body: ReadableStream<Uint8Array> | string): Promise<Response> {
  return fetch(url, { method: "PUT", body, duplex: "half" } as RequestInit);
}

describe("loopback server", () => {
  it("listens on 127.0.0.1 and mounts every role under /<platform>/<role>", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.baseUrls).toEqual({
      acme: {
        auth: `${server.url}/acme/auth`,
        api: `${server.url}/acme/api`,
        media: `${server.url}/acme/media`,
        upload: `${server.url}/acme/upload`,
      },
    });
  });

  it("routes real HTTP requests, with urlFor on the loopback mount", async () => {
    const response = await fetch(`${api}/echo?x=1`);
    expect(response.status).toBe(200);
    const echo = (await response.json()) as Echo;
    expect(echo).toMatchObject({ role: "api", path: "/echo", query: { x: "1" } });
    expect(echo.url).toBe(`${api}/echo?x=1`);
    expect(echo.uploadUrl).toBe(`${upload}/files/next?part=1`);
    expect(echo.apiBase).toBe(api);
    const media = (await (await fetch(`${server.baseUrls.acme!.media}/echo`)).json()) as Echo;
    expect(media).toMatchObject({ role: "media", path: "/echo" });
  });

  it("answers 404 for paths no emulator serves, without logging", async () => {
    for (const path of ["/", "/acme", "/acme/nope/x", "/other/api/echo"]) {
      const response = await fetch(server.url + path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
    }
    expect(hub.log.count()).toBe(0);
  });

  it("returns redirects to the loopback URLs, so following them comes back here", async () => {
    const manual = await fetch(`${api}/redirect`, { redirect: "manual" });
    expect(manual.status).toBe(302);
    expect(manual.headers.get("location")).toBe(`${api}/echo?from=redirect`);
    const followed = await fetch(`${api}/redirect`);
    expect(((await followed.json()) as Echo).query).toEqual({ from: "redirect" });
  });

  it("lets hub.fetch route the loopback URLs in-process while listening", async () => {
    const echo = (await (await hub.fetch(`${api}/echo`)).json()) as Echo;
    expect(echo.uploadUrl).toBe(`${upload}/files/next?part=1`);
    expect((await hub.fetch(`${api}/redirect`)).headers.get("location")).toBe(`${api}/echo?from=redirect`);
  });

  it("passes repeated headers, and sends no body for HEAD and 204", async () => {
    const raw = await new Promise<{ headers: Record<string, string | string[] | undefined>; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(`${api}/cookies`, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => resolve({ headers: res.headers, body }));
        });
        req.on("error", reject);
        req.end();
      },
    );
    expect(raw.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(raw.headers["x-multi"]).toBe("one, two");
    expect(raw.body).toBe("cookies");

    const head = await fetch(`${api}/echo`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const empty = await fetch(`${api}/empty`);
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
  });

  it("streams request and response bodies both ways", async () => {
    const body = countingBody(32, 256 * 1024);
    const expected = createHash("sha256");
    for (let i = 0; i < 32; i++) expected.update(new Uint8Array(256 * 1024).map((_, index) => index % 251));
    const response = await fetch(`${api}/stream-echo`, {
      method: "POST",
      body: body.stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(200);
    const actual = createHash("sha256");
    let size = 0;
    const reader = response.body!.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      actual.update(next.value);
      size += next.value.byteLength;
    }
    expect(size).toBe(32 * 256 * 1024);
    expect(actual.digest("hex")).toBe(expected.digest("hex"));
  });

  it("uploads a large streamed body into the emulator's sink", async () => {
    const chunks = 64;
    const body = countingBody(chunks, 1024 * 1024);
    const response = await put(`${upload}/files/big`, body.stream);
    expect(response.status).toBe(201);
    expect(((await response.json()) as { size: number }).size).toBe(chunks * 1024 * 1024);
    expect(acme.files.get("big")?.size).toBe(chunks * 1024 * 1024);
  });

  it("keeps the connection usable when the emulator leaves the request body unread", async () => {
    // The echo route never reads the body, /first-chunk reads one chunk: the rest must be drained
    // before the connection can carry the next request.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${api}/${i % 2 ? "echo" : "first-chunk"}`, {
        method: "POST",
        body: countingBody(4, 512 * 1024).stream,
        duplex: "half",
      } as RequestInit);
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await fetch(`${api}/echo`)).status).toBe(200);
  });

  it("answers 500 with JSON when the emulator throws, and logs it", async () => {
    const response = await fetch(`${api}/boom`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "emulator_error" } });
    expect(text).not.toContain("s3cr3t");
    expect(hub.log.entries()).toMatchObject([{ path: "/boom", status: 500, outcome: "response" }]);
  });

  it("applies status faults on the wire", async () => {
    hub.faults.add({
      role: "api",
      path: "/echo",
      status: 429,
      retryAfterSeconds: 30,
      body: { slow: "down" },
    });
    const response = await fetch(`${api}/echo`);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({ slow: "down" });
    expect((await fetch(`${api}/echo`)).status).toBe(200);
  });

  it("holds a delayed response while later requests are answered, then still answers", async () => {
    hub.faults.add({ path: "/echo", delayMs: 1000 });
    const finished: string[] = [];
    const delayed = fetch(`${api}/echo`).then((response) => {
      finished.push("delayed");
      return response;
    });
    await fetch(`${api}/echo/plain`).then(() => finished.push("plain"));
    expect((await delayed).status).toBe(200);
    expect(finished).toEqual(["plain", "delayed"]);
  });

  it("ends a delay early when the client leaves: the emulator never sees the request, the log says dropped", async () => {
    hub.faults.add({ path: "/echo", delayMs: 10_000 });
    const calls = acme.calls;
    const controller = new AbortController();
    const pending = fetch(`${api}/echo`, { signal: controller.signal }).catch((error: unknown) => error);
    await expect.poll(() => hub.faults.pending()).toBe(0); // the delay has started
    controller.abort();
    await pending;
    await expect.poll(() => hub.log.entries().length).toBe(1);
    expect(hub.log.entries()[0]).toMatchObject({ path: "/echo", outcome: "dropped" });
    expect(acme.calls).toBe(calls);
  });

  it("ends delays in flight when the server closes: nothing reaches the emulator afterwards", async () => {
    const own = await hub.listen();
    hub.faults.add({ path: "/echo", delayMs: 10_000 });
    const calls = acme.calls;
    const pending = fetch(`${own.baseUrls.acme!.api!}/echo`).catch((error: unknown) => error);
    await expect.poll(() => hub.faults.pending()).toBe(0);
    await own.close();
    expect(await pending).toBeInstanceOf(TypeError);
    await expect.poll(() => hub.log.entries().length).toBe(1);
    expect(hub.log.entries()[0]).toMatchObject({ outcome: "dropped" });
    expect(acme.calls).toBe(calls);
  });

  it("cuts the connection on a before-response drop and on an emulator drop", async () => {
    hub.faults.add({ path: "/echo", drop: "before-response" });
    const calls = acme.calls;
    await expect(fetch(`${api}/echo`)).rejects.toThrow(TypeError);
    expect(acme.calls).toBe(calls);
    await expect(fetch(`${api}/drop`)).rejects.toThrow(TypeError);
    expect(hub.log.entries()).toMatchObject([
      { path: "/echo", outcome: "dropped", status: undefined, fault: true },
      { path: "/drop", outcome: "dropped", status: undefined, fault: false },
    ]);
  });

  it("drops mid-body after about half the upload; the emulator gets no partial bytes", async () => {
    hub.faults.add({ role: "upload", method: "PUT", drop: "mid-body" });
    const chunks = 64;
    const size = chunks * 1024 * 1024;
    const body = countingBody(chunks, 1024 * 1024);
    // A declared length lets the server cut at half; the client streams it.
    const error = await fetch(`${upload}/files/partial`, {
      method: "PUT",
      body: body.stream,
      duplex: "half",
      headers: { "content-length": String(size) },
    } as RequestInit).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    // The client got at least half out, and not the whole body (socket buffers take a few MB).
    expect(body.pulled()).toBeGreaterThanOrEqual(size / 2);
    expect(body.pulled()).toBeLessThan(size);
    expect(acme.files.has("partial")).toBe(false);
    expect(hub.log.entries()).toMatchObject([{ role: "upload", outcome: "dropped", fault: true }]);

    // The next attempt goes through whole.
    const retry = await put(`${upload}/files/partial`, countingBody(4, 1024).stream);
    expect(retry.status).toBe(201);
    expect(acme.files.get("partial")?.size).toBe(4096);
  });
});

describe("EmulatorServer.close", () => {
  it("closes keep-alive and in-flight connections and stops routing its URLs", async () => {
    const local = createEmulatorHub(new AcmeEmulator());
    const own = await local.listen({ port: 0 });
    const base = own.baseUrls.acme!.api!;
    // Leaves a keep-alive socket in undici's pool.
    expect((await fetch(`${base}/echo`)).status).toBe(200);
    // And one request still in the emulator when close() runs.
    local.faults.add({ path: "/echo", delayMs: 2000 });
    const inFlight = fetch(`${base}/echo`).then(
      (response) => response.status,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await own.close();
    expect(await inFlight).toBeInstanceOf(TypeError);
    await own.close();
    await expect(fetch(`${base}/echo`)).rejects.toThrow(TypeError);
    await expect(local.fetch(`${base}/echo`)).rejects.toThrow(/no emulator serves/);
  });

  it("listens on a chosen port, and on several servers at once", async () => {
    const local = createEmulatorHub(new AcmeEmulator());
    const first = await local.listen();
    const port = Number(new URL(first.url).port);
    await first.close();
    const again = await local.listen({ port, host: "127.0.0.1" });
    const other = await local.listen();
    try {
      expect(again.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${again.baseUrls.acme!.api}/echo`)).status).toBe(200);
      const echo = (await (await fetch(`${other.baseUrls.acme!.api}/echo`)).json()) as Echo;
      expect(echo.uploadUrl).toBe(`${other.baseUrls.acme!.upload}/files/next?part=1`);
      expect(local.log.count()).toBe(2);
    } finally {
      await again.close();
      await other.close();
    }
  });
});
