// @ts-check
// `publish <file> --to a,b`: one upload per platform at once, each with its progress bar. The
// resume state is saved after every acknowledged chunk; when a run is interrupted (Ctrl-C, a
// dropped connection), the next run with the same file continues from the server's offset with
// `resumeUpload` instead of starting over.
import { isSettled } from "@postkit/core";
import { fromFile } from "@postkit/core/node";
import { progressBars } from "@postkit/example-platforms/progress";

/**
 * @param {import("./cli.mjs").Context} context
 * @param {string} path
 * @param {{ to: string[]; title: string; durationSec: number; tiktokMode: "draft" | "direct"; privacy?: string | undefined; chunkSize?: number | undefined }} flags
 * @returns {Promise<number>} the exit code
 */
export async function publish(context, path, flags) {
  const { setup, state, log } = context;
  const accounts = await state.accounts();
  const bars = progressBars({ tty: context.tty, log });
  const width = Math.max(...flags.to.map((key) => setup.get(key).name.length));
  const results = await Promise.all(
    flags.to.map(async (key) => {
      const platform = setup.get(key);
      const saved = accounts[key];
      if (!saved)
        throw new Error(`${platform.name} is not connected: run \`postkit-cli login ${key}\` first.`);
      const connection = { account: saved.account };
      const source = await fromFile(path, { type: "video/mp4" });
      const bar = bars.create(platform.name.padEnd(width), source.size);
      try {
        const creatorInfo =
          key === "tiktok" && flags.tiktokMode === "direct"
            ? await setup.clients.tiktok.getCreatorInfo(connection)
            : undefined;
        const controls = {
          source,
          signal: context.signal,
          onProgress: (/** @type {{ bytesSent: number }} */ { bytesSent }) => bar.progress(bytesSent),
          onResumeState: (/** @type {import("@postkit/core").ResumeState} */ resume) =>
            state.saveResume(key, path, resume),
          ...(flags.chunkSize ? { chunkSize: flags.chunkSize } : {}),
        };
        const resume = await state.loadResume(key, path);
        if (resume) log(`  ${platform.name}: resuming from byte ${resume.offset} of ${resume.totalBytes}`);
        let job = resume
          ? await platform.provider.resumeUpload(connection, resume, controls)
          : await platform.provider.publishVideo(connection, {
              ...controls,
              options: platform.videoOptions({
                title: flags.title,
                durationSec: flags.durationSec,
                tiktokMode: flags.tiktokMode,
                creatorInfo,
                privacyLevel: /** @type {import("@postkit/tiktok").TikTokPrivacyLevel | undefined} */ (
                  flags.privacy
                ),
              }),
            });
        await state.clearResume(key, path);
        bar.state(job.outcome);
        if (!isSettled(job))
          job = await platform.provider.waitForPublish(connection, job, platform.waitOptions());
        bar.state(job.outcome);
        return { key, job };
      } catch (error) {
        bar.state("interrupted");
        return { key, error };
      }
    }),
  );
  bars.stop();

  const jobs = await state.jobs();
  let code = 0;
  for (const result of results) {
    const name = setup.get(result.key).name;
    if ("error" in result) {
      code = 1;
      log(`${name}: ${context.describe(result.error)}`);
      if ((await state.loadResume(result.key, path)) !== undefined) {
        log(`  The upload can continue: run the same publish command again to resume it.`);
      }
      continue;
    }
    const { job } = result;
    const id = `${result.key}-${job.createdAt.toString(36)}`;
    jobs[id] = { platform: result.key, job };
    log(`${name}: ${job.outcome} (job ${id})${job.postUrl ? ` ${job.postUrl}` : ""}`);
    if (job.outcome === "failed" || job.outcome === "unknown") code = 1;
  }
  await state.saveJobs(jobs);
  return code;
}
