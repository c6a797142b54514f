// Calls the App Router route handlers with `Request` objects (no `next build`), against the
// embedded emulators: connect → consent → callback → publish, for all four platforms.
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
import { POST as publish } from "../app/api/publish/[platform]/route";
import { GET as callback } from "../app/callback/[platform]/route";
import { GET as connect } from "../app/connect/[platform]/route";
import { usePostkit } from "../lib/postkit";

const origin = "http://localhost:3000";
let platforms: ExamplePlatforms;

beforeAll(async () => {
  platforms = await createExamplePlatforms({
    env: {},
    publicUrl: origin,
    tokenStore: new MemoryTokenStore(),
    log: () => {},
  });
  usePostkit({ platforms, sessionSecret: "test-session-secret-of-at-least-32-chars", accounts: new Map() });
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
    const cookie = start.headers.get("set-cookie")?.split(";")[0] ?? "";
    const url = await approveConsent(start.headers.get("location") ?? "");
    const connected = await callback(new Request(url, { headers: { cookie } }), params(key));
    expect(connected.status).toBe(200);

    const form = new FormData();
    form.set(
      "video",
      new File([await readFile(SAMPLE_VIDEO.path)], "sample.mp4", { type: SAMPLE_VIDEO.type }),
    );
    form.set("title", `Next ${key}`);
    form.set("durationSec", String(SAMPLE_VIDEO.durationSec));
    const published = await publish(
      new Request(`${origin}/api/publish/${key}`, { method: "POST", body: form }),
      params(key),
    );
    const body = (await published.json()) as { outcome: string };
    expect(published.status, JSON.stringify(body)).toBe(200);
    expect(body.outcome).toBe(key === "tiktok" ? "draft" : "published");
  });
});
