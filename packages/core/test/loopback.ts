// A node:http server on a free loopback port for the duration of a test file (or describe block).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

/** Listens before the tests and closes every connection after them; `base` is set once listening. */
export function onLoopback(server: Server): { base: string } {
  const address = { base: "" };
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    address.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return address;
}
