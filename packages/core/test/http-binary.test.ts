// Upload chunks (Uint8Array bodies) take a path without ky: no request clone, streamed as views
// where the runtime supports request streams. Same retries, timeouts, hooks and errors.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { createHttpClient, ErrorCode, NetworkError } from "@postkit/core";
import { onLoopback } from "../../../.config/hostile-peer.js";

describe("binary bodies", () => {
  const received: { length: number; contentLength: string | undefined; sum: number }[] = [];
  let failuresLeft = 0;
  let stallNext = false;
  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => {
      if (stallNext) {
        stallNext = false;
        return; // never answer: the client's timeout must fire
      }
      const body = Buffer.concat(parts);
      received.push({
        length: body.length,
        contentLength: request.headers["content-length"],
        sum: body.reduce((total, byte) => (total + byte) % 65_521, 0),
      });
      if (failuresLeft > 0) {
        failuresLeft--;
        response.writeHead(503).end();
        return;
      }
      if (request.url === "/moved") {
        // A resumable upload's "308 Resume Incomplete" may carry a Location that is not a redirect.
        response
          .writeHead(308, { range: `bytes=0-${body.length - 1}`, location: `${loopback.base}/next` })
          .end();
        return;
      }
      response.writeHead(308, { range: `bytes=0-${body.length - 1}` }).end();
    });
  });
  const loopback = onLoopback(server);

  const bytes = new Uint8Array(3 * 1024 * 1024 + 17).map((_, index) => (index * 31) % 251);
  const sum = bytes.reduce((total, byte) => (total + byte) % 65_521, 0);
  const accept = (status: number) => status === 308;

  it("sends every byte with its Content-Length over a real socket, and re-sends it on a retry", async () => {
    received.length = 0;
    failuresLeft = 1;
    const client = createHttpClient("test", { retry: { minDelayMs: 1 } });
    const response = await client.request({
      method: "PUT",
      url: `${loopback.base}/chunk`,
      body: bytes,
      idempotent: true,
      accept,
    });
    expect(response.headers.get("range")).toBe(`bytes=0-${bytes.length - 1}`);
    expect(received).toEqual([
      { length: bytes.length, contentLength: String(bytes.length), sum },
      { length: bytes.length, contentLength: String(bytes.length), sum },
    ]);
  });

  it("times out a stalled chunk with a typed error", async () => {
    stallNext = true;
    const client = createHttpClient("test", { timeoutMs: 200 });
    const error = await client
      .request({ method: "PUT", url: `${loopback.base}/chunk`, body: bytes, idempotent: false, accept })
      .catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).code).toBe(ErrorCode.TIMEOUT);
  });

  it("runs hooks with the URL and headers, without the body", async () => {
    const seen: string[] = [];
    const client = createHttpClient("test", {
      hooks: {
        beforeRequest: (request) => {
          seen.push(`${request.method} ${new URL(request.url).pathname} body:${request.body === null}`);
          const headers = new Headers(request.headers);
          headers.set("x-hook", "1");
          return new Request(request.url, { method: request.method, headers });
        },
        afterResponse: (_request, response) => {
          seen.push(`status ${response.status}`);
        },
      },
    });
    received.length = 0;
    await client.request({
      method: "PUT",
      url: `${loopback.base}/chunk`,
      body: bytes,
      idempotent: true,
      accept,
    });
    expect(seen).toEqual(["PUT /chunk body:true", "status 308"]);
    expect(received[0]?.length).toBe(bytes.length);
  });

  const streamOf = (data: Uint8Array) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < data.length; offset += 1024 * 1024) {
          controller.enqueue(data.subarray(offset, offset + 1024 * 1024));
        }
        controller.close();
      },
    });

  it("streams a ReadableStream body with its Content-Length", async () => {
    received.length = 0;
    const client = createHttpClient("test");
    await client.request({
      method: "PUT",
      url: `${loopback.base}/chunk`,
      headers: { "content-length": String(bytes.length) },
      body: streamOf(bytes),
      idempotent: false,
      accept,
    });
    expect(received).toEqual([{ length: bytes.length, contentLength: String(bytes.length), sum }]);
  });

  it("never retries a stream body, even when the request says it is idempotent", async () => {
    received.length = 0;
    failuresLeft = 1;
    const client = createHttpClient("test", { retry: { minDelayMs: 1 } });
    const error = await client
      .request({
        method: "PUT",
        url: `${loopback.base}/chunk`,
        body: streamOf(bytes),
        idempotent: true,
        accept,
      })
      .catch((caught: unknown) => caught);
    expect((error as { status?: number }).status).toBe(503);
    expect(received).toHaveLength(1);
  });

  it("takes a per-request time limit over the client's", async () => {
    stallNext = true;
    const client = createHttpClient("test", { timeoutMs: false });
    const error = await client
      .request({
        method: "PUT",
        url: `${loopback.base}/chunk`,
        body: bytes,
        idempotent: false,
        accept,
        timeoutMs: 200,
      })
      .catch((caught: unknown) => caught);
    expect((error as NetworkError).code).toBe(ErrorCode.TIMEOUT);
  });

  it('hands a 3xx back as the response with redirect: "manual"', async () => {
    received.length = 0;
    const client = createHttpClient("test");
    for (const body of [bytes, "text body"]) {
      const response = await client.request({
        method: "PUT",
        url: `${loopback.base}/moved`,
        body,
        idempotent: false,
        redirect: "manual",
        accept,
      });
      expect(response.status).toBe(308);
      expect(response.headers.get("location")).toBe(`${loopback.base}/next`);
    }
    expect(received.map((entry) => entry.length)).toEqual([bytes.length, "text body".length]);
  });
});
