// Internal: how every Meta upload runs on core's engine — the rest of the file in one streamed
// request (Meta's upload hosts take one body per offset), with the client's retry budget.
import { type ResumeUploadInput, runUpload, type UploadProtocol, type UploadSource } from "@postkit/core";
import type { MetaContext } from "./context.js";

/** The caller's controls of an upload. @internal */
export type UploadControls = Pick<ResumeUploadInput, "signal" | "onProgress" | "onResumeState">;

/** Uploads `source` from `offset` with `protocol`; `resumed` when a saved session is continued. @internal */
export function streamUpload<Result>(
  context: Pick<MetaContext, "uploadRetry">,
  protocol: UploadProtocol<Result>,
  source: UploadSource,
  at: { offset: number; resumed: boolean },
  controls: UploadControls,
): Promise<Result> {
  return runUpload(protocol, {
    source,
    offset: at.offset,
    resumed: at.resumed,
    mode: "stream",
    signal: controls.signal,
    retry: context.uploadRetry,
    onProgress: controls.onProgress,
    onResumeState: controls.onResumeState,
  });
}
