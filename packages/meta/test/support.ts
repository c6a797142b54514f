// Test helpers: an emulator, a hub, and a Meta client reaching it by hub.fetch or msw.
import {
  createEmulatorHub,
  createMetaEmulator,
  type MetaEmulator,
  type MetaEmulatorOptions,
} from "@postkit/testing";
import { setupServer } from "msw/node";
import { onTestFinished } from "vitest";
import { Meta, type MetaOptions } from "../src/index.js";

export const TRANSPORTS = ["fetch", "msw"] as const;

export function clientFor(emulator: MetaEmulator, options: Partial<MetaOptions> = {}): Meta {
  return new Meta({
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    redirectUri: emulator.redirectUri,
    retry: { minDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
}

export function setup(
  transport: (typeof TRANSPORTS)[number],
  options: MetaEmulatorOptions = {},
  client: Partial<MetaOptions> = {},
) {
  const emulator = createMetaEmulator(options);
  const hub = createEmulatorHub(emulator);
  let extra: Partial<MetaOptions> = { fetch: hub.fetch };
  if (transport === "msw") {
    const server = setupServer(...hub.mswHandlers());
    server.listen({ onUnhandledRequest: "error" });
    onTestFinished(() => server.close());
    extra = {};
  }
  return { emulator, hub, meta: clientFor(emulator, { ...extra, ...client }) };
}

/** Runs the login: the dialog (approved by the emulator) and connect. */
export async function login(meta: Meta, fetcher: typeof fetch, scopes: readonly string[]) {
  const start = await meta.createAuthorizationUrl({ scopes: scopes as never });
  const page = await fetcher(start.url, { redirect: "manual" });
  const location = page.headers.get("location");
  if (!location) throw new Error(`the dialog answered ${page.status} without a redirect`);
  return { start, location, result: await meta.connect(location, start.session) };
}
