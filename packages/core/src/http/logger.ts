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
  /** Failures postkit gives up on. */
  error?(message: string, fields?: Record<string, unknown>): void;
}
