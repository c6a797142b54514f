import {
  CapabilityError,
  type Connection,
  type Provider,
  ScopeError,
  type StandardOperation,
} from "@postkit/core";
import { assert, describe, refusal, succeeds } from "./assert.js";
import type { ConformanceCheck } from "./check.js";
import { accountPlatforms, type CheckEnv } from "./env.js";

const STANDARD: readonly StandardOperation[] = [
  "getProfile",
  "publishVideo",
  "publishPhotos",
  "saveDraft",
  "getPublishStatus",
  "resumeUpload",
  "listVideos",
  "updateVideo",
  "deleteVideo",
  "revoke",
];

/** A scope no platform has: a grant of it alone lacks whatever an operation needs. */
const UNRELATED_SCOPE = "postkit.conformance.unrelated";

/** The contract operations the kit can call with only a connection (and the test video). */
function callable(
  env: CheckEnv,
  provider: Provider,
  connection: Connection,
): Partial<Record<StandardOperation, () => Promise<unknown>>> {
  return {
    getProfile: () => provider.getProfile(connection),
    listVideos: () => provider.listVideos(connection),
    publishVideo: () => provider.publishVideo(connection, env.videoInput(env.bytes(7, 1024))),
    ...(provider.publishPhotos
      ? {
          publishPhotos: () =>
            provider.publishPhotos!(connection, {
              imageUrls: ["https://media.example/a.jpg"],
              options: {},
            }),
        }
      : {}),
  };
}

/** The capability manifest: complete, honoured before any request. Profiles limited by scopes. */
export const capabilityChecks: ConformanceCheck[] = [
  {
    id: "capabilities.manifest",
    promise: "the provider implements contract v1 and its manifest answers for every standard operation",
    async run(env) {
      const { provider } = env;
      assert(
        provider.specificationVersion === "v1",
        `specificationVersion must be "v1"; got "${provider.specificationVersion}".`,
      );
      assert(
        provider.id === env.adapter.name,
        `provider.id must be "${env.adapter.name}"; got "${provider.id}".`,
      );
      const manifest = provider.capabilities as Partial<Record<string, unknown>>;
      const missing = STANDARD.filter((operation) => !manifest[operation]);
      assert(
        missing.length === 0,
        `the capability manifest has no entry for ${missing.join(", ")}; say available (with scopes) or not (with a reason).`,
      );
      for (const operation of STANDARD) {
        const capability = provider.capabilities[operation];
        if (!capability.available) assert(capability.reason, `${operation} is unavailable without a reason.`);
      }
      assert(
        Boolean(provider.publishPhotos) === provider.capabilities.publishPhotos.available,
        "publishPhotos must be implemented exactly when the manifest says it is available.",
      );
    },
  },
  {
    id: "capabilities.unavailable",
    promise: "an unavailable operation fails with CapabilityError before any request",
    skip(adapter) {
      const provider = adapter.createProvider(adapter.createEmulator(), {
        fetch: globalThis.fetch,
      });
      const unavailable = ["getProfile", "listVideos", "publishVideo", "publishPhotos"].filter(
        (operation) =>
          !provider.capabilities[operation as StandardOperation].available &&
          (operation !== "publishPhotos" || provider.publishPhotos),
      );
      return unavailable.length ? undefined : "every operation the kit can call is available";
    },
    async run(env) {
      const connection = env.connection();
      const calls = callable(env, env.provider, connection);
      for (const [operation, call] of Object.entries(calls)) {
        if (env.provider.capabilities[operation as StandardOperation].available) continue;
        env.hub.log.clear();
        const error = await refusal(call(), `${operation}, which the manifest says is unavailable`);
        assert(
          CapabilityError.isInstance(error),
          `${operation} is unavailable: it must throw CapabilityError; got ${describe(error)}.`,
        );
        assert(env.hub.log.count() === 0, `${operation} is unavailable: it must fail before any request.`);
      }
    },
  },
  {
    id: "capabilities.scopes",
    promise:
      "an operation whose scopes the grant lacks fails with a ScopeError naming them, before any request",
    async run(env) {
      const connection = env.connection();
      const lacking = {
        ...connection,
        credentials: { ...connection.credentials, scopes: [UNRELATED_SCOPE] },
      };
      const calls = callable(env, env.provider, lacking);
      let checked = 0;
      for (const [operation, call] of Object.entries(calls)) {
        const capability = env.provider.capabilities[operation as StandardOperation];
        if (!capability.available) continue;
        // All of `scopes`, and one of `anyOf` (the ScopeError names the narrowest of those).
        const needed: readonly string[] = [...capability.scopes, ...(capability.anyOf ?? [])];
        const byAccount = env.adapter.scopes.byAccount?.includes(operation as StandardOperation) ?? false;
        if (needed.length === 0 && !byAccount) continue;
        const named = needed.length ? needed.join(", ") : "its account's scopes";
        checked++;
        env.hub.log.clear();
        const error = await refusal(call(), `${operation} with a grant lacking ${named}`);
        assert(
          ScopeError.isInstance(error),
          `${operation} needs ${named}: a grant without them must be a ScopeError; got ${describe(error)}.`,
        );
        assert(
          error.missing.length > 0 && (byAccount || error.missing.every((scope) => needed.includes(scope))),
          `${operation}'s ScopeError must name the missing scopes (${named}); it names ${error.missing.join(", ")}.`,
        );
        const sent = env.hub.log.entries();
        assert(
          sent.length === 0,
          `${operation} without its scopes sent ${sent.map((entry) => `${entry.method} ${entry.path}`).join(", ")}; it must fail before any request.`,
        );
      }
      assert(
        checked > 0,
        "no operation declares scopes: a manifest must say which scopes each operation needs.",
      );
    },
  },
  {
    id: "profile.scopes",
    promise: "getProfile works with the fewest scopes and asks only for what they reveal",
    async run(env) {
      const connection = env.connection(env.adapter.scopes.profile);
      env.hub.log.clear();
      const profile = await succeeds(
        env.provider.getProfile(connection),
        `getProfile with ${env.adapter.scopes.profile.join(", ")}`,
      );
      assert(
        profile.platform === connection.account.platform && profile.id === connection.account.id,
        "the profile must be the connection's account.",
      );
      assert(
        accountPlatforms(env.adapter).includes(profile.platform),
        `the profile's platform must be one of ${accountPlatforms(env.adapter).join(", ")}; got "${profile.platform}".`,
      );
      assert(typeof profile.displayName === "string", "the profile must have a displayName.");
      const refused = env.hub.log.entries().filter((entry) => (entry.status ?? 0) >= 400);
      assert(
        refused.length === 0,
        `getProfile made requests the grant does not allow (${refused.map((entry) => `${entry.path} → ${entry.status}`).join(", ")}); ask only for what the granted scopes reveal.`,
      );
    },
  },
];
