// Test helpers for hostile-network tests, shared by the packages' suites: a loopback server for a
// test file, and a peer that either redirects every request to a target (which counts what
// reaches it) or answers with the request's secrets echoed in every encoding.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
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

/** A secret as sent, percent-encoded, form-encoded and JSON-escaped: how a server may echo it. */
export function echoedForms(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
  ];
}

/** What the echoing peer tells its `answer`. */
export interface Echo {
  /** The secrets the request carried (in any of their forms). */
  sent: readonly string[];
  /** Each of them in every form, space-separated: what to put in the answer. */
  echoes: string;
}

export interface HostilePeer {
  /** `redirect`: every request is redirected to the target; `echo`: `answer` replies. */
  mode: "redirect" | "echo";
  /** Requests that reached the redirect target: nothing credentialed may. */
  targetHits: number;
  /** The misbehaving host. */
  readonly hostile: { base: string };
  /** Where its redirects point. */
  readonly target: { base: string };
}

/** The peer, listening for the file's tests. */
export function hostilePeer(options: {
  secrets: readonly string[];
  redirectStatus: number;
  /** The target's body, shaped like a success of the platform's API. */
  targetBody: string;
  answer(request: IncomingMessage, echo: Echo, response: ServerResponse): void;
}): HostilePeer {
  const peer: HostilePeer = {
    mode: "redirect",
    targetHits: 0,
    target: onLoopback(
      createServer((_request, response) => {
        peer.targetHits++;
        response.writeHead(200, { "content-type": "application/json" }).end(options.targetBody);
      }),
    ),
    hostile: onLoopback(
      createServer(async (request, response) => {
        const parts: Buffer[] = [];
        for await (const part of request) parts.push(part as Buffer);
        if (peer.mode === "redirect") {
          response.writeHead(options.redirectStatus, { location: `${peer.target.base}${request.url}` }).end();
          return;
        }
        const received = `${request.url} ${Buffer.concat(parts)} ${request.headers.authorization}`;
        const sent = options.secrets.filter((secret) => echoedForms(secret).some((form) => received.includes(form)));
        options.answer(request, { sent, echoes: sent.flatMap(echoedForms).join(" ") }, response);
      }),
    ),
  };
  return peer;
}

/**
 * Puts the peer in `mode` (and zeroes the target's count), runs each named call against it, and
 * returns what each one threw (`undefined` when it did not throw), for the test to judge.
 */
export async function failuresAgainst(
  peer: HostilePeer,
  mode: HostilePeer["mode"],
  calls: ReadonlyArray<readonly [string, () => Promise<unknown>]>,
): Promise<Array<{ name: string; error: unknown }>> {
  peer.mode = mode;
  peer.targetHits = 0;
  const failures: Array<{ name: string; error: unknown }> = [];
  for (const [name, call] of calls) {
    failures.push({ name, error: await call().then(() => undefined, (caught: unknown) => caught) });
  }
  return failures;
}
