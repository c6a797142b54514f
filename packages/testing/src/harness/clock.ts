/** The emulators' notion of time, so tests can expire tokens and sessions without waiting. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Moves a manual clock forward; a no-op on the system clock. */
  advance(ms: number): void;
}

/** The real clock, or a manual one starting at `start` (epoch ms) that only moves on `advance`. */
export function createClock(start?: number): Clock {
  if (start === undefined) {
    let offset = 0;
    return {
      now: () => Date.now() + offset,
      advance: (ms) => {
        offset += ms;
      },
    };
  }
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}
