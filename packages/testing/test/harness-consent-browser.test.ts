// The consent page in a real browser: headless Chromium over the loopback server, clicking
// Authorize and Deny, landing on the redirect URI. Needs Chromium at /usr/bin/chromium or
// CHROMIUM_PATH (`npm test` installs Debian's package when it can); without it the suite fails
// rather than skipping.
import { existsSync } from "node:fs";
import { createEmulatorHub, type EmulatorServer } from "@postkit/testing";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AcmeEmulator } from "./harness-fixture.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

const acme = new AcmeEmulator();
acme.consentMode = "page";
const hub = createEmulatorHub(acme);
let server: EmulatorServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the consent browser test needs it. Install it with ` +
        "`apt-get update && apt-get install -y chromium`, or set CHROMIUM_PATH.",
    );
  }
  server = await hub.listen();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function authorizeUrl(state: string): string {
  const query = new URLSearchParams({
    client_id: "Demo App",
    scope: "user.info.basic,video.publish",
    state,
    redirect_uri: `${server.baseUrls.acme!.api}/callback`,
  });
  return `${server.baseUrls.acme!.auth}/authorize?${query}`;
}

describe("consent page in Chromium", () => {
  it("lists the scopes, and Authorize lands on the redirect URI with a code and the state", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(authorizeUrl("state-approve"));
      expect(await page.title()).toContain("authorize Demo App");
      expect(await page.locator("#scopes li").allTextContents()).toEqual([
        "user.info.basic",
        "video.publish",
      ]);
      await Promise.all([page.waitForURL(/\/acme\/api\/callback\?/), page.click("#approve")]);
      const landed = new URL(page.url());
      expect(landed.origin + landed.pathname).toBe(`${server.baseUrls.acme!.api}/callback`);
      expect(landed.searchParams.get("state")).toBe("state-approve");
      expect(landed.searchParams.get("code")).toMatch(/^code\.s3cr3t-/);
      expect(landed.searchParams.has("error")).toBe(false);
      expect(await page.locator("h1").textContent()).toBe("Back at the app");
      // The page GET, the form POST and the callback, each logged once.
      expect(hub.log.count({ role: "auth", path: "/authorize", method: "GET" })).toBe(1);
      expect(hub.log.count({ role: "auth", path: "/authorize", method: "POST" })).toBe(1);
    } finally {
      await page.close();
    }
  });

  it("Deny lands on the redirect URI with error=access_denied and no code", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(authorizeUrl("state-deny"));
      await Promise.all([page.waitForURL(/\/acme\/api\/callback\?/), page.click("#deny")]);
      const landed = new URL(page.url());
      expect(landed.searchParams.get("error")).toBe("access_denied");
      expect(landed.searchParams.get("state")).toBe("state-deny");
      expect(landed.searchParams.has("code")).toBe(false);
    } finally {
      await page.close();
    }
  });
});
