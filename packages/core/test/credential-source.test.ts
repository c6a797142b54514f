import { describe, expect, it, vi } from "vitest";
import {
  type Account,
  createCredentialResolver,
  createCredentialSource,
  type CredentialSourceOptions,
  ErrorCode,
  isPostkitError,
  MemoryTokenStore,
  OAuthError,
  PlatformError,
  sleep,
  StoreError,
  type TokenSet,
  type TokenStore,
} from "@postkit/core";

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;
const KEY = "tiktok:user-1";

/** A controllable clock shared by every source of a test. */
function clock(start = NOW) {
  let time = start;
  return { now: () => time, set: (value: number) => (time = value), advance: (ms: number) => (time += ms) };
}

function tokens(n: number, expiresAt: number): TokenSet {
  return {
    accessToken: `at-${n}`,
    tokenType: "Bearer",
    refreshToken: `rt-${n}`,
    expiresAt,
    scopes: [],
    raw: {},
  };
}

/** A deferred promise, to hold a fake call open. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A platform whose refresh tokens strictly rotate: each works once; an old one is refused with
 * `REAUTH_REQUIRED` (TikTok's `invalid_grant`). The server rotates when the request arrives and
 * answers after `latencyMs`, so a loser can hear "refused" before the winner has its answer.
 */
function rotatingPlatform(now: () => number, options: { latencyMs?: number } = {}) {
  const state = { current: "rt-0", issued: 0, calls: 0, rotations: 0 };
  const renew = async (old: TokenSet): Promise<TokenSet> => {
    state.calls++;
    await sleep(1);
    if (old.refreshToken !== state.current) {
      throw new OAuthError("The refresh token was already used.", {
        code: ErrorCode.REAUTH_REQUIRED,
        error: "invalid_grant",
      });
    }
    const n = ++state.issued;
    state.current = `rt-${n}`;
    state.rotations++;
    await sleep(options.latencyMs ?? 5);
    return tokens(n, now() + HOUR);
  };
  return { state, renew };
}

/** A store without `lock`: only compare-and-set keeps instances apart. */
function withoutLock(store: TokenStore): TokenStore {
  return {
    load: (key) => store.load(key),
    compareAndSet: (key, revision, next) => store.compareAndSet(key, revision, next),
    delete: (key) => store.delete(key),
  };
}

async function seeded(expiresAt: number): Promise<MemoryTokenStore> {
  const store = new MemoryTokenStore();
  await store.compareAndSet(KEY, undefined, tokens(0, expiresAt));
  return store;
}

function source(
  options: Partial<CredentialSourceOptions> & Pick<CredentialSourceOptions, "store" | "renew">,
) {
  return createCredentialSource({ key: KEY, renewal: "refresh-token", ...options });
}

