// thumbnails.set: a JPEG or PNG up to 2 MiB for one of the channel's videos.
import { createHash } from "node:crypto";
import { admit } from "../bearer.js";
import { etag, type YouTubeContext } from "../context.js";
import { googleError, videoNotFound } from "../errors.js";
import { MAX_THUMBNAIL_BYTES } from "../rules.js";

export async function thumbnailsSet(ctx: YouTubeContext, request: Request, url: URL): Promise<Response> {
  const { options } = ctx;
  const { videos } = ctx.state;
  const auth = admit(ctx, request, "thumbnails.set");
  if (auth instanceof Response) return auth;
  const video = videos.get(url.searchParams.get("videoId") ?? "");
  if (!video || video.deleted) return videoNotFound();
  if (options.customThumbnails === false) {
    return googleError(
      403,
      "forbidden",
      "The authenticated user doesn't have permissions to upload and set custom video thumbnails.",
      {
        domain: "youtube.thumbnail",
      },
    );
  }
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength === 0) {
    return googleError(400, "mediaBodyRequired", "The request does not include the image content.", {
      domain: "youtube.thumbnail",
    });
  }
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const typeOk = ["image/jpeg", "image/png", "application/octet-stream"].includes(contentType);
  // The error for an oversized image is UNCONFIRMED; invalidImage is the documented one for unusable images.
  if (!typeOk || (!jpeg && !png) || bytes.byteLength > MAX_THUMBNAIL_BYTES) {
    return googleError(400, "invalidImage", "The provided image content is invalid.", {
      domain: "youtube.thumbnail",
    });
  }
  video.thumbnail = {
    contentType: jpeg ? "image/jpeg" : "image/png",
    size: bytes.byteLength,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
  const base = `https://i.ytimg.example/vi/${video.id}`;
  return Response.json({
    kind: "youtube#thumbnailSetResponse",
    etag: etag(video.thumbnail.sha256),
    items: [
      {
        default: { url: `${base}/default.jpg`, width: 120, height: 90 },
        medium: { url: `${base}/mqdefault.jpg`, width: 320, height: 180 },
        high: { url: `${base}/hqdefault.jpg`, width: 480, height: 360 },
      },
    ],
  });
}
