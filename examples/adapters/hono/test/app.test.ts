// Drives the Hono routes against the embedded emulators: connect → consent → callback → publish,
// for all four platforms, through `app.request` (no port for the app itself).
import { approveConsent, type ExamplePlatforms, PLATFORM_KEYS } from "@postkit/example-platforms";
import {
  createTestPlatforms,
  expectedOutcome,
  loginCookie,
  sampleVideoForm,
  TEST_SESSION_SECRET,
} from "@postkit/example-platforms/adapter-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postkitRoutes } from "../src/app.js";

let platforms: ExamplePlatforms;
let app: ReturnType<typeof postkitRoutes>;

beforeAll(async () => {
  platforms = await createTestPlatforms();
  app = postkitRoutes({ platforms, sessionSecret: TEST_SESSION_SECRET });
});
afterAll(() => platforms.close());

async function connect(key: string): Promise<Response> {
  const start = await app.request(`/connect/${key}`);
  expect(start.status).toBe(302);
  const cookie = loginCookie(start);
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

    const form = await sampleVideoForm(`Hono ${key}`);
    const published = await app.request(`/publish/${key}`, { method: "POST", body: form });
    const body = (await published.json()) as { outcome: string; postId?: string };
    expect(published.status, JSON.stringify(body)).toBe(200);
    expect(body.outcome).toBe(expectedOutcome(key));
  });
});
