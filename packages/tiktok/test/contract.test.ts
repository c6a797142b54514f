// The contract's promises on TikTok's emulator, whose refresh tokens rotate strictly (an old one
// is refused once used): several instances over one store, failed saves, reconnects during a
// renewal, lost responses and idempotency keys.
// Covered by the conformance suite instead (conformance.test.ts): jobs.idempotency (a repeated key, other content under it).
import {
  type Account,
  ErrorCode,
  MemoryTokenStore,
  type StoredTokens,
  StoreError,
  type TokenSet,
  type TokenStore,
} from "@postkit/core";
import { afterEach, describe, expect, it } from "vitest";
import type { TikTok } from "../src/index.js";
import { directOptions, memorySource, pseudoRandomBytes, type Setup, setup } from "./helpers.js";

const TOKEN_PATH = "/v2/oauth/token/";
const DAY = 86_400_000;

let env: Setup | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** Logs in on `client` through the emulator's consent page and returns the account. */
async function connect(setupEnv: Setup, client: TikTok): Promise<{ account: Account; tokens: TokenSet }> {
  const login = await client.createAuthorizationUrl({ scopes: ["user.info.basic", "video.upload"] });
  const consent = await setupEnv.browse(login.url);
  const { accounts, tokens } = await client.connect(consent.headers.get("location")!, login.session);
  return { account: accounts[0]!.account, tokens };
}

function refreshes(setupEnv: Setup): number {
  return setupEnv.hub.log.entries().filter((entry) => entry.path === TOKEN_PATH && entry.status === 200)
    .length;
}

/** The same store without its lock: instances then race and recover by reloading. */
function withoutLock(store: TokenStore): TokenStore {
  return {
    load: (key) => store.load(key),
    compareAndSet: (key, revision, tokens) => store.compareAndSet(key, revision, tokens),
    delete: (key) => store.delete(key),
  };
}

describe("two instances over one token store (TikTok rotates refresh tokens)", () => {
  it.each([
    ["with the store's lock", (store: TokenStore) => store],
    ["without a lock", withoutLock],
  ])("200 concurrent calls across 5 expiries: no reconnect errors, %s", async (name, shared) => {
    env = await setup({ client: { rateLimit: { mode: "off" } } });
    const store = shared(new MemoryTokenStore());
    const first = env.client({ tokenStore: store });
    const second = env.client({ tokenStore: store });
    const { account } = await connect(env, first);
    const logins = refreshes(env);
    for (let expiry = 1; expiry <= 5; expiry++) {
      env.clock.advance(DAY + 1000);
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) => (i % 2 ? first : second).getProfile({ account })),
      );
      const failed = results.filter((result) => result.status === "rejected");
      expect(failed, name).toEqual([]);
      // With the lock, exactly one refresh per expiry; without it, a lost race may cost one more
      // request, which TikTok refuses, and never a reconnect.
      const made = refreshes(env) - logins;
      if (name === "with the store's lock") expect(made).toBe(expiry);
      else expect(made).toBeLessThanOrEqual(expiry * 2);
    }
    // The stored grant is the newest: a third instance acts for the account from the store alone.
    expect((await env.client({ tokenStore: store }).getProfile({ account })).id).toBe(account.id);
  });

  it("a store whose save fails once loses no grant: the rotated tokens are saved on the next call", async () => {
    env = await setup({ client: { rateLimit: { mode: "off" } } });
    const memory = new MemoryTokenStore();
    let failNext = false;
    const flaky: TokenStore = {
      load: (key) => memory.load(key),
      delete: (key) => memory.delete(key),
      lock: (key, options) => memory.lock(key, options),
      compareAndSet: async (key, revision, tokens): Promise<StoredTokens | undefined> => {
        if (failNext) {
          failNext = false;
          throw new Error("database unavailable");
        }
        return memory.compareAndSet(key, revision, tokens);
      },
    };
    const client = env.client({ tokenStore: flaky });
    const { account, tokens } = await connect(env, client);
    env.clock.advance(DAY + 1000);
    failNext = true;
    const error = await client.getProfile({ account }).catch((caught: unknown) => caught);
    expect(StoreError.isInstance(error) && error.next).toBe("after-delay");
    // TikTok has rotated the refresh token: the stored one is dead now, the new one only in memory.
    await expect(env.tiktok.renewTokens(tokens)).rejects.toMatchObject({ code: ErrorCode.REAUTH_REQUIRED });
    const before = refreshes(env);
    expect((await client.getProfile({ account })).id).toBe(account.id);
    expect(refreshes(env)).toBe(before);
    const saved = await memory.load(account.credentialKey);
    expect(saved?.tokens.refreshToken).not.toBe(tokens.refreshToken);
    // Another instance, from the store alone, renews the saved (rotated) grant without a reconnect.
    env.clock.advance(DAY + 1000);
    expect((await env.client({ tokenStore: memory }).getProfile({ account })).id).toBe(account.id);
  });

  it("a reconnect during a renewal keeps the newest grant", async () => {
    env = await setup({ client: { rateLimit: { mode: "off" } } });
    const store = new MemoryTokenStore();
    const first = env.client({ tokenStore: store });
    const second = env.client({ tokenStore: store });
    const { account } = await connect(env, first);
    env.clock.advance(DAY + 1000);
    // The renewal's answer is held back while the user connects again on the other instance.
    env.hub.faults.add({ platform: "tiktok", path: TOKEN_PATH, method: "POST", delayMs: 300 });
    const renewing = first.getProfile({ account });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reconnected = await connect(env, second);
    await renewing;
    const stored = await store.load(account.credentialKey);
    expect(stored?.tokens.accessToken).toBe(reconnected.tokens.accessToken);
    expect((await second.getProfile({ account })).id).toBe(account.id);
  });
});

