/**
 * Where postkit reports what it does. `console` fits; so do pino and winston loggers.
 * Every message and field is redacted before it gets here.
 *
 * @group HTTP
 */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}
