// Instagram Login test helpers: an emulator on a manual clock shared with the client, reached by
// hub.fetch or msw, and the login itself.
import type { Clock } from "@postkit/core";
import {
  createClock,
  createEmulatorHub,
  createMetaEmulator,
  type MetaEmulatorOptions,
} from "@postkit/testing";
import { setupServer } from "msw/node";
import { onTestFinished } from "vitest";
import { InstagramLogin, type InstagramLoginOptions, type InstagramLoginScope } from "../src/index.js";

export const DAY = 24 * 3600 * 1000;

export function setupInstagram(
  transport: "fetch" | "msw",
  options: MetaEmulatorOptions = {},
  client: Partial<InstagramLoginOptions> = {},
) {
  const emulatorClock = createClock(Date.UTC(2026, 0, 1));
  const clock: Clock = {
    now: () => emulatorClock.now(),
    sleep: async (ms) => emulatorClock.advance(ms),
  };
  const emulator = createMetaEmulator({ clock: emulatorClock, ...options });
  const hub = createEmulatorHub(emulator);
  let extra: Partial<InstagramLoginOptions> = { fetch: hub.fetch };
  if (transport === "msw") {
    const server = setupServer(...hub.mswHandlers());
    server.listen({ onUnhandledRequest: "error" });
    onTestFinished(() => server.close());
    extra = {};
  }
  const instagram = new InstagramLogin({
    clientId: emulator.instagramLogin.appId,
    clientSecret: emulator.instagramLogin.appSecret,
    redirectUri: emulator.instagramLogin.redirectUri,
    retry: { minDelayMs: 1, maxDelayMs: 2 },
    clock,
    ...extra,
    ...client,
  });
  const fetcher = transport === "msw" ? fetch : hub.fetch;
  const advance = (ms: number) => emulatorClock.advance(ms);
  return { emulator, hub, instagram, fetcher, advance, clock };
}

/** The authorize window (approved by the emulator), then connect. */
export async function loginInstagram(
  instagram: InstagramLogin,
  fetcher: typeof fetch,
  scopes: readonly InstagramLoginScope[] = ["instagram_business_basic", "instagram_business_content_publish"],
) {
  const start = await instagram.createAuthorizationUrl({ scopes });
  const page = await fetcher(start.url, { redirect: "manual" });
  const location = page.headers.get("location");
  if (!location) throw new Error(`the authorize window answered ${page.status} without a redirect`);
  return { start, location, result: await instagram.connect(location, start.session) };
}
