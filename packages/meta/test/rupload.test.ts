// The shared rupload protocol through msw: headers, the URL check, resume from the server's
// offset after an interruption, and Meta's debug_info refusals.
import { fromBytes, isPostkitError, runUpload, UploadError } from "@postkit/core";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { META_BASE_URLS } from "../src/endpoints.js";
import { createGraphClient } from "../src/graph.js";
import { ruploadProtocol } from "../src/rupload.js";

const URL_ = "https://rupload.facebook.com/video-upload/v25.0/4242";
const TOKEN = "EAAP-page-token";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const context = {
  graph: createGraphClient({ baseUrl: META_BASE_URLS.graph, retry: { minDelayMs: 1, maxDelayMs: 2 } }),
  baseUrls: { ...META_BASE_URLS },
};
const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 251);

function protocol(readOffset: () => Promise<number>, uploadUrl = URL_) {
  return ruploadProtocol({
    uploadUrl,
    accessToken: TOKEN,
    fileSize: bytes.byteLength,
    readOffset,
    context,
    resume: { ids: { videoId: "4242" }, extra: { flow: "facebook-reel" } },
  });
}

const fast = { retry: { minDelayMs: 1, maxDelayMs: 2 } };

describe("ruploadProtocol", () => {
  for (const mode of ["stream", "chunked"] as const) {
    it(`sends Authorization: OAuth, offset and file_size with the bytes (${mode})`, async () => {
      const seen: Array<Record<string, string | null>> = [];
      let body = new Uint8Array();
      server.use(
        http.post(URL_, async ({ request }) => {
          seen.push({
            authorization: request.headers.get("authorization"),
            offset: request.headers.get("offset"),
            file_size: request.headers.get("file_size"),
            query: new URL(request.url).search,
          });
          body = new Uint8Array(await request.arrayBuffer());
          return HttpResponse.json({ success: true });
        }),
      );
      const result = await runUpload(
        protocol(async () => 0),
        { source: fromBytes(bytes), mode, ...fast },
      );
      expect(result).toEqual({ success: true });
      expect(seen).toEqual([{ authorization: `OAuth ${TOKEN}`, offset: "0", file_size: "10000", query: "" }]);
      expect(body).toEqual(bytes);
    });
  }

  it("refuses an upload URL off the rupload host and paths before any request", () => {
    for (const url of [
      "https://evil.example/video-upload/v25.0/1",
      "https://rupload.facebook.com/other/v25.0/1",
      "http://rupload.facebook.com/video-upload/v25.0/1",
    ]) {
      expect(() => protocol(async () => 0, url)).toThrow(/not one of the platform's hosts/);
    }
  });

  it("after an interruption asks the server's offset and sends the rest from there", async () => {
    const held: Uint8Array[] = [];
    const offsets: string[] = [];
    let calls = 0;
    server.use(
      http.post(URL_, async ({ request }) => {
        offsets.push(request.headers.get("offset") ?? "");
        const got = new Uint8Array(await request.arrayBuffer());
        calls++;
        if (calls === 1) {
          held.push(got.subarray(0, 4096));
          return HttpResponse.json({ error: { message: "Service unavailable", code: 2 } }, { status: 503 });
        }
        held.push(got);
        return HttpResponse.json({ success: true });
      }),
    );
    const readOffset = async () => held.reduce((sum, part) => sum + part.byteLength, 0);
    await runUpload(protocol(readOffset), { source: fromBytes(bytes), mode: "stream", ...fast });
    expect(offsets).toEqual(["0", "4096"]);
    const joined = new Uint8Array(bytes.byteLength);
    joined.set(held[0]!, 0);
    joined.set(held[1]!, 4096);
    expect(joined).toEqual(bytes);
  });

  it("every byte held but the answer lost: the server's offset completes it without resending", async () => {
    let posts = 0;
    server.use(
      http.post(URL_, async () => {
        posts++;
        return HttpResponse.error();
      }),
    );
    const result = await runUpload(
      protocol(async () => (posts > 0 ? bytes.byteLength : 0)),
      { source: fromBytes(bytes), mode: "stream", ...fast },
    );
    expect(result).toEqual({ success: true });
    expect(posts).toBe(1);
  });

  it("a non-retriable debug_info refusal stops with the resume state and Meta's reason", async () => {
    server.use(
      http.post(URL_, () =>
        HttpResponse.json(
          {
            debug_info: {
              retriable: false,
              type: "ProcessingFailedError",
              message: `Request processing failed. Token ${TOKEN} is an unauthorized user request.`,
            },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await runUpload(
      protocol(async () => 0),
      { source: fromBytes(bytes), mode: "stream", ...fast },
    ).catch((caught: unknown) => caught);
    expect(UploadError.isInstance(error)).toBe(true);
    const upload = error as UploadError;
    expect(upload.resumeState).toMatchObject({
      platform: "meta",
      sessionUrl: URL_,
      offset: 0,
      totalBytes: 10_000,
      ids: { videoId: "4242" },
      extra: { flow: "facebook-reel" },
    });
    const cause = upload.cause as Error;
    expect(isPostkitError(cause, "PLATFORM_ERROR")).toBe(true);
    expect(cause.message).toBe(
      "meta: rupload refused the upload (ProcessingFailedError: Request processing failed).",
    );
    expect(JSON.stringify((cause as { body?: unknown }).body)).not.toContain(TOKEN);
  });
});
