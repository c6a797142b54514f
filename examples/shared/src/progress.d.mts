// The types of `@postkit/example-platforms/progress` (the code is plain ESM, run by Node without a build).

/** One upload's bar (or, off a terminal, its log lines). */
export interface ProgressBar {
  /** Bytes sent so far. */
  progress(sent: number): void;
  /** A new state to show next to the bar (`processing`, `published`, …). */
  state(state: string): void;
}

/** The bars of one run: `create` one per upload, `stop` once all are done. */
export interface ProgressBars {
  create(label: string, total: number): ProgressBar;
  stop(): void;
}

/** Bars on a terminal (`tty`); elsewhere a `log` line on completion and on each state. */
export declare function progressBars(output: { tty: boolean; log: (line: string) => void }): ProgressBars;
