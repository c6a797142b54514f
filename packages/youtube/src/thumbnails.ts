// thumbnails.set (https://developers.google.com/youtube/v3/docs): a JPEG or PNG of at most 2 MB, checked before sending.
import { ValidationError } from "@postkit/core";
import type { YouTubeContext } from "./context.js";
import { joinUrl, paths } from "./endpoints.js";
import { parseGoogleError } from "./errors.js";

/**
 * The largest thumbnail accepted: 2 MB (2097152 bytes, discovery `maxSize`). The newer reference
 * page says 50 MB; postkit enforces the stricter documented limit (https://developers.google.com/youtube/v3/docs).
 * @group Thumbnails
 */
export const MAX_THUMBNAIL_BYTES = 2_097_152;

/** @group Thumbnails */
export type ThumbnailType = "image/jpeg" | "image/png";

/** @internal JPEG or PNG by magic bytes. */
export function sniffImageType(bytes: Uint8Array): ThumbnailType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((byte, index) => bytes[index] === byte)) return "image/png";
  return undefined;
}

/** @internal */
export async function setThumbnail(
  context: Pick<YouTubeContext, "http" | "apiBase">,
  accessToken: string,
  videoId: string,
  image: Uint8Array | Blob,
  signal?: AbortSignal,
): Promise<unknown> {
  if (typeof videoId !== "string" || !/^[\w-]+$/.test(videoId)) {
    throw new ValidationError(`youtube: ${JSON.stringify(videoId)} is not a video id.`);
  }
  const bytes = image instanceof Uint8Array ? image : new Uint8Array(await image.arrayBuffer());
  if (bytes.byteLength === 0) throw new ValidationError("youtube: the thumbnail is empty.");
  if (bytes.byteLength > MAX_THUMBNAIL_BYTES) {
    throw new ValidationError(
      `youtube: the thumbnail is ${bytes.byteLength} bytes; YouTube accepts at most 2 MB (2097152 bytes).`,
      { issues: [{ path: ["image"], message: "must be at most 2097152 bytes" }] },
    );
  }
  const type = sniffImageType(bytes);
  if (!type) {
    throw new ValidationError("youtube: the thumbnail must be a JPEG or PNG image.", {
      issues: [{ path: ["image"], message: "not a JPEG or PNG" }],
    });
  }
  const response = await context.http.request({
    method: "POST",
    url: joinUrl(context.apiBase, paths.thumbnailsSet),
    // uploadType=media: the simple-upload type the docs imply for a raw body (UNCONFIRMED as required, https://developers.google.com/youtube/v3/docs).
    query: { videoId, uploadType: "media" },
    headers: { "content-type": type },
    body: bytes,
    accessToken,
    // Setting the same image twice has the same effect.
    idempotent: true,
    signal,
    what: "thumbnails.set",
    interpret: (response) => parseGoogleError(response, "thumbnails.set"),
  });
  return response.data;
}
