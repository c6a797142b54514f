// Drives the Hono routes against the embedded emulators: connect → consent → callback → publish,
// for all four platforms, through `app.request` (no port for the app itself).
import { MemoryTokenStore } from "@postkit/core";
import {
  approveConsent,
  createExamplePlatforms,
  type ExamplePlatforms,
  PLATFORM_KEYS,
  SAMPLE_VIDEO,
} from "@postkit/example-platforms";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postkitRoutes } from "../src/app.js";

const secret = "test-session-secret-of-at-least-32-chars";
let platforms: ExamplePlatforms;
let app: ReturnType<typeof postkitRoutes>;

beforeAll(async () => {
  platforms = await createExamplePlatforms({ env: {}, tokenStore: new MemoryTokenStore(), log: () => {} });
  app = postkitRoutes({ platforms, sessionSecret: secret });
});
afterAll(() => platforms.close());

async function connect(key: string): Promise<Response> {
  const start = await app.request(`/connect/${key}`);
  expect(start.status).toBe(302);
  const cookie = start.headers.get("set-cookie")?.split(";")[0] ?? "";
  expect(cookie).toMatch(new RegExp(`^postkit_login_${key}=v1\\.`));
  const callback = await approveConsent(start.headers.get("location") ?? "");
  return app.request(callback, { headers: { cookie } });
}

describe("hono adapter", () => {
  it("refuses to publish before the account is connected", async () => {
    const response = await app.request("/publish/tiktok", { method: "POST", body: new FormData() });
    expect(response.status).toBe(409);
  });

  it("refuses a callback without its login cookie, with the typed error's code and hint", async () => {
    const start = await app.request("/connect/youtube");
    const callback = await approveConsent(start.headers.get("location") ?? "");
    const response = await app.request(callback);
    expect(response.status).toBeGreaterThanOrEqual(400);
    const body = (await response.json()) as { code: string; hint?: string };
    expect(body.code).toBe("OAUTH_SESSION_INVALID");
  });

  it.each(PLATFORM_KEYS)("connects %s, then publishes the sample video", async (key) => {
    const connected = await connect(key);
    expect(connected.status).toBe(200);
    expect(((await connected.json()) as { platform: string }).platform).toBe(key);

    const form = new FormData();
    form.set(
      "video",
      new File([await readFile(SAMPLE_VIDEO.path)], "sample.mp4", { type: SAMPLE_VIDEO.type }),
    );
    form.set("title", `Hono ${key}`);
    form.set("durationSec", String(SAMPLE_VIDEO.durationSec));
    const published = await app.request(`/publish/${key}`, { method: "POST", body: form });
    const body = (await published.json()) as { outcome: string; postId?: string };
    expect(published.status, JSON.stringify(body)).toBe(200);
    expect(body.outcome).toBe(key === "tiktok" ? "draft" : "published");
  });
});
