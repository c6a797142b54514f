/**
 * `promise`, or a rejection with the signal's reason as soon as `signal` aborts, whichever comes
 * first. The promise itself is not cancelled; its outcome is still observed, so a later rejection
 * never goes unhandled.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * {@link raceAbort} for several steps under one signal with one listener: `race` each promise,
 * then `done()` once (removes the listener).
 */
export function abortRace(signal: AbortSignal): {
  race<T>(promise: Promise<T>): Promise<T>;
  done(): void;
} {
  let reject: ((reason: unknown) => void) | undefined;
  const onAbort = () => reject?.(signal.reason);
  let listening = false;
  return {
    race<T>(promise: Promise<T>): Promise<T> {
      if (signal.aborted) {
        promise.catch(() => undefined);
        return Promise.reject(signal.reason);
      }
      if (!listening) {
        signal.addEventListener("abort", onAbort, { once: true });
        listening = true;
      }
      return new Promise<T>((resolve, fail) => {
        reject = fail;
        promise.then(resolve, fail);
      });
    },
    done() {
      reject = undefined;
      if (listening) signal.removeEventListener("abort", onAbort);
      listening = false;
    },
  };
}
