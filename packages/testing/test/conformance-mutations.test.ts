// The conformance suite's own tests: a real provider (TikTok's, from its source) with one
// deliberate breakage each must fail the check named for the promise it breaks, and the same
// check must pass on the unbroken provider (so the failure is the breakage's, not the check's).
// TikTok is imported from its source by path, not as a dependency: @postkit/tiktok depends on
// @postkit/testing for its tests, and the reverse would make a cycle in the workspace graph.
import type { Connection, LoginSession, PhotoPublishInput, Provider, TokenSet } from "@postkit/core";
import { describe, expect, it } from "vitest";
import { tiktokConformance } from "../../tiktok/test/conformance-adapter.js";
import {
  type AnyAdapter,
  type ConformanceProviderOptions,
  ConformanceFailure,
  conformanceChecks,
  runCheck,
} from "../src/conformance/index.js";

type Overrides = (real: Provider) => Partial<Provider>;

/** TikTok's adapter whose provider has `overrides` on top and whose transport is `wrap`ped. */
function broken(
  overrides: Overrides,
  wrap?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch,
  clientOptions: Record<string, unknown> = {},
): AnyAdapter {
  return {
    ...(tiktokConformance as AnyAdapter),
    createProvider(emulator, options: ConformanceProviderOptions) {
      const real = tiktokConformance.createProvider(emulator, {
        ...options,
        ...clientOptions,
        fetch: wrap ? wrap(options.fetch) : options.fetch,
      });
      const replaced: Partial<Provider> = overrides(real);
      return new Proxy(real, {
        get(target, key, receiver) {
          if (key in replaced) return replaced[key as keyof Provider];
          const value: unknown = Reflect.get(target, key, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    },
  };
}

const isExpired = (tokens: TokenSet) => tokens.expiresAt !== undefined && tokens.expiresAt < Date.now();

/** A transport that follows redirects itself, credentials and all. */
const followsRedirects =
  (fetch: typeof globalThis.fetch): typeof globalThis.fetch =>
  async (input, init) => {
    let response = await fetch(input, init);
    for (let hop = 0; hop < 3 && response.status >= 300 && response.status < 400; hop++) {
      const location = response.headers.get("location");
      if (!location) break;
      response = await fetch(location, init);
    }
    return response;
  };

const mutations: Array<[string, string, AnyAdapter]> = [
  [
    "connect that skips the state check",
    "oauth.callback.state",
    broken((real) => ({
      connect: (callback, session, options) => {
        const url = new URL(String(callback));
        if (session && typeof session === "object") url.searchParams.set("state", session.state);
        return real.connect(url.toString(), session, options);
      },
    })),
  ],
  [
    "connect that accepts any session",
    "oauth.callback.session",
    broken((real) => ({
      connect: async (callback, session, options) => {
        // The session is "repaired" instead of refused: any state, platform and expiry will do.
        const given = (session ?? {}) as Partial<LoginSession>;
        const now = Date.now();
        const repaired: LoginSession = {
          v: 1,
          platform: "tiktok",
          state: new URL(String(callback)).searchParams.get("state") ?? "",
          codeVerifier: given.codeVerifier,
          redirectUri: given.redirectUri ?? "",
          scopes: given.scopes ?? [],
          createdAt: now,
          expiresAt: now + 60_000,
        };
        return real.connect(callback, repaired, options);
      },
    })),
  ],
  [
    "a publish retried when its response was lost",
    "jobs.lost-response",
    broken((real) => ({
      publishPhotos: async (connection: Connection, input: PhotoPublishInput<unknown>) => {
        const job = await real.publishPhotos!(connection, input);
        return job.outcome === "unknown" ? real.publishPhotos!(connection, input) : job;
      },
    })),
  ],
  [
    "a lost response reported as failed",
    "jobs.lost-response",
    broken((real) => ({
      publishPhotos: async (connection: Connection, input: PhotoPublishInput<unknown>) => {
        const job = await real.publishPhotos!(connection, input);
        return job.outcome === "unknown" ? { ...job, outcome: "failed" as const } : job;
      },
    })),
  ],
  ["a transport that follows redirects", "hostile.redirect", broken(() => ({}), followsRedirects)],
  [
    "a token in an error message",
    "hostile.secrets",
    broken((real) => ({
      getProfile: (connection, options) =>
        real.getProfile(connection, options).catch((error: unknown) => {
          const token = (connection.credentials as TokenSet | undefined)?.accessToken;
          throw new Error(`getProfile failed for ${token}: ${String(error)}`);
        }),
    })),
  ],
  [
    "a renewal per call instead of one per grant",
    "credentials.renew-once",
    broken((real) => ({
      getProfile: async (connection, options) => {
        const tokens = connection.credentials as TokenSet | undefined;
        if (!tokens || !isExpired(tokens)) return real.getProfile(connection, options);
        const renewed = await real.renewTokens(tokens).catch(() => tokens);
        return real.getProfile(
          { ...connection, credentials: { ...renewed, expiresAt: Date.now() + 3_600_000 } },
          options,
        );
      },
    })),
  ],
  [
    "an operation that ignores the grant's scopes",
    "capabilities.scopes",
    broken((real) => ({
      getProfile: (connection, options) =>
        real.getProfile(
          // Pretends the grant has every scope instead of reading it.
          {
            ...connection,
            credentials: {
              ...(connection.credentials as TokenSet),
              scopes: [...tiktokConformance.scopes.publish],
            },
          },
          options,
        ),
    })),
  ],
  [
    "an upload that gives up on a 5xx",
    "uploads.retry-5xx",
    broken(() => ({}), undefined, { retry: { retries: 0 } }),
  ],
  [
    "a renewal that drops the rotated refresh token",
    "credentials.renew",
    broken((real) => ({
      renewTokens: async (tokens, options) => ({
        ...(await real.renewTokens(tokens, options)),
        refreshToken: tokens.refreshToken,
      }),
    })),
  ],
];

const byId = (id: string) => {
  const check = conformanceChecks.find((candidate) => candidate.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check;
};

describe("each deliberate breakage fails the check named for its promise", () => {
  it.each(mutations)("%s → [%s]", async (_name, id, adapter) => {
    const check = byId(id);
    await expect(runCheck(check, tiktokConformance as AnyAdapter)).resolves.toBeUndefined();
    const error = await runCheck(check, adapter).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConformanceFailure);
    expect((error as Error).message.startsWith(`[${id}] `)).toBe(true);
  });
});

describe("the suite's shape", () => {
  it("has unique ids, each with a promise, in every concern", () => {
    const ids = conformanceChecks.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of conformanceChecks) expect(check.promise.length).toBeGreaterThan(10);
    const concerns = new Set(ids.map((id) => id.split(".")[0]));
    expect([...concerns].sort()).toEqual([
      "capabilities",
      "credentials",
      "hostile",
      "jobs",
      "oauth",
      "profile",
      "uploads",
    ]);
  });

  it("reports a provider's own error under the check's id", async () => {
    const adapter = broken(() => ({
      createAuthorizationUrl: () =>
        Promise.reject(new Error("implement createAuthorizationUrl in src/oauth.ts")),
    }));
    await expect(runCheck(byId("oauth.url"), adapter)).rejects.toThrow(
      /^\[oauth\.url\] createAuthorizationUrl failed: Error: implement createAuthorizationUrl in src\/oauth\.ts/,
    );
  });
});
