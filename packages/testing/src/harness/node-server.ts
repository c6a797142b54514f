import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Dispatcher, Outcome } from "./dispatch.js";
import type { PlatformEmulator } from "./emulator.js";
import { isNullBodyStatus } from "./faults.js";
import { redactSecrets } from "./redact.js";
import { loopbackMount, type Mount, type Route } from "./routes.js";

/**
 * A running loopback server of an emulator hub.
 * @typeParam TBaseUrls the base URLs by platform and role, typed from the hub's emulators.
 */
export interface EmulatorServer<
  TBaseUrls extends Record<string, Record<string, string>> = Record<string, Record<string, string>>,
> {
  /** `http://127.0.0.1:PORT` (or the host listened on); `https://…` with the `tls` option. */
  url: string;
  /**
   * Per platform and role, e.g. `baseUrls.tiktok.api === "http://127.0.0.1:PORT/tiktok/api"`:
   * pass `baseUrls.tiktok` as the TikTok client's `baseUrls`.
   */
  baseUrls: TBaseUrls;
  /** Stops the server and closes every connection, keep-alive ones included. Idempotent. */
  close(): Promise<void>;
}

/** @see EmulatorHub.listen */
export interface ListenOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /**
   * Serve HTTPS with this key and certificate (PEM) instead of plain HTTP; the server's `url` and
   * `baseUrls` then start with `https://`. Clients must trust the certificate: for a self-signed
   * one, `NODE_EXTRA_CA_CERTS=cert.pem` in a Node client's environment.
   */
  tls?: {
    /** The private key, PEM. */
    key: string | Buffer;
    /** The certificate (chain), PEM. */
    cert: string | Buffer;
  };
}

/**
 * Idle keep-alive connections stay open this long (Node's default is 5 s), so a client's
 * connection pool reuses them between calls instead of opening a new connection each time.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** What the server needs from its hub. */
export interface ServerDeps {
  emulators: readonly PlatformEmulator[];
  dispatcher: Dispatcher;
  resolve(url: URL, mount: Mount): Route | undefined;
  /** Called once listening, so the hub's fetch also routes the loopback URLs. */
  attach(mount: Mount): void;
  detach(mount: Mount): void;
}

// Hop-by-hop headers describe this connection, not the request; a web Request has no use for them.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
  "te",
]);

/**
 * Serves the hub's emulators over real HTTP on `<url>/<platform>/<role>/…`, for browsers, child
 * processes and benchmarks. Bodies are streamed both ways, never buffered whole.
 */
