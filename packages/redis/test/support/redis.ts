// One redis-server per test file (a free loopback port, stopped after the file), and clients on
// it; each test takes a fresh key prefix so tests never see each other's keys.
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { type RedisServer, startRedisServer } from "../../../../.config/redis-server.mjs";

export interface TestRedis {
  /** The running server. */
  server: RedisServer;
  /** A new client (closed after the file). */
  client(): Redis;
  /** A prefix no other test uses. */
  prefix(): string;
}

export function useRedis(): TestRedis {
  const clients: Redis[] = [];
  let count = 0;
  const state = {} as TestRedis;
  beforeAll(async () => {
    state.server = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
    await state.server?.stop();
  });
  state.client = () => {
    const client = new Redis(state.server.port, "127.0.0.1");
    clients.push(client);
    return client;
  };
  state.prefix = () => `t${++count}:`;
  return state;
}

/** A client for a port nobody listens on: every command waits in ioredis's offline queue. */
export function unreachableClient(): Redis {
  const client = new Redis({
    port: 1,
    host: "127.0.0.1",
    lazyConnect: true,
    maxRetriesPerRequest: null,
    retryStrategy: () => 50,
  });
  client.on("error", () => undefined);
  return client;
}