describe("createCredentialSource", () => {
  it("returns stored tokens that are still valid without renewing", async () => {
    const time = clock();
    const store = await seeded(NOW + HOUR);
    const renew = vi.fn(async () => tokens(9, NOW + HOUR));
    const credentials = source({ store, renew, now: time.now });
    expect((await credentials.get()).accessToken).toBe("at-0");
    expect(renew).not.toHaveBeenCalled();
  });

  it("100 concurrent get() on one expired grant: exactly one renewal, all get its tokens", async () => {
    const time = clock();
    const store = await seeded(NOW - 1);
    const platform = rotatingPlatform(time.now);
    const credentials = source({ store, renew: platform.renew, now: time.now });
    const results = await Promise.all(Array.from({ length: 100 }, () => credentials.get()));
    expect(platform.state.calls).toBe(1);
    expect(new Set(results.map((result) => result.accessToken))).toEqual(new Set(["at-1"]));
    expect((await store.load(KEY))?.tokens.refreshToken).toBe("rt-1");
  });

  it("renews ahead of expiry (60 s by default)", async () => {
    const time = clock();
    const store = await seeded(NOW + 59_000);
    const platform = rotatingPlatform(time.now);
    expect((await source({ store, renew: platform.renew, now: time.now }).get()).accessToken).toBe("at-1");
  });

  it("no stored grant is REAUTH_REQUIRED; a failing load is a StoreError", async () => {
    const renew = vi.fn(async () => tokens(1, NOW + HOUR));
    const empty = source({ store: new MemoryTokenStore(), renew });
    await expect(empty.get()).rejects.toSatisfy((error) => isPostkitError(error, ErrorCode.REAUTH_REQUIRED));
    const broken: TokenStore = {
      load: async () => {
        throw new Error("disk on fire");
      },
      compareAndSet: async () => undefined,
      delete: async () => undefined,
    };
    await expect(source({ store: broken, renew }).get()).rejects.toSatisfy(StoreError.isInstance);
  });

  it("a save that fails: StoreError, the new tokens are not handed out, and the next get() saves them first", async () => {
    const time = clock();
    const memory = await seeded(NOW - 1);
    let failNext = true;
    const store: TokenStore = {
      load: (key) => memory.load(key),
      delete: (key) => memory.delete(key),
      lock: (key, options) => memory.lock(key, options),
      compareAndSet: async (key, revision, next) => {
        if (failNext) {
          failNext = false;
          throw new Error("store unavailable");
        }
        return memory.compareAndSet(key, revision, next);
      },
    };
    const platform = rotatingPlatform(time.now);
    const onTokens = vi.fn();
    const credentials = source({ store, renew: platform.renew, now: time.now, onTokens });
    const first = await credentials.get().catch((error: unknown) => error);
    expect(StoreError.isInstance(first)).toBe(true);
    expect((first as StoreError).store).toBe("tokens");
    // The platform has rotated the refresh token; the store still has the old one.
    expect((await memory.load(KEY))?.tokens.refreshToken).toBe("rt-0");
    expect(onTokens).not.toHaveBeenCalled();
    const second = await credentials.get();
    expect(second.accessToken).toBe("at-1");
    expect(platform.state.calls).toBe(1);
    expect((await memory.load(KEY))?.tokens.refreshToken).toBe("rt-1");
    expect(onTokens).toHaveBeenCalledTimes(1);
    // And the grant keeps working: the saved refresh token is the live one.
    time.advance(2 * HOUR);
    expect((await credentials.get()).accessToken).toBe("at-2");
  });

  describe.each([
    ["with the store's lock", (store: MemoryTokenStore): TokenStore => store],
    ["without a lock", withoutLock],
  ])("two instances over one store, %s", (name, storeOf) => {
    it("200 concurrent calls across 5 expiries: no errors, one rotation per expiry", async () => {
      const time = clock();
      const shared = await seeded(NOW - 1);
      const platform = rotatingPlatform(time.now);
      const instances = [0, 1].map(() =>
        source({ store: storeOf(shared), renew: platform.renew, now: time.now }),
      );
      for (let expiry = 0; expiry < 5; expiry++) {
        time.set(NOW + expiry * 2 * HOUR);
        const results = await Promise.allSettled(
          Array.from({ length: 40 }, (_, i) => instances[i % 2]!.get()),
        );
        expect(results.filter((result) => result.status === "rejected")).toEqual([]);
        const tokensSeen = results.map((result) =>
          result.status === "fulfilled" ? result.value.accessToken : "",
        );
        expect(new Set(tokensSeen)).toEqual(new Set([`at-${expiry + 1}`]));
        expect(platform.state.rotations).toBe(expiry + 1);
        // With the lock, the second instance never even asks the platform.
        if (name === "with the store's lock") expect(platform.state.calls).toBe(expiry + 1);
      }
      expect((await shared.load(KEY))?.tokens.refreshToken).toBe("rt-5");
    });
  });

  it("invalidate() renews once; invalidating the same old token again returns the renewed set", async () => {
    const time = clock();
    const store = await seeded(NOW + HOUR);
    const platform = rotatingPlatform(time.now);
    const credentials = source({ store, renew: platform.renew, now: time.now });
    const [a, b] = await Promise.all([credentials.invalidate("at-0"), credentials.invalidate("at-0")]);
    expect([a.accessToken, b.accessToken]).toEqual(["at-1", "at-1"]);
    const again = await credentials.invalidate("at-0");
    expect(again.accessToken).toBe("at-1");
    expect(platform.state.calls).toBe(1);
    // A second instance that still holds the old token gets the renewed set too, from the store.
    const other = source({ store, renew: platform.renew, now: time.now });
    expect((await other.invalidate("at-0")).accessToken).toBe("at-1");
    expect(platform.state.calls).toBe(1);
  });

  it("invalidate() joining a renewal that returns the refused token renews that token", async () => {
    const time = clock();
    const store = await seeded(NOW + HOUR);
    const platform = rotatingPlatform(time.now);
    const behind = source({ store, renew: platform.renew, now: time.now });
    expect((await behind.get()).accessToken).toBe("at-0");
    time.advance(2 * HOUR);
    const other = source({ store, renew: platform.renew, now: time.now });
    expect((await other.get()).accessToken).toBe("at-1");
    // `behind` has at-0 cached (expired): get() starts a renewal that finds at-1 in the store.
    // The platform refuses at-1 meanwhile; invalidate must not hand at-1 back.
    const [got, renewed] = await Promise.all([behind.get(), behind.invalidate("at-1")]);
    expect(got.accessToken).toBe("at-1");
    expect(renewed.accessToken).toBe("at-2");
    expect(platform.state.calls).toBe(2);
  });

  it("a token that cannot be renewed (renewal: none) is REAUTH_REQUIRED on invalidate", async () => {
    const store = await seeded(NOW + HOUR);
    const renew = vi.fn(async () => tokens(1, NOW + HOUR));
    const credentials = source({ store, renew, renewal: "none", now: () => NOW });
    const error = await credentials.invalidate("at-0").catch((e: unknown) => e);
    expect(isPostkitError(error, ErrorCode.REAUTH_REQUIRED)).toBe(true);
    expect((error as OAuthError).next).toBe("after-reconnect");
    expect(renew).not.toHaveBeenCalled();
  });

  it("replace() during a renewal keeps the replacement, for waiting callers and in the store", async () => {
    const store = await seeded(NOW - 1);
    const answer = deferred<TokenSet>();
    const renew = vi.fn(() => answer.promise);
    const credentials = source({ store, renew, now: () => NOW });
    const waiting = credentials.get();
    await vi.waitFor(() => expect(renew).toHaveBeenCalled());
    await credentials.replace(tokens(100, NOW + HOUR));
    answer.resolve(tokens(1, NOW + HOUR));
    expect((await waiting).accessToken).toBe("at-100");
    expect((await store.load(KEY))?.tokens.accessToken).toBe("at-100");
    expect((await credentials.get()).accessToken).toBe("at-100");
  });

  it("replace() still saving when the renewal ends: waiting callers get the replacement, not the old grant", async () => {
    const memory = await seeded(NOW - 1);
    const loadGate = deferred<void>();
    let gateLoads = false;
    const store: TokenStore = {
      load: async (key) => {
        if (gateLoads) await loadGate.promise;
        return memory.load(key);
      },
      compareAndSet: (key, revision, next) => memory.compareAndSet(key, revision, next),
      delete: (key) => memory.delete(key),
    };
    const answer = deferred<TokenSet>();
    const renew = vi.fn(() => answer.promise);
    const credentials = source({ store, renew, now: () => NOW });
    const waiting = credentials.get();
    await vi.waitFor(() => expect(renew).toHaveBeenCalled());
    gateLoads = true; // the store is slow now: replace() is still loading when the renewal ends
    const replacing = credentials.replace(tokens(100, NOW + HOUR));
    answer.resolve(tokens(1, NOW + HOUR));
    await sleep(5);
    loadGate.resolve();
    await replacing;
    expect((await waiting).accessToken).toBe("at-100");
    expect((await memory.load(KEY))?.tokens.accessToken).toBe("at-100");
  });

  it("a renewal refused because another instance rotated first uses that instance's tokens", async () => {
    const time = clock();
    const store = await seeded(NOW - 1);
    const platform = rotatingPlatform(time.now);
    const stale = source({ store: withoutLock(store), renew: platform.renew, now: time.now });
    // Load the old grant into the stale instance's cache.
    await stale.get().catch(() => undefined);
    expect(platform.state.calls).toBe(1);
    // Another instance renews behind its back.
    const other = source({ store, renew: platform.renew, now: time.now });
    time.advance(2 * HOUR);
    expect((await other.get()).accessToken).toBe("at-2");
    // The stale instance's cached set is rt-1, now spent: it must end on at-2, not an error.
    expect((await stale.get()).accessToken).toBe("at-2");
  });

  it("a grant revoked for real is REAUTH_REQUIRED", async () => {
    const store = await seeded(NOW - 1);
    const renew = vi.fn(async (): Promise<TokenSet> => {
      throw new OAuthError("Revoked.", { code: ErrorCode.REAUTH_REQUIRED, error: "invalid_grant" });
    });
    const error = await source({ store, renew, now: () => NOW })
      .get()
      .catch((e: unknown) => e);
    expect(isPostkitError(error, ErrorCode.REAUTH_REQUIRED)).toBe(true);
  });

  it("a caller may stop waiting for a renewal without stopping it", async () => {
    const store = await seeded(NOW - 1);
    const answer = deferred<TokenSet>();
    const credentials = source({ store, renew: () => answer.promise, now: () => NOW });
    const controller = new AbortController();
    const patient = credentials.get();
    const impatient = credentials.get({ signal: controller.signal });
    controller.abort(new Error("gave up"));
    await expect(impatient).rejects.toThrow("gave up");
    answer.resolve(tokens(1, NOW + HOUR));
    expect((await patient).accessToken).toBe("at-1");
  });
});

