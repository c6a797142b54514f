// @ts-check
// One cli-progress bar per upload on a terminal; elsewhere (CI, tests, a pipe) a line when an
// upload completes and when its state changes, since cli-progress draws only on a TTY.
// Its own entry (`@postkit/example-platforms/progress`): only the examples that draw bars load it.
import cliProgress from "cli-progress";

/**
 * @param {{ tty: boolean; log: (line: string) => void }} output
 */
export function progressBars({ tty, log }) {
  if (!tty) {
    return {
      stop() {},
      create(/** @type {string} */ label, /** @type {number} */ total) {
        return {
          progress: (/** @type {number} */ sent) => {
            if (sent === total) log(`  ${label} uploaded ${sent} of ${total} bytes (100%)`);
          },
          state: (/** @type {string} */ state) => log(`  ${label} ${state}`),
        };
      },
    };
  }
  const bars = new cliProgress.MultiBar(
    { format: "  {label} |{bar}| {percentage}% {value}/{total} bytes {state}", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  return {
    stop: () => bars.stop(),
    create(/** @type {string} */ label, /** @type {number} */ total) {
      const bar = bars.create(total, 0, { label, state: "uploading" });
      return {
        progress: (/** @type {number} */ sent) => bar.update(sent),
        state: (/** @type {string} */ state) => bar.update({ state }),
      };
    },
  };
}
