import { type PublishJob, UploadError } from "@postkit/core";
import type { FaultRule } from "../harness/faults.js";
import { assert, describe, refusal, succeeds } from "./assert.js";
import type { ConformanceCheck } from "./check.js";
import { type CheckEnv, memorySource, roundTrip, sha256, unavailable } from "./env.js";

/** Publishes the test video under `faults` and checks it arrived byte-exact, once. */
async function publishUnder(env: CheckEnv, faults: FaultRule[], what: string): Promise<PublishJob> {
  const connection = env.connection(env.adapter.scopes.publish);
  const bytes = env.bytes(11);
  for (const rule of faults) env.hub.faults.add(rule);
  const job = await succeeds(
    env.provider.publishVideo(connection, env.videoInput(bytes)),
    `publishVideo ${what}`,
  );
  await byteExact(env, job, bytes, what);
  assert(
    env.hub.faults.pending() === 0,
    `the injected fault (${what}) never fired: the upload's requests are not the adapter's requests.chunk.`,
  );
  return job;
}

async function byteExact(env: CheckEnv, job: PublishJob, bytes: Uint8Array, what: string): Promise<void> {
  const stored = await env.adapter.video.storedSha256(env.emulator, job);
  assert(
    stored === (await sha256(bytes)),
    `the platform must hold exactly the source's bytes ${what}; they differ.`,
  );
  const writes = env.hub.log.count(env.adapter.requests.publish);
  assert(writes === 1, `an upload ${what} must start once; it made ${writes} publish writes.`);
  assert(env.adapter.video.posts(env.emulator) === 1, `an upload ${what} must make one post.`);
}

/**
 * The second chunk's request (the first one goes through); the first upload request when the
 * upload is streamed, which has no second chunk.
 */
function secondChunk(
  env: CheckEnv,
  rule: Omit<FaultRule, "platform" | "role" | "method" | "path">,
): FaultRule {
  return {
    ...env.adapter.requests.chunk,
    after: env.adapter.video.streamed ? 0 : 1,
    ...rule,
  };
}

/** Uploads through the engine: byte-exact under 5xx, dropped connections, resync; abort and resume. */
export const uploadChecks: ConformanceCheck[] = [
  {
    id: "uploads.byte-exact",
    skip: (adapter) => unavailable(adapter, "publishVideo"),
    promise: "a multi-chunk upload arrives byte-exact, with one publish write",
    async run(env) {
      const job = await publishUnder(env, [], "without faults");
      const chunks = env.hub.log.count(env.adapter.requests.chunk);
      const expected = Math.ceil(env.adapter.video.size / env.adapter.video.chunkSize);
      assert(
        chunks >= Math.min(expected, 2),
        `the upload must go in chunks of video.chunkSize; it made ${chunks} chunk requests.`,
      );
      assert(
        job.outcome !== "unknown" && job.outcome !== "failed",
        `a clean upload must not be "${job.outcome}".`,
      );
    },
  },
  {
    id: "uploads.retry-5xx",
    skip: (adapter) => unavailable(adapter, "publishVideo"),
    promise: "a chunk answered 503 is sent again and the upload still arrives byte-exact",
    async run(env) {
      await publishUnder(env, [secondChunk(env, { status: 503, times: 2 })], "after two 503s on a chunk");
    },
  },
  {
    id: "uploads.dropped-connection",
    skip: (adapter) => unavailable(adapter, "publishVideo"),
    promise:
      "a chunk whose connection breaks (mid-body, before the response) is resumed and the upload arrives byte-exact",
    async run(env) {
      await publishUnder(
        env,
        [
          secondChunk(env, { drop: "mid-body" }),
          {
            ...env.adapter.requests.chunk,
            after: env.adapter.video.streamed ? 1 : 2,
            drop: "before-response",
          },
        ],
        "after dropped connections",
      );
    },
  },
  {
    id: "uploads.resync",
    promise:
      "the platform's resync signal (the server holds fewer bytes than sent) moves the upload back, byte-exact",
    skip: (adapter) =>
      adapter.resync ? unavailable(adapter, "publishVideo") : "the adapter declares no resync signal",
    async run(env) {
      const rule = env.adapter.resync!(env.adapter.video.size, env.adapter.video.chunkSize);
      await publishUnder(env, [rule], "after the platform's resync signal");
    },
  },
  {
    id: "uploads.abort-resume",
    skip: (adapter) => unavailable(adapter, "publishVideo") ?? unavailable(adapter, "resumeUpload"),
    promise:
      "an aborted upload throws an UploadError with a JSON resume state, which another instance resumes byte-exact without a new publish",
    async run(env) {
      const connection = env.connection(env.adapter.scopes.publish);
      const bytes = env.bytes(13);
      const controller = new AbortController();
      const error = await refusal(
        env.provider.publishVideo(
          connection,
          env.videoInput(bytes, {
            signal: controller.signal,
            onProgress: () => controller.abort(new Error("the user cancelled")),
          }),
        ),
        "publishVideo aborted after its first chunk",
      );
      assert(
        UploadError.isInstance(error) && error.resumeState,
        `an aborted upload must throw an UploadError with a resumeState; got ${describe(error)}.`,
      );
      const state = roundTrip(error.resumeState);
      // A streamed upload aborted mid-request knows no server offset yet: resuming asks the server.
      const least = env.adapter.video.streamed ? 0 : 1;
      assert(
        state.offset >= least && state.offset < bytes.byteLength,
        `the resume state must be past the first chunk and short of the end; its offset is ${state.offset}.`,
      );
      const other = env.make();
      const job = await succeeds(
        other.resumeUpload(connection, state, { source: memorySource(bytes) }),
        "resumeUpload on another instance",
      );
      await byteExact(env, job, bytes, "after an abort and a resume");
    },
  },
];
