// The dashboard in headless Chromium against the embedded emulators (their consent pages in
// `page` mode): a denied consent shows a clear message; then connect all four accounts, upload
// the sample video, select every platform (TikTok as a direct post with a chosen privacy level),
// publish through an injected dropped connection the SDK recovers from, and see each platform
// reach its final state. The final page is saved as test-artifacts/final.png.
// Needs Chromium at /usr/bin/chromium or CHROMIUM_PATH; without it the suite fails, not skips.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { createExamplePlatforms, type ExamplePlatforms, SAMPLE_VIDEO } from "@postkit/example-platforms";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDashboard } from "../src/app.mjs";
import { openDatabase } from "../src/database.mjs";
import { createRepository } from "../src/repository.mjs";
import { SqliteTokenStore } from "../src/sqlite-token-store.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
];
const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));

let directory: string;
let browser: Browser;
let setup: ExamplePlatforms;
let dashboard: ReturnType<typeof createDashboard>;
let server: ReturnType<typeof serve>;
let db: ReturnType<typeof openDatabase>;
let baseUrl: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\`, or set CHROMIUM_PATH.`,
    );
  }
  directory = await mkdtemp(join(tmpdir(), "postkit-dashboard-e2e-"));
  db = openDatabase(join(directory, "dashboard.db"));
  // The redirect URIs need the dashboard's port: listen first, then build the app behind it.
  let handler: (request: Request) => Response | Promise<Response> = () =>
    new Response("starting", { status: 503 });
  server = serve({ fetch: (request) => handler(request), port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  setup = await createExamplePlatforms({
    env: {},
    publicUrl: baseUrl,
    consent: "page",
    tokenStore: new SqliteTokenStore(db),
    log: () => {},
  });
  dashboard = createDashboard({ setup, repository: createRepository(db) });
  handler = dashboard.app.fetch;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.idle();
  await new Promise((resolve) => server?.close(resolve));
  await setup?.close();
  db?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function consent(page: Page, platform: string, button: "#approve" | "#deny") {
  await page.click(`#connect-${platform}`);
  await page.waitForSelector(button);
  await Promise.all([page.waitForURL(`${baseUrl}/?notice=*`), page.click(button)]);
  return (await page.locator("#notice").textContent()) ?? "";
}

describe("dashboard in Chromium", () => {
  it("connects four accounts, publishes the sample everywhere, and shows each final state", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    try {
      await page.goto(baseUrl);
      expect(await page.locator("#emulated").textContent()).toContain("Running on the embedded emulator");

      // The failure path: a denied consent connects nothing and says so.
      expect(await consent(page, "tiktok", "#deny")).toMatch(/^Connection refused/);
      expect(await page.locator('[data-platform="tiktok"]').textContent()).toContain("Not connected");

      for (const platform of ["tiktok", "youtube", "facebook", "instagram"]) {
        expect(await consent(page, platform, "#approve")).toMatch(/connected: /);
        const card = page.locator(`#accounts [data-platform="${platform}"]`);
        expect(await card.getAttribute("class")).toContain("connected");
        // Every emulated account shares its follower count (TikTok's sits in `stats`).
        expect(await card.locator(".followers").textContent()).toMatch(/^[\d,]+ followers$/);
      }
      // Pictures the emulators' made-up CDN hosts cannot serve become initials, not broken images:
      // this waits until no <img> avatar is left that failed to load (it times out otherwise).
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll("img.avatar")].every(
            (image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0,
          ),
        undefined,
        { timeout: 5_000 },
      );
      // Tokens stay on the server.
      expect(await page.content()).not.toMatch(/s3cr3t/);

      // TikTok's direct post: the privacy level has no default; what the creator disabled is greyed out.
      expect(await page.locator("#privacyLevel").inputValue()).toBe("");

      await page.setInputFiles("#video", SAMPLE_VIDEO.path);
      await page.waitForFunction(
        () => (document.getElementById("durationSec") as HTMLInputElement).value !== "",
      );
      await page.fill("#title", "postkit dashboard test");
      await page.fill("#instagramCaption", "From the dashboard #postkit");
      for (const platform of ["tiktok", "youtube", "facebook", "instagram"])
        await page.check(`#target-${platform}`);
      await page.check("#tiktok-direct");
      const privacy = await page.locator("#privacyLevel option").nth(1).getAttribute("value");
      await page.selectOption("#privacyLevel", privacy!);

      // A fault the SDK recovers from: YouTube's upload connection breaks halfway through the
      // body; the upload resumes from the offset the server reports.
      setup.emulators!.hub.faults.add({
        platform: "youtube",
        method: "PUT",
        path: "/upload/youtube/v3/videos",
        drop: "mid-body",
      });

      await page.click("#publish");
      await page.waitForSelector('#progress[data-done="true"]', { timeout: 45_000 });
      const states = await page
        .locator("#progress .target")
        .evaluateAll((rows) =>
          rows.map((row) => [(row as HTMLElement).dataset.platform, (row as HTMLElement).dataset.state]),
        );
      expect(Object.fromEntries(states)).toEqual({
        tiktok: "published",
        youtube: "published",
        facebook: "published",
        instagram: "published",
      });
      // Each post's link, or its id where the platform gives no link (TikTok: an id only).
      for (const row of await page.locator("#progress .target").all()) {
        expect(await row.locator(".post-link, .post-id").count()).toBe(1);
      }
      expect(setup.emulators!.hub.faults.pending()).toBe(0);
      expect(
        setup.emulators!.hub.log.entries().filter((entry) => entry.fault && entry.outcome === "dropped"),
      ).toHaveLength(1);

      await mkdir(ARTIFACTS, { recursive: true });
      const screenshot = join(ARTIFACTS, "final.png");
      await page.screenshot({ path: screenshot, fullPage: true });
      console.log(`Dashboard screenshot: ${screenshot}`);
    } finally {
      await page.close();
    }
  });
});
