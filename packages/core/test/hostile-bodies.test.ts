// A loopback server that answers with bodies meant to exhaust memory: 2 GiB (plain or declared),
// and a gzip bomb. Bodies are generated lazily with backpressure, never allocated whole; the
// client must end with a typed error while its RSS grows by less than 64 MB.
import { createServer, type ServerResponse } from "node:http";
import { createGzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createHttpClient, ErrorCode, HttpError, SecurityError } from "@postkit/core";
import { onLoopback } from "../../../.config/hostile-peer.js";

const GiB = 1024 * 1024 * 1024;
const PIECE = Buffer.alloc(64 * 1024, 0x61); // "aaaa…": valid text, incompressible enough to matter

/** Writes `total` bytes of `PIECE`s, waiting for drain; stops when the client goes away. */
function pour(response: ServerResponse | NodeJS.WritableStream, total: number, end: () => void): void {
  let sent = 0;
  const write = () => {
    while (sent < total) {
      if ((response as ServerResponse).destroyed) return;
      sent += PIECE.length;
      if (!response.write(PIECE)) {
        response.once("drain", write);
        return;
      }
    }
    end();
  };
  write();
}

let produced = 0;
const server = createServer((request, response) => {
  const path = request.url ?? "/";
  const status = path.startsWith("/error") ? 500 : 200;
  if (path.endsWith("/declared")) {
    response.writeHead(status, { "content-type": "application/json", "content-length": String(2 * GiB) });
    pour(response, 2 * GiB, () => response.end());
  } else if (path.endsWith("/bomb")) {
    response.writeHead(status, { "content-type": "application/json", "content-encoding": "gzip" });
    // 4 GiB of "a" through gzip: a few MB on the wire, produced only as fast as it is read.
    const gzip = createGzip({ level: 9 });
    gzip.on("data", (part: Buffer) => {
      produced += part.length;
    });
    gzip.pipe(response);
    response.on("close", () => gzip.destroy());
    pour(gzip, 4 * GiB, () => gzip.end());
  } else {
    response.writeHead(status, { "content-type": "application/json" });
    pour(response, 2 * GiB, () => response.end());
  }
});
const loopback = onLoopback(server);

/** The request's outcome and how far RSS rose above where it started, sampled while it ran. */
async function measured(run: () => Promise<unknown>): Promise<{ error: unknown; growthMb: number }> {
  globalThis.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const error = await run().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    peak = Math.max(peak, process.memoryUsage().rss);
    return { error, growthMb: (peak - start) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

describe("bodies sized to exhaust memory", () => {
  const client = createHttpClient("test", { retry: { retries: 0 }, timeoutMs: 60_000 });
  const get = (path: string) => () =>
    client.request({
      method: "GET",
      url: `${loopback.base}${path}`,
      idempotent: true,
      accessToken: "t-s3cr3t-1234",
    });

  for (const path of ["/chunked", "/declared", "/bomb"]) {
    it(`a 2xx body of GiBs (${path}) is RESPONSE_TOO_LARGE, with RSS growing by less than 64 MB`, async () => {
      const { error, growthMb } = await measured(get(path));
      expect(SecurityError.isInstance(error)).toBe(true);
      expect((error as SecurityError).code).toBe(ErrorCode.RESPONSE_TOO_LARGE);
      expect((error as SecurityError).status).toBe(200);
      expect(growthMb).toBeLessThan(64);
    });
  }

  it("the gzip bomb is inflated only up to the cap: the server produced a small part of it", async () => {
    produced = 0;
    const small = createHttpClient("test", { retry: { retries: 0 }, maxBodyBytes: 1024 * 1024 });
    const error = await small
      .request({ method: "GET", url: `${loopback.base}/bomb`, idempotent: true })
      .catch((caught: unknown) => caught);
    expect((error as SecurityError).code).toBe(ErrorCode.RESPONSE_TOO_LARGE);
    // 4 GiB of "a" gzips to about 4 MB; reading 1 MiB inflated needs only its first kilobytes.
    expect(produced).toBeLessThan(1024 * 1024);
  });

  for (const path of ["/error/chunked", "/error/declared", "/error/bomb"]) {
    it(`an error body of GiBs (${path}) is cut: an HttpError keeping a few KB, RSS under 64 MB`, async () => {
      const { error, growthMb } = await measured(get(path));
      expect(HttpError.isInstance(error)).toBe(true);
      expect((error as HttpError).status).toBe(500);
      expect(JSON.stringify((error as HttpError).body).length).toBeLessThan(5000);
      expect(growthMb).toBeLessThan(64);
    });
  }

  it("a per-request cap overrides the client's, and a body within it is read", async () => {
    const error = await client
      .request({ method: "GET", url: `${loopback.base}/chunked`, idempotent: true, maxBodyBytes: 100_000 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: ErrorCode.RESPONSE_TOO_LARGE });
    expect((error as Error).message).toContain("100000 bytes");
  });
});
