// Instagram publishing test helpers: an emulator on a manual clock the client sleeps on (no real
// waits), a logged-in Facebook Login Instagram account, and an Instagram Login one.
import { createClock, type MetaEmulatorOptions } from "@postkit/testing";
import type { Clock, Connection } from "@postkit/core";
import type { MetaAccount } from "../src/index.js";
import { login, setup, type TRANSPORTS } from "./support.js";
import { defaultFacebookScopes } from "../src/index.js";

/** A manual clock shared by the emulator and the client: the client's sleeps move it. */
export function sharedClock(start = Date.UTC(2026, 0, 5, 12)) {
  const emulatorClock = createClock(start);
  const client: Clock = {
    now: () => emulatorClock.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      emulatorClock.advance(ms);
    },
  };
  return { emulatorClock, client };
}

/** An emulator, a client on the shared clock, and the Facebook Login Instagram account. */
export async function instagramSetup(
  transport: (typeof TRANSPORTS)[number],
  options: MetaEmulatorOptions = {},
  scopes: readonly string[] = defaultFacebookScopes,
) {
  const { emulatorClock, client } = sharedClock();
  const env = setup(transport, { ...options, clock: emulatorClock }, { clock: client });
  const fetcher = transport === "fetch" ? env.hub.fetch : fetch;
  const { result } = await login(env.meta, fetcher, scopes);
  const instagram = result.accounts.find((c) => c.account.platform === "instagram");
  if (!instagram) throw new Error("the login has no Instagram account");
  return { ...env, clock: client, emulatorClock, result, instagram: instagram as Connection<MetaAccount> };
}

/** The emulator's Instagram Login account as a connection on graph.instagram.com. */
export function instagramLoginConnection(
  emulator: ReturnType<typeof setup>["emulator"],
  scopes?: readonly string[],
): Connection<MetaAccount> {
  const account = emulator.instagramLogin.account;
  const token = emulator.issueInstagramToken(scopes);
  return {
    account: {
      platform: "instagram",
      id: account.id,
      displayName: account.username,
      credentialKey: `instagram:${account.id}`,
      login: "instagram",
    },
    credentials: {
      accessToken: token,
      tokenType: "bearer",
      scopes: [...(scopes ?? ["instagram_business_basic", "instagram_business_content_publish"])],
      raw: {},
    },
  };
}

export const JPEG = (name: string) => `https://cdn.example/media/${name}.jpg`;
export const MP4 = (name: string) => `https://cdn.example/media/${name}.mp4`;

/** `media_publish` requests the hub saw. */
export const publishCalls = (hub: { log: { entries(): readonly { path: string }[] } }): number =>
  hub.log.entries().filter((entry) => entry.path.endsWith("/media_publish")).length;
