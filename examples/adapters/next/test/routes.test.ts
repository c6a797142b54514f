// Calls the App Router route handlers with `Request` objects (no `next build`), against the
// embedded emulators: connect → consent → callback → publish, for all four platforms.
import { approveConsent, type ExamplePlatforms, PLATFORM_KEYS } from "@postkit/example-platforms";
import {
  createTestPlatforms,
  expectedOutcome,
  loginCookie,
  sampleVideoForm,
  TEST_SESSION_SECRET,
} from "@postkit/example-platforms/adapter-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as publish } from "../app/api/publish/[platform]/route";
import { GET as callback } from "../app/callback/[platform]/route";
import { GET as connect } from "../app/connect/[platform]/route";
import { usePostkit } from "../lib/postkit";

const origin = "http://localhost:3000";
let platforms: ExamplePlatforms;

beforeAll(async () => {
  platforms = await createTestPlatforms(origin);
  usePostkit({ platforms, sessionSecret: TEST_SESSION_SECRET, accounts: new Map() });
});
afterAll(() => platforms.close());

const params = (platform: string) => ({ params: Promise.resolve({ platform }) });

describe("next route handlers", () => {
  it("refuses to publish before the account is connected", async () => {
    const request = new Request(`${origin}/api/publish/youtube`, { method: "POST", body: new FormData() });
    expect((await publish(request, params("youtube"))).status).toBe(409);
  });

  it("refuses a callback without its login cookie, with the typed error's code", async () => {
    const start = await connect(new Request(`${origin}/connect/tiktok`), params("tiktok"));
    const url = await approveConsent(start.headers.get("location") ?? "");
    const response = await callback(new Request(url), params("tiktok"));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(((await response.json()) as { code: string }).code).toBe("OAUTH_SESSION_INVALID");
  });

  it.each(PLATFORM_KEYS)("connects %s, then publishes the sample video", async (key) => {
    const start = await connect(new Request(`${origin}/connect/${key}`), params(key));
    expect(start.status).toBe(302);
    const cookie = loginCookie(start);
    const url = await approveConsent(start.headers.get("location") ?? "");
    const connected = await callback(new Request(url, { headers: { cookie } }), params(key));
    expect(connected.status).toBe(200);

    const form = await sampleVideoForm(`Next ${key}`);
    const published = await publish(
      new Request(`${origin}/api/publish/${key}`, { method: "POST", body: form }),
      params(key),
    );
    const body = (await published.json()) as { outcome: string };
    expect(published.status, JSON.stringify(body)).toBe(200);
    expect(body.outcome).toBe(expectedOutcome(key));
  });
});
