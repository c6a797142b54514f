/**
 * Where postkit reports what it does. `console` fits; so do pino and winston loggers.
 * Every message and field is redacted before it gets here.
 *
 * @group HTTP
 */
export interface Logger {
  /** Each attempt and its status. */
  debug?(message: string, fields?: Record<string, unknown>): void;
  /** Retries, with the delay. */
  info?(message: string, fields?: Record<string, unknown>): void;
  /** Failed attempts (network errors, timeouts). */
  warn?(message: string, fields?: Record<string, unknown>): void;
  /**
   * A request that failed, once its retries (if any) are over: the error its caller receives.
   * A caller may still recover (an upload probes and continues); aborts are not logged.
   */
  error?(message: string, fields?: Record<string, unknown>): void;
}