describe("publishing as jobs", () => {
  it("a lost response to the last chunk never makes a second post; the job reconciles to what happened", async () => {
    env = await setup();
    const connection = env.connection(["video.publish"]);
    const bytes = pseudoRandomBytes(2_000_000, 33);
    // TikTok stores the chunk (and starts processing); its answer never arrives.
    env.hub.faults.add({ platform: "tiktok", role: "upload", method: "PUT", drop: "after-response" });
    const job = await env.tiktok.publishVideo(connection, {
      source: memorySource(bytes),
      options: { mode: "direct", ...directOptions },
    });
    // The engine sends the chunk again; TikTok answers that it has every byte (416 with the full
    // range), which counts as completion because this process sent those bytes. No second init.
    expect(env.emulator.publishes()).toHaveLength(1);
    const publishId = env.emulator.publishes()[0]!.publishId;
    expect(job).toMatchObject({ outcome: "processing", ids: { publishId } });
    expect(await env.tiktok.waitForPublish(connection, job)).toMatchObject({ outcome: "published" });
    expect(env.hub.log.count({ path: "/v2/post/publish/video/init/" })).toBe(1);
    expect(env.emulator.upload(publishId)?.size).toBe(bytes.length);
  });

  it("a lost response to a URL-pull init is unknown, never repeated, and stays unknown on reconcile", async () => {
    env = await setup();
    const connection = env.connection(["video.publish"]);
    env.hub.faults.add({
      platform: "tiktok",
      path: "/v2/post/publish/content/init/",
      drop: "after-response",
    });
    const images = ["https://media.example/1.jpeg"];
    const job = await env.tiktok.publishPhotos(connection, {
      imageUrls: images,
      options: { postMode: "DIRECT_POST", privacyLevel: "SELF_ONLY", title: "one" },
      idempotencyKey: "photo-1",
    });
    expect(job).toMatchObject({ outcome: "unknown", ids: {}, failure: { code: "INIT_RESPONSE_LOST" } });
    // The same key again is the same job: TikTok is not asked twice.
    const again = await env.tiktok.publishPhotos(connection, {
      imageUrls: images,
      options: { postMode: "DIRECT_POST", privacyLevel: "SELF_ONLY", title: "one" },
      idempotencyKey: "photo-1",
    });
    expect(again).toEqual(job);
    expect(env.hub.log.count({ path: "/v2/post/publish/content/init/" })).toBe(1);
    expect(env.emulator.publishes()).toHaveLength(1);
    expect(await env.tiktok.getPublishStatus(connection, job)).toEqual(job);
  });
});
