// What core decides about the runtime's fetch, on stand-ins for each runtime's `Request` and
// globals (tests/runtimes checks the same decisions on the real runtimes, over a socket).
import { describe, expect, it } from "vitest";
import { CapabilityError, createHttpClient, ErrorCode } from "@postkit/core";
import { detectRequestStreams, keepsStreamedLength } from "../src/http/binary-body.js";

/** Bun, Deno and workerd: a stream body is taken as a stream, and `duplex` is never read. */
class NeverReadsDuplex {
  readonly headers = new Headers();
  constructor(_url: string, init: RequestInit) {
    if (!(init.body instanceof ReadableStream)) throw new TypeError("expected a stream");
  }
}

/** A runtime without request streams (Safari, Firefox): the stream becomes text. */
class StringifiesStreams {
  readonly headers = new Headers();
  constructor(_url: string, init: RequestInit) {
    if (init.body instanceof ReadableStream) this.headers.set("content-type", "text/plain;charset=UTF-8");
  }
}

/** A runtime that refuses a stream body outright. */
class RefusesStreams {
  constructor() {
    throw new TypeError("unsupported BodyInit type");
  }
}

const as = (stand: unknown) => stand as typeof Request;

describe("detectRequestStreams", () => {
  it("says yes for a runtime that streams bodies without reading `duplex` (Bun, Deno, workerd)", () => {
    expect(detectRequestStreams(as(NeverReadsDuplex))).toBe(true);
  });

  it("says yes for Node's Request, which requires `duplex`", () => {
    expect(detectRequestStreams(Request)).toBe(true);
  });

  it("says no where the stream would be sent as text, or is refused, or there is no Request", () => {
    expect(detectRequestStreams(as(StringifiesStreams))).toBe(false);
    expect(detectRequestStreams(as(RefusesStreams))).toBe(false);
    expect(detectRequestStreams(undefined)).toBe(false);
  });
});

describe("keepsStreamedLength", () => {
  it("streams chunks only where the runtime sends the Content-Length set on a stream", () => {
    expect(keepsStreamedLength({ process: { versions: { node: "20.20.2" } } })).toBe(true);
    expect(
      keepsStreamedLength({
        navigator: { userAgent: "Node.js/22" },
        process: { versions: { node: "22.1.0" } },
      }),
    ).toBe(true);
    expect(
      keepsStreamedLength({
        navigator: { userAgent: "Bun/1.4.5" },
        process: { versions: { node: "24.3.0", bun: "1.4.5" } },
      }),
    ).toBe(true);
  });

  it("sends sized bodies on Deno, workerd, edge runtimes, browsers and unknown runtimes", () => {
    // Deno and workerd drop a Content-Length set on a streamed body and send it chunked.
    expect(
      keepsStreamedLength({
        navigator: { userAgent: "Deno/2.9.6" },
        Deno: {},
        process: { versions: { node: "24.2.0", deno: "2.9.6" } },
      }),
    ).toBe(false);
    expect(keepsStreamedLength({ Deno: {} })).toBe(false);
    expect(
      keepsStreamedLength({
        navigator: { userAgent: "Cloudflare-Workers" },
        process: { versions: { node: "22.0.0" } },
      }),
    ).toBe(false);
    expect(keepsStreamedLength({ EdgeRuntime: "edge-runtime" })).toBe(false);
    expect(
      keepsStreamedLength({ navigator: { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0" } }),
    ).toBe(false);
    expect(keepsStreamedLength({})).toBe(false);
  });

  it("reads this process's globals by default (Node here)", () => {
    expect(keepsStreamedLength()).toBe(true);
  });
});

describe("a 3xx the runtime hides", () => {
  it("is a CapabilityError when the request needs its status (a browser's opaque redirect)", async () => {
    // What a browser's fetch returns for a 308 under redirect: "manual": status 0, no headers.
    const opaque = Object.defineProperties(new Response(null), {
      type: { value: "opaqueredirect" },
      status: { value: 0 },
    });
    const client = createHttpClient("youtube", { fetch: async () => opaque, retry: { retries: 0 } });
    const sent = client.request({
      method: "PUT",
      url: "https://upload.example/session",
      body: new Uint8Array(8),
      idempotent: false,
      headers: { authorization: "Bearer token" },
      accept: (status) => status === 200 || status === 308,
    });
    await expect(sent).rejects.toSatisfy(
      (error) => CapabilityError.isInstance(error) && error.code === ErrorCode.OPERATION_UNAVAILABLE,
    );
    await expect(sent).rejects.toThrow(/does not let postkit read/);
  });
});
