// The loopback server's `tls` option and its keep-alive settings.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request, type RequestOptions } from "node:https";
import { request as httpRequest, Agent as HttpAgent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmulatorHub } from "@postkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AcmeEmulator, type Echo } from "./harness-fixture.js";

let dir: string;
let key: string;
let cert: string;

beforeAll(() => {
  // A throwaway self-signed certificate for 127.0.0.1 (openssl CLI, as the benchmarks use).
  dir = mkdtempSync(join(tmpdir(), "postkit-tls-"));
  const made = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"]
      .concat(["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
      .concat(["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")]),
    { encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.error ?? made.stderr}`);
  key = readFileSync(join(dir, "key.pem"), "utf8");
  cert = readFileSync(join(dir, "cert.pem"), "utf8");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  reusedSocket: boolean;
}

function get(url: string, options: RequestOptions, secure: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = secure ? request : httpRequest;
    const req = send(url, options, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (text: string) => {
        body += text;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, reusedSocket: req.reusedSocket }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("loopback server over TLS", () => {
  it("serves https on the url and baseUrls it reports", async () => {
    const hub = createEmulatorHub(new AcmeEmulator());
    const server = await hub.listen({ tls: { key, cert } });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(server.baseUrls.acme!.api).toBe(`${server.url}/acme/api`);
      const agent = new Agent({ ca: cert, keepAlive: true });
      const answer = await get(`${server.baseUrls.acme!.api}/echo?x=1`, { agent }, true);
      expect(answer.status).toBe(200);
      const echo = JSON.parse(answer.body) as Echo;
      expect(echo).toMatchObject({ role: "api", path: "/echo", query: { x: "1" } });
      // URLs the emulator hands out follow the https origin.
      expect(echo.uploadUrl).toBe(`${server.baseUrls.acme!.upload}/files/next?part=1`);
      agent.destroy();
    } finally {
      await server.close();
    }
  });
});

describe("loopback server keep-alive", () => {
  it("keeps idle connections 65 s (not Node's 5 s), so sequential calls reuse one socket", async () => {
    const hub = createEmulatorHub(new AcmeEmulator());
    const server = await hub.listen();
    try {
      const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
      const first = await get(`${server.baseUrls.acme!.api}/echo`, { agent }, false);
      const second = await get(`${server.baseUrls.acme!.api}/echo`, { agent }, false);
      expect(first.headers["keep-alive"]).toBe("timeout=65");
      expect([first.reusedSocket, second.reusedSocket]).toEqual([false, true]);
      agent.destroy();
    } finally {
      await server.close();
    }
  });
});
