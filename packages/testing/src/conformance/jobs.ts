import { ConflictError, ErrorCode, isSettled, type PublishJob } from "@postkit/core";
import { assert, describe, refusal, succeeds } from "./assert.js";
import type { ConformanceCheck } from "./check.js";
import { type CheckEnv, memorySource, roundTrip, unavailable } from "./env.js";

const STARTED = ["processing", "published", "draft", "scheduled"];

function publishWrites(env: CheckEnv, filter = env.adapter.requests.publish): number {
  return env.hub.log.count(filter);
}

/** Publishing as a job: its shape, its settling, lost responses, idempotency keys. */
export const jobChecks: ConformanceCheck[] = [
  {
    id: "jobs.publish",
    skip: (adapter) => unavailable(adapter, "publishVideo"),
    promise:
      "publishVideo returns a plain-JSON job of the account, with the platform's ids, after exactly one publish write",
    async run(env) {
      const connection = env.connection(env.adapter.scopes.publish);
      const job = await succeeds(
        env.provider.publishVideo(connection, env.videoInput(env.bytes())),
        "publishVideo",
      );
      assert(job.v === 1, "the job must be format v1.");
      assert(
        job.platform === connection.account.platform && job.accountId === connection.account.id,
        "the job must name the platform and the account.",
      );
      assert(
        STARTED.includes(job.outcome),
        `a publish that went through must be ${STARTED.join("/")}; got "${job.outcome}".`,
      );
      assert(Object.keys(job.ids).length > 0, "the job must carry the platform's ids to follow it with.");
      assert(JSON.stringify(roundTrip(job)) === JSON.stringify(job), "the job must be plain JSON.");
      assert(
        publishWrites(env) === 1,
        `one publish must make exactly one publish write; got ${publishWrites(env)}.`,
      );
      assert(env.adapter.video.posts(env.emulator) === 1, "one publish must create exactly one post.");
    },
  },
  {
    id: "jobs.settle",
    skip: (adapter) => unavailable(adapter, "publishVideo"),
    promise: "waitForPublish brings a job handed back as JSON to a settled outcome",
    async run(env) {
      const connection = env.connection(env.adapter.scopes.publish);
      const job = await succeeds(
        env.provider.publishVideo(connection, env.videoInput(env.bytes())),
        "publishVideo",
      );
      const settled = await succeeds(
        env.provider.waitForPublish(connection, roundTrip(job), {
          clock: env.clock,
          timeoutMs: 3_600_000,
        }),
        "waitForPublish",
      );
      assert(isSettled(settled), `waitForPublish must end with a settled job; got "${settled.outcome}".`);
      assert(
        settled.outcome !== "failed",
        `the emulator's publish must settle as a success; got failed (${settled.failure?.message}).`,
      );
      assert(publishWrites(env) === 1, "following a job must never publish again.");
    },
  },
  {
    id: "jobs.lost-response",
    promise:
      "a publish whose decisive response is lost is an unknown job (not an error), and reconciling it never publishes again",
    skip: (adapter) =>
      adapter.lostResponse
        ? unavailable(adapter, adapter.lostResponse.photos ? "publishPhotos" : "publishVideo")
        : "the adapter declares no lost-response faults",
    async run(env) {
      const lost = env.adapter.lostResponse!;
      const connection = env.connection(env.adapter.scopes.publish);
      for (const rule of lost.faults(env.adapter.video.size, env.adapter.video.chunkSize))
        env.hub.faults.add(rule);
      const publish = async (): Promise<PublishJob> => {
        if (!lost.photos) return env.provider.publishVideo(connection, env.videoInput(env.bytes()));
        assert(env.provider.publishPhotos, "lostResponse.photos needs publishPhotos.");
        return env.provider.publishPhotos(connection, {
          imageUrls: lost.photos.imageUrls,
          options: lost.photos.options,
        });
      };
      const job = await succeeds(
        publish(),
        "a publish whose response is lost (it must return an unknown job, not throw)",
      );
      assert(
        job.outcome === "unknown",
        `a publish whose response was lost must be "unknown"; got "${job.outcome}".`,
      );
      const write = lost.write ?? env.adapter.requests.publish;
      const writes = publishWrites(env, write);
      assert(
        writes === 1,
        `the publish write must be sent once, never repeated; it was sent ${writes} times.`,
      );
      assert(
        env.adapter.video.posts(env.emulator) === 1,
        `the platform holds ${env.adapter.video.posts(env.emulator)} posts; one publish must make at most one.`,
      );
      env.hub.faults.clear();
      const reconciled = await succeeds(
        env.provider.getPublishStatus(connection, roundTrip(job)),
        "getPublishStatus of the unknown job",
      );
      assert(publishWrites(env, write) === writes, "reconciling must never repeat the publish write.");
      assert(env.adapter.video.posts(env.emulator) === 1, "reconciling must never create a second post.");
      if (lost.reconcilable) {
        assert(
          reconciled.outcome !== "unknown",
          "getPublishStatus must settle what happened to an unknown job (probe, look it up).",
        );
        assert(
          reconciled.outcome !== "failed",
          "the write took effect: the reconciled job must not be failed.",
        );
      }
    },
  },
  {
    id: "jobs.idempotency",
    skip: (adapter) => unavailable(adapter, "publishVideo"),
    promise:
      "a repeated idempotency key returns the first job with no request; the key with other content is a ConflictError with no request",
    async run(env) {
      const connection = env.connection(env.adapter.scopes.publish);
      const bytes = env.bytes(3);
      const first = await succeeds(
        env.provider.publishVideo(connection, env.videoInput(bytes, { idempotencyKey: "conformance-1" })),
        "publishVideo with an idempotency key",
      );
      assert(first.idempotencyKey === "conformance-1", "the job must record its idempotency key.");
      env.hub.log.clear();
      const again = await succeeds(
        env.provider.publishVideo(connection, env.videoInput(bytes, { idempotencyKey: "conformance-1" })),
        "publishVideo with the same key",
      );
      assert(
        JSON.stringify(again) === JSON.stringify(first),
        "the same key must return the first publish's job.",
      );
      assert(
        env.hub.log.count() === 0,
        `the same key must not send anything; it sent ${env.hub.log.count()} requests.`,
      );
      const other = env.bytes(4, bytes.byteLength + 1);
      const error = await refusal(
        env.provider.publishVideo(connection, {
          ...env.videoInput(other),
          source: memorySource(other, "other.mp4"),
          idempotencyKey: "conformance-1",
        }),
        "publishVideo of other content under a used key",
      );
      assert(
        ConflictError.isInstance(error) && error.code === ErrorCode.IDEMPOTENCY_CONFLICT,
        `other content under a used key must be IDEMPOTENCY_CONFLICT; got ${describe(error)}.`,
      );
      assert(env.hub.log.count() === 0, "a conflicting key must fail before any request.");
      assert(env.adapter.video.posts(env.emulator) === 1, "one key must make one post.");
    },
  },
  {
    id: "jobs.idempotency-concurrent",
    skip: (adapter) => unavailable(adapter, "publishVideo"),
    promise: "two concurrent publishes with one key make one post",
    async run(env) {
      const connection = env.connection(env.adapter.scopes.publish);
      const bytes = env.bytes(5);
      const results = await Promise.allSettled(
        [0, 1].map(() =>
          env.provider.publishVideo(connection, env.videoInput(bytes, { idempotencyKey: "conformance-2" })),
        ),
      );
      const fulfilled = results.filter((result) => result.status === "fulfilled");
      assert(fulfilled.length >= 1, "one of two concurrent publishes with a key must succeed.");
      for (const result of results) {
        if (result.status === "rejected") {
          assert(
            ConflictError.isInstance(result.reason) &&
              result.reason.code === ErrorCode.IDEMPOTENCY_IN_PROGRESS,
            `the other must wait for or refuse with IDEMPOTENCY_IN_PROGRESS; got ${describe(result.reason)}.`,
          );
        }
      }
      assert(
        env.adapter.video.posts(env.emulator) === 1,
        `two concurrent publishes with one key made ${env.adapter.video.posts(env.emulator)} posts.`,
      );
    },
  },
];
