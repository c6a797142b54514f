// Drives the Express routes over a loopback port against the embedded emulators:
// connect → consent → callback → publish, for all four platforms.
import {
  approveConsent,
  type ExamplePlatforms,
  PLATFORM_KEYS,
  SAMPLE_VIDEO,
} from "@postkit/example-platforms";
import {
  createTestPlatforms,
  expectedOutcome,
  loginCookie,
  TEST_SESSION_SECRET,
} from "@postkit/example-platforms/adapter-testing";
import express from "express";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postkitErrors, postkitRoutes } from "../src/app.js";

let platforms: ExamplePlatforms;
let server: Server;
let origin: string;

beforeAll(async () => {
  const app = express();
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The redirect URIs must lead back to this server, so the platforms are built on its URL.
  platforms = await createTestPlatforms(origin);
  app.use(postkitRoutes({ platforms, sessionSecret: TEST_SESSION_SECRET }), postkitErrors);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await platforms.close();
});

const get = (url: string, cookie?: string) =>
  fetch(new URL(url, origin), { redirect: "manual", headers: cookie ? { cookie } : {} });

describe("express adapter", () => {
  it("refuses a callback without its login cookie, with the typed error's code", async () => {
    const start = await get("/connect/tiktok");
    const response = await get(await approveConsent(start.headers.get("location") ?? ""));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(((await response.json()) as { code: string }).code).toBe("OAUTH_SESSION_INVALID");
  });

  it.each(PLATFORM_KEYS)("connects %s, then publishes the sample video", async (key) => {
    const start = await get(`/connect/${key}`);
    expect(start.status).toBe(302);
    const cookie = loginCookie(start);
    const connected = await get(await approveConsent(start.headers.get("location") ?? ""), cookie);
    expect(connected.status).toBe(200);

    const query = new URLSearchParams({
      title: `Express ${key}`,
      durationSec: String(SAMPLE_VIDEO.durationSec),
    });
    const published = await fetch(new URL(`/publish/${key}?${query}`, origin), {
      method: "POST",
      headers: { "content-type": SAMPLE_VIDEO.type, "idempotency-key": `express-${key}` },
      body: await readFile(SAMPLE_VIDEO.path),
    });
    const body = (await published.json()) as { outcome: string };
    expect(published.status, JSON.stringify(body)).toBe(200);
    expect(body.outcome).toBe(expectedOutcome(key));
  });
});
