/** A running redis-server started by {@link startRedisServer}. */
export interface RedisServer {
  /** Its loopback port. */
  port: number;
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** Its process id. */
  pid: number;
  /** Stops it (SIGTERM) and waits until it exited. */
  stop(): Promise<void>;
}

/** Starts redis-server on 127.0.0.1 and a free port; resolves once it accepts connections. */
export function startRedisServer(): Promise<RedisServer>;