export async function startServer<TBaseUrls extends Record<string, Record<string, string>>>(
  deps: ServerDeps,
  options: ListenOptions = {},
): Promise<EmulatorServer<TBaseUrls>> {
  const host = options.host ?? "127.0.0.1";
  let mount: Mount | undefined;
  let origin = "";
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (!mount) return void res.writeHead(503).end();
    serve(deps, mount, origin, req, res).catch((error: unknown) => failHard(res, error));
  };
  const timeouts = {
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // Must exceed keepAliveTimeout, or a reused connection can be cut while headers arrive.
    headersTimeout: KEEP_ALIVE_TIMEOUT_MS + 1_000,
    // No limit on one request: a single PUT of a multi-GiB upload may take minutes.
    requestTimeout: 0,
  };
  const server = options.tls
    ? createTlsServer({ ...timeouts, key: options.tls.key, cert: options.tls.cert }, handler)
    : createServer(timeouts, handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `${options.tls ? "https" : "http"}://${urlHost(host)}:${port}`;
  mount = loopbackMount(origin, deps.emulators);
  deps.attach(mount);

  const baseUrls: Record<string, Record<string, string>> = {};
  for (const emulator of deps.emulators) {
    const roles: Record<string, string> = {};
    for (const role of Object.keys(emulator.defaultBaseUrls))
      roles[role] = mount.baseUrl(emulator.platform, role)!;
    baseUrls[emulator.platform] = roles;
  }

  let closing: Promise<void> | undefined;
  const attached = mount;
  return {
    url: origin,
    // Built from the same emulators the hub's type describes.
    baseUrls: baseUrls as TBaseUrls,
    close() {
      closing ??= new Promise<void>((resolve) => {
        deps.detach(attached);
        server.close(() => resolve());
        // close() only waits for idle sockets; active and keep-alive ones are cut here.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

async function serve(
  deps: ServerDeps,
  mount: Mount,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", origin);
  const found = deps.resolve(url, mount);
  // The socket's framing is known: a body without Content-Length came chunked.
  const route = found && { ...found, contentLengthReliable: true };
  if (!route) {
    const message = `No emulator serves ${redactSecrets(url.pathname)}; paths are /<platform>/<role>/…`;
    sendJson(res, 404, { error: { code: "not_found", message } });
    return;
  }
  const aborted = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) aborted.abort(new Error("the client closed the connection"));
  });
  const body = new NodeBody(req);
  const request = toRequest(req, url, body, aborted.signal);
  const at = Date.now();
  const outcome = await deps.dispatcher.dispatch(request, route);
  if (outcome.kind === "drop") {
    if (outcome.when !== "emulator") await body.discard(outcome.when === "mid-body" ? "half" : "all");
    deps.dispatcher.record(request, route, at, undefined, outcome);
    req.socket.destroy();
    return;
  }
  deps.dispatcher.record(request, route, at, outcome.response.status, outcome);
  await sendResponse(res, outcome, req.method ?? "GET");
  // Whatever the emulator left unread is drained, so the keep-alive connection stays usable.
  body.release();
}

function toRequest(req: IncomingMessage, url: URL, body: NodeBody, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.append(name, req.rawHeaders[i + 1]!);
  }
  const method = req.method ?? "GET";
  const length = req.headers["content-length"];
  const hasBody =
    method !== "GET" &&
    method !== "HEAD" &&
    ((length !== undefined && length !== "0") || req.headers["transfer-encoding"] !== undefined);
  // `duplex: "half"` is what undici requires for a streamed request body; DOM typings lack it.
  const init: RequestInit & { duplex: "half" } = {
    method,
    headers,
    body: hasBody ? body.stream() : null,
    duplex: "half",
    signal,
  };
  return new Request(url, init);
}

/**
 * The request body of a socket, as a web stream with backpressure (the socket is paused while
 * the emulator does not read), or consumed by the hub itself before a drop.
 */
class NodeBody {
  readonly #req: IncomingMessage;

  constructor(req: IncomingMessage) {
    this.#req = req;
  }

  /** A lazy stream: nothing is read from the socket until the emulator reads. */
  stream(): ReadableStream<Uint8Array> {
    const req = this.#req;
    let done = false;
    let detach: (() => void) | undefined;
    const attach = (controller: ReadableStreamDefaultController<Uint8Array>) => {
      const finish = (error?: Error) => {
        if (done) return;
        done = true;
        detach?.();
        if (error) controller.error(error);
        else controller.close();
      };
      const onData = (chunk: Buffer) => {
        if (done) return;
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      };
      const onEnd = () => finish();
      const onError = (error: Error) => finish(error);
      const onClose = () => {
        if (!req.complete) finish(new Error("the client closed the connection mid-body"));
      };
      req.on("data", onData);
      req.on("end", onEnd);
      req.on("error", onError);
      req.on("close", onClose);
      detach = () => {
        req.off("data", onData);
        req.off("end", onEnd);
        req.off("error", onError);
        req.off("close", onClose);
      };
    };
    return new ReadableStream<Uint8Array>(
      {
        pull: (controller) => {
          if (!detach) attach(controller);
          req.resume();
        },
        cancel: () => {
          done = true;
          detach?.();
          this.release();
        },
      },
      // 0: pull (and so read the socket) only when the emulator asks for data.
      { highWaterMark: 0 },
    );
  }

  /**
   * Reads and throws away the body before a drop: all of it, or about half (the first chunk when
   * the length is unknown). Resolves early if the client goes away.
   */
  discard(amount: "all" | "half"): Promise<void> {
    const req = this.#req;
    const length = Number(req.headers["content-length"] ?? Number.NaN);
    const limit =
      amount === "all" ? Number.POSITIVE_INFINITY : length > 0 ? length / 2 : length === 0 ? 0 : 1;
    if (limit === 0 || req.complete) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let read = 0;
      const onData = (chunk: Buffer) => {
        read += chunk.byteLength;
        if (read >= limit) finish();
      };
      const finish = () => {
        req.off("data", onData);
        req.off("end", finish);
        req.off("close", finish);
        req.off("error", finish);
        req.pause();
        resolve();
      };
      req.on("data", onData);
      req.on("end", finish);
      req.on("close", finish);
      req.on("error", finish);
      req.resume();
    });
  }

  /** Drains what is left once the response went out. */
  release(): void {
    const req = this.#req;
    if (req.readableEnded || req.destroyed) return;
    req.removeAllListeners("data");
    req.resume();
  }
}

async function sendResponse(res: ServerResponse, outcome: Outcome & { kind: "response" }, method: string) {
  const { response } = outcome;
  // The client left while the emulator worked: nobody to answer, and the body must not linger.
  if (res.destroyed) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  const headers: OutgoingHttpHeaders = {};
  // Headers joins repeated values with ", " except Set-Cookie, which it yields one by one.
  for (const [name, value] of response.headers) {
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else headers[name] = Array.isArray(existing) ? [...existing, value] : [String(existing), value];
  }
  const noBody = method === "HEAD" || isNullBodyStatus(response.status) || response.status < 200;
  if (response.statusText) res.writeHead(response.status, response.statusText, headers);
  else res.writeHead(response.status, headers);
  if (noBody || !response.body) {
    await response.body?.cancel().catch(() => {});
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const onClose = () => void reader.cancel().catch(() => {});
  res.on("close", onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drained(res);
      if (res.destroyed) return;
    }
    res.end();
  } catch {
    // The emulator's body failed (or threw ConnectionDrop) after the headers went out: the only
    // honest signal left is a cut connection.
    res.destroy();
  } finally {
    res.off("close", onClose);
  }
}

function drained(res: ServerResponse): Promise<void> {
  // "close" may already have fired: waiting for it again would wait forever.
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

// A bug in the harness itself: answer 500 if still possible, else cut the connection.
function failHard(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  sendJson(res, 500, { error: { code: "harness_error", message } });
}