describe("createCredentialResolver", () => {
  const account: Account = { platform: "tiktok", id: "user-1", displayName: "User", credentialKey: KEY };
  const refused = () =>
    new PlatformError("The access token was refused.", {
      platform: "tiktok",
      platformCode: "access_token_invalid",
      code: ErrorCode.ACCESS_TOKEN_INVALID,
    });

  it("plain tokens: onTokens failing once is a StoreError, and the same set is offered again, never lost", async () => {
    const time = clock();
    const platform = rotatingPlatform(time.now);
    const offered: TokenSet[] = [];
    let failNext = true;
    const resolver = createCredentialResolver({
      platform: "tiktok",
      renewal: "refresh-token",
      renew: platform.renew,
      now: time.now,
      onTokens: async (next) => {
        offered.push(next);
        if (failNext) {
          failNext = false;
          throw new Error("database down");
        }
      },
    });
    const connection = { account, credentials: tokens(0, NOW - 1) };
    const call = vi.fn(async (accessToken: string) => accessToken);
    const error = await resolver.withAccessToken(connection, undefined, call).catch((e: unknown) => e);
    expect(StoreError.isInstance(error)).toBe(true);
    expect(call).not.toHaveBeenCalled();
    expect(await resolver.withAccessToken(connection, undefined, call)).toBe("at-1");
    expect(platform.state.calls).toBe(1);
    expect(offered.map((set) => set.refreshToken)).toEqual(["rt-1", "rt-1"]);
    // The app passes back the renewed set it persisted: still the same grant, no new renewal.
    expect(await resolver.withAccessToken({ account, credentials: offered[1]! }, undefined, call)).toBe(
      "at-1",
    );
    expect(platform.state.calls).toBe(1);
  });

  it("withAccessToken renews once after ACCESS_TOKEN_INVALID and runs the call again, once", async () => {
    const time = clock();
    const platform = rotatingPlatform(time.now);
    const store = await seeded(NOW + HOUR);
    const resolver = createCredentialResolver({
      platform: "tiktok",
      renewal: "refresh-token",
      renew: platform.renew,
      tokenStore: store,
      now: time.now,
    });
    const call = vi.fn(async (accessToken: string) => {
      if (accessToken === "at-0") throw refused();
      return `ok with ${accessToken}`;
    });
    expect(await resolver.withAccessToken({ account }, undefined, call)).toBe("ok with at-1");
    expect(call).toHaveBeenCalledTimes(2);
    expect(platform.state.calls).toBe(1);
    // Refused again after the renewal: the error reaches the caller, no loop.
    const always = vi.fn(async (): Promise<string> => {
      throw refused();
    });
    await expect(resolver.withAccessToken({ account }, undefined, always)).rejects.toSatisfy((error) =>
      isPostkitError(error, ErrorCode.ACCESS_TOKEN_INVALID),
    );
    expect(always).toHaveBeenCalledTimes(2);
  });

  it("shares one source per stored grant, and refuses a connection it cannot act for", async () => {
    const store = await seeded(NOW + HOUR);
    const resolver = createCredentialResolver({
      platform: "tiktok",
      renewal: "refresh-token",
      renew: async () => tokens(1, NOW + HOUR),
      tokenStore: store,
    });
    expect(resolver.sourceFor({ account })).toBe(resolver.sourceFor({ account }));
    const bare = createCredentialResolver({ platform: "tiktok", renewal: "none", renew: async (t) => t });
    expect(() => bare.sourceFor({ account })).toThrow(/no tokenStore/);
  });
});
