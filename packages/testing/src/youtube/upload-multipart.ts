// videos.insert with uploadType=multipart (googleapis' default): the resource and the video in
// one multipart/related POST, streamed, creating the video at once.
import { ByteSink } from "../harness/byte-sink.js";
import { mintId } from "../harness/secrets.js";
import { admit } from "./bearer.js";
import type { YouTubeContext } from "./context.js";
import { googleError, youtubeSignupRequired } from "./errors.js";
import { PARTS, parseParts, validateResource } from "./rules.js";
import type { YouTubeEmulatorSession } from "./state.js";
import { complete } from "./upload-session.js";

/**
 * videos.insert with `uploadType=multipart`, as googleapis' `videos.insert` sends it: one
 * `multipart/related` POST whose first part is the JSON resource and whose second part is the
 * video, streamed into a sink (never buffered whole). The video is created at once, as after the
 * last byte of a resumable upload; there is no session to resume. Reason names for a malformed
 * body (badContent) are UNCONFIRMED.
 */
export async function multipartInsert(ctx: YouTubeContext, request: Request, url: URL): Promise<Response> {
  const { options, clock, state } = ctx;
  const parts = parseParts(url.searchParams.get("part"), PARTS.videos);
  if (parts instanceof Response) return parts;
  const auth = admit(ctx, request, "videos.insert");
  if (auth instanceof Response) return auth;
  if (!state.channel) return youtubeSignupRequired();
  const type = /^multipart\/related\s*;(?:.*;)?\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(
    request.headers.get("content-type") ?? "",
  );
  if (!type || !request.body) {
    return googleError(400, "badContent", "A multipart upload must be multipart/related with a boundary.");
  }
  const body = new MultipartRelatedReader(request.body, type[1] ?? type[2]!);
  const malformed = () => googleError(400, "badContent", "The multipart/related body is malformed.");
  const metadataHeaders = await body.nextPart();
  if (!metadataHeaders?.get("content-type")?.startsWith("application/json")) return malformed();
  const metadataBytes = await body.smallPart(1024 * 1024);
  if (!metadataBytes) return malformed();
  let metadata: unknown;
  try {
    metadata = JSON.parse(new TextDecoder().decode(metadataBytes));
  } catch {
    return googleError(400, "parseError", "The metadata is not valid JSON.");
  }
  const resource = validateResource(metadata, false);
  if (resource instanceof Response) return resource;
  const mediaHeaders = await body.nextPart();
  const contentType = mediaHeaders?.get("content-type") ?? "";
  if (!/^video\/[\w.+-]+$/i.test(contentType) && contentType !== "application/octet-stream") {
    return googleError(400, "badContent", "The media part must be video/* or application/octet-stream.");
  }
  if (options.uploadLimit !== undefined && state.uploadsToday >= options.uploadLimit) {
    return googleError(
      400,
      "uploadLimitExceeded",
      "The user has exceeded the number of videos they may upload.",
      {
        domain: "youtube.video",
      },
    );
  }
  const sink = new ByteSink(options.retainBytes);
  const size = await body.streamPart((bytes) => sink.append(bytes));
  if (size === undefined || size === 0 || !(await body.closed())) return malformed();
  state.uploadsToday += 1;
  const session: YouTubeEmulatorSession = {
    uploadId: mintId("AUp"),
    totalBytes: size,
    contentType,
    sink,
    createdAt: clock.now(),
    expiresAt: clock.now(),
    videoId: undefined,
    resumeIncompleteCount: 0,
    notifySubscribers: url.searchParams.get("notifySubscribers") !== "false",
    parts: [...parts],
    resource,
  };
  return complete(ctx, session);
}

/**
 * Reads a `multipart/related` body (RFC 2046) part by part from a stream: small parts are
 * buffered, a large one is handed on as it arrives, keeping back only what could be the start of
 * the next delimiter.
 */
class MultipartRelatedReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  /** `CRLF--boundary`: what ends every part. */
  readonly #delimiter: Buffer;
  // A leading CRLF lets the first `--boundary` match the delimiter too.
  #buffer: Buffer = Buffer.from("\r\n");
  #failed = false;
  #started = false;

  constructor(body: ReadableStream<Uint8Array>, boundary: string) {
    this.#reader = body.getReader();
    this.#delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  async #more(): Promise<boolean> {
    try {
      const { done, value } = await this.#reader.read();
      if (done) return false;
      // A view of the first read, no copy; later ones join the few bytes kept back.
      const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      this.#buffer = this.#buffer.byteLength === 0 ? bytes : Buffer.concat([this.#buffer, bytes]);
      return true;
    } catch {
      this.#failed = true;
      return false;
    }
  }

  /** Everything before the next delimiter (at most `limit` bytes), which is consumed too. */
  async smallPart(limit: number): Promise<Buffer | undefined> {
    for (;;) {
      const index = this.#buffer.indexOf(this.#delimiter);
      if (index >= 0) {
        const part = Buffer.from(this.#buffer.subarray(0, index));
        this.#buffer = this.#buffer.subarray(index + this.#delimiter.byteLength);
        return part;
      }
      if (this.#buffer.byteLength > limit || !(await this.#more())) return undefined;
    }
  }

  /** Skips to the first delimiter (the preamble) once, then reads the next part's headers. */
  async nextPart(): Promise<Headers | undefined> {
    if (!this.#started) {
      this.#started = true;
      if ((await this.smallPart(64 * 1024)) === undefined) return undefined;
    }
    for (;;) {
      const end = this.#buffer.indexOf("\r\n\r\n");
      if (end >= 0) {
        if (!this.#buffer.subarray(0, 2).equals(Buffer.from("\r\n"))) return undefined;
        const headers = new Headers();
        for (const line of this.#buffer.subarray(2, Math.max(2, end)).toString("latin1").split("\r\n")) {
          const colon = line.indexOf(":");
          if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
        }
        this.#buffer = this.#buffer.subarray(end + 4);
        return headers;
      }
      if (this.#buffer.byteLength > 64 * 1024 || !(await this.#more())) return undefined;
    }
  }

  /**
   * Hands the part's bytes to `onBytes` as they arrive, up to the next delimiter. Returns the
   * part's length, or `undefined` when the body ended (or broke) before the delimiter.
   */
  async streamPart(onBytes: (bytes: Uint8Array) => void): Promise<number | undefined> {
    const keep = this.#delimiter.byteLength - 1;
    let length = 0;
    for (;;) {
      const index = this.#buffer.indexOf(this.#delimiter);
      if (index >= 0) {
        if (index > 0) onBytes(this.#buffer.subarray(0, index));
        this.#buffer = this.#buffer.subarray(index + this.#delimiter.byteLength);
        return length + index;
      }
      const ready = this.#buffer.byteLength - keep;
      if (ready > 0) {
        onBytes(this.#buffer.subarray(0, ready));
        length += ready;
        this.#buffer = this.#buffer.subarray(ready);
      }
      if (!(await this.#more())) return undefined;
    }
  }

  /** Whether the last delimiter read was the close delimiter (`--boundary--`); drains the epilogue. */
  async closed(): Promise<boolean> {
    while (this.#buffer.byteLength < 2 && (await this.#more()));
    if (!this.#buffer.subarray(0, 2).equals(Buffer.from("--"))) return false;
    let epilogue = this.#buffer.byteLength;
    while (epilogue <= 64 * 1024 && (await this.#more())) epilogue = this.#buffer.byteLength;
    return !this.#failed;
  }
}
