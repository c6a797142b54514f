// Response bodies read as streams with a byte cap, counted after decompression (what the stream
// yields), so a huge or endless body, or a small gzip bomb, costs at most the cap in memory.

/** The default cap of a response body postkit parses, in bytes (after decompression). @group HTTP */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** An error response is read up to this many bytes (its end is dropped, never refused). */
export const ERROR_BODY_READ_BYTES = 64 * 1024;

/** An error keeps at most this many characters of a body (as JSON text). */
export const ERROR_BODY_KEEP_CHARS = 4096;

const decoder = new TextDecoder();

/** What {@link readCapped} got: the text, or that the body was larger than the cap. */
export type CappedBody = { text: string; truncated: boolean } | { tooLarge: true; declared: boolean };

/**
 * Reads `response`'s body as text, at most `maxBytes`. Past the cap, the stream is cancelled and
 * the result is `tooLarge` (`overflow: "refuse"`) or the first `maxBytes` (`"truncate"`). With
 * `"refuse"`, a `Content-Length` over the cap is refused before a byte is read.
 */
export async function readCapped(
  response: Response,
  maxBytes: number,
  overflow: "refuse" | "truncate",
): Promise<CappedBody> {
  const body = response.body;
  if (!body) return { text: "", truncated: false };
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (overflow === "refuse" && declared > maxBytes) {
    body.cancel().catch(() => undefined);
    return { tooLarge: true, declared: true };
  }
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > maxBytes) {
      // Not awaited: a cancel may wait on the peer; nothing more is read either way.
      reader.cancel().catch(() => undefined);
      if (overflow === "refuse") return { tooLarge: true, declared: false };
      parts.push(value.subarray(0, maxBytes - total));
      return { text: decode(parts, maxBytes), truncated: true };
    }
    parts.push(value);
    total += value.byteLength;
  }
  return { text: decode(parts, total), truncated: false };
}

/**
 * A response body as text, at most `maxBytes` (after decompression): past it the stream is
 * cancelled and the text cut (`truncated`). For hooks that peek at a body (read a clone), so a
 * hostile response cannot exhaust memory.
 * @group HTTP
 */
export async function readBodyText(
  response: Response,
  maxBytes: number = ERROR_BODY_READ_BYTES,
): Promise<{
  /** The body's text, up to the cap. */
  text: string;
  /** Whether the body was longer than the cap. */
  truncated: boolean;
}> {
  const read = await readCapped(response, maxBytes, "truncate");
  return "tooLarge" in read ? { text: "", truncated: true } : read;
}

function decode(parts: Uint8Array[], total: number): string {
  if (parts.length === 0) return "";
  if (parts.length === 1) return decoder.decode(parts[0]);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return decoder.decode(joined);
}

/**
 * A body for an error to keep: as it is when its JSON text is short, otherwise its first
 * {@link ERROR_BODY_KEEP_CHARS} characters as text, marked as cut.
 */
export function boundBody(body: unknown): unknown {
  if (body === undefined || body === null || typeof body === "number" || typeof body === "boolean")
    return body;
  const text = typeof body === "string" ? body : safeStringify(body);
  if (text.length <= ERROR_BODY_KEEP_CHARS) return body;
  return `${text.slice(0, ERROR_BODY_KEEP_CHARS)}… (${text.length - ERROR_BODY_KEEP_CHARS} more characters dropped)`;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return String(value);
  }
}
