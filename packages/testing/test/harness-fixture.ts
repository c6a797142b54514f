// A tiny emulator for the harness tests: just enough routes to exercise routing, urlFor, consent,
// streamed uploads, redirects, emulator errors and drops. Not a model of any real platform.
import {
  ByteSink,
  ConnectionDrop,
  type ConsentMode,
  consent,
  type EmulatorContext,
  mintSecret,
  type PlatformEmulator,
} from "@postkit/testing";

export const ACME_BASES = {
  auth: "https://auth.acme.test",
  api: "https://api.acme.test",
  // Nested under api: the longest base must win.
  media: "https://api.acme.test/media",
  upload: "https://upload.acme.test/v1",
} as const;

/** What the echo route answers. */
export interface Echo {
  role: string;
  path: string;
  method: string;
  url: string;
  query: Record<string, string>;
  /** `urlFor("upload", "/files/next?part=1")`, to check the mount. */
  uploadUrl: string;
  /** `urlFor("api", "")`. */
  apiBase: string;
}

export class AcmeEmulator implements PlatformEmulator {
  readonly platform = "acme";
  readonly defaultBaseUrls = ACME_BASES;
  consentMode: ConsentMode = "approve";
  /** Uploaded files by id. */
  readonly files = new Map<string, ByteSink>();
  /** Requests that reached `handle`, so tests can tell a fault from an emulator answer. */
  calls = 0;

  async handle(request: Request, context: EmulatorContext): Promise<Response> {
    this.calls++;
    const url = new URL(request.url);
    const { role, path } = context;
    if (path === "/echo" || path.startsWith("/echo/")) {
      const echo: Echo = {
        role,
        path,
        method: request.method,
        url: request.url,
        query: Object.fromEntries(url.searchParams),
        uploadUrl: context.urlFor("upload", "/files/next?part=1"),
        apiBase: context.urlFor("api", ""),
      };
      return Response.json(echo);
    }
    if (role === "auth" && path === "/authorize") return this.#authorize(request, context, url);
    if (role === "api" && path === "/callback") {
      return new Response("<!doctype html><title>callback</title><h1>Back at the app</h1>", {
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    }
    if (role === "api" && path === "/redirect") {
      return new Response(null, {
        status: 302,
        headers: { location: context.urlFor("api", "/echo?from=redirect") },
      });
    }
    if (role === "api" && path === "/boom") throw new Error("kaboom while holding token=abc-s3cr3t");
    if (role === "api" && path === "/drop") throw new ConnectionDrop();
    if (role === "api" && path === "/cookies") {
      const headers = new Headers({ "content-type": "text/plain" });
      headers.append("set-cookie", "a=1; Path=/");
      headers.append("set-cookie", "b=2; Path=/");
      headers.append("x-multi", "one");
      headers.append("x-multi", "two");
      return new Response("cookies", { headers });
    }
    if (role === "api" && path === "/first-chunk") {
      // Reads one chunk of the body and answers, leaving the rest unread.
      const first = await request.body?.getReader().read();
      return Response.json({ got: first?.value?.byteLength ?? 0 });
    }
    if (role === "api" && path === "/empty") return new Response(null, { status: 204 });
    if (role === "api" && path === "/stream-echo" && request.method === "POST") {
      return new Response(request.body, { headers: { "content-type": "application/octet-stream" } });
    }
    const upload = /^\/files\/([\w-]+)$/.exec(path);
    if (role === "upload" && upload && request.method === "PUT") return this.#upload(request, upload[1]!);
    return Response.json(
      { error: { code: "not_found", message: `${request.method} ${role}${path}` } },
      { status: 404 },
    );
  }

  // Appends chunk by chunk, as a real upload endpoint would: a partial body would show up here.
  async #upload(request: Request, id: string): Promise<Response> {
    const sink = new ByteSink(1024 * 1024);
    this.files.set(id, sink);
    const reader = request.body?.getReader();
    for (let next = await reader?.read(); next && !next.done; next = await reader?.read())
      sink.append(next.value);
    return Response.json({ id, size: sink.size, sha256: sink.sha256() }, { status: 201 });
  }

  #authorize(request: Request, context: EmulatorContext, url: URL): Promise<Response> {
    const redirectUri = url.searchParams.get("redirect_uri") ?? context.urlFor("api", "/callback");
    const state = url.searchParams.get("state") ?? "";
    const back = (params: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
      return target.toString();
    };
    return consent(request, context, {
      mode: this.consentMode,
      platform: "Acme",
      appName: url.searchParams.get("client_id") ?? "unknown app",
      scopes: (url.searchParams.get("scope") ?? "").split(",").filter(Boolean),
      approve: () => back({ code: mintSecret("code."), state }),
      deny: () => back({ error: "access_denied", state }),
    });
  }
}

/** A body of `chunks` × `chunkSize` bytes as a stream, counting what the transport pulled. */
export function countingBody(
  chunks: number,
  chunkSize: number,
): { stream: ReadableStream<Uint8Array>; pulled(): number } {
  const chunk = new Uint8Array(chunkSize).map((_, index) => index % 251);
  let sent = 0;
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === chunks) return controller.close();
      sent++;
      pulled += chunk.byteLength;
      controller.enqueue(chunk.slice());
    },
  });
  return { stream, pulled: () => pulled };
}
