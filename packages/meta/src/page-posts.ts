// Facebook Page posts and photos: text and link posts on `/{page-id}/feed` (scheduled with
// `published=false` and `scheduled_publish_time`), photos on `/{page-id}/photos` from a public URL
// or the app's bytes (multipart `source`), and multi-photo posts (unpublished photos, then
// `attached_media` on `/feed`) (https://developers.facebook.com/docs/pages-api/posts ,
// https://developers.facebook.com/docs/graph-api/reference/page/photos/).
import { type Connection, type PublishJob, type UploadSource, ValidationError } from "@postkit/core";
import * as z from "zod/mini";
import type { MetaContext } from "./context.js";
import { answerLost, assertPagePublishScopes, lostJob, once, pageJob, withPageToken } from "./page-jobs.js";
import { scheduleSeconds } from "./page-schedule.js";

/** A text or link post on a Facebook Page. @group Publishing */
export interface FacebookPostInput {
  /** The post's text (`message`). */
  message?: string | undefined;
  /** A link to share (`link`). At least one of `message` and `link`. */
  link?: string | undefined;
  /**
   * Publish later (a `Date` or epoch milliseconds), between 10 minutes and 30 days from now:
   * sent as `published=false` with `scheduled_publish_time`. Checked before any request.
   */
  scheduledPublishTime?: Date | number | undefined;
  /** See the contract's `idempotencyKey`: the same key never posts twice. */
  idempotencyKey?: string | undefined;
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
}

/** One photo: a public `https` URL Meta fetches, or the app's bytes (JPEG or PNG, under 4 MB). @group Publishing */
export type FacebookPhoto =
  | {
      /** A public `https` URL Meta fetches. */
      url: string;
    }
  | {
      /** The app's bytes, with `type` set to `image/jpeg` or `image/png`. */
      source: UploadSource;
    };

/** Options of a Page photo post (`publishPhotos`' `options`). @group Publishing */
export interface FacebookPhotoOptions {
  /** The post's text. */
  message?: string | undefined;
  /** Publish later, as for {@link FacebookPostInput.scheduledPublishTime} (then posted through `/feed`). */
  scheduledPublishTime?: Date | number | undefined;
}

/** Photos for a Facebook Page, from URLs or bytes. @group Publishing */
export interface FacebookPhotosInput extends FacebookPhotoOptions {
  /** One photo (posted with `/photos`) or several (one post with `attached_media`), at most 10. */
  photos: readonly FacebookPhoto[];
  /** See the contract's `idempotencyKey`. */
  idempotencyKey?: string | undefined;
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
}

/** Meta: photo error 1366046, "photo must be < 4 MB, JPG/PNG". */
const PHOTO_MAX_BYTES = 4 * 1024 * 1024;
const PHOTO_TYPES = ["image/jpeg", "image/png"];
/** postkit's cap per post; Meta's own limit for `attached_media` is not in its docs (UNCONFIRMED). */
const MAX_PHOTOS = 10;

const postSchema = z.looseObject({
  id: z.string(),
  permalink_url: z.optional(z.string()),
});
const photoSchema = z.looseObject({
  id: z.string(),
  post_id: z.optional(z.string()),
});

/** `POST /{page-id}/feed`: a published, or scheduled, text or link post. @internal */
export async function publishPagePost(
  context: MetaContext,
  connection: Connection,
  input: FacebookPostInput,
): Promise<PublishJob> {
  const message = input.message ?? undefined;
  const link = input.link ?? undefined;
  if (!message && !link) {
    throw new ValidationError("meta: a Page post needs a message or a link.", {
      issues: [{ path: ["message"], message: "required without link" }],
    });
  }
  if (link !== undefined && !URL.canParse(link)) {
    throw new ValidationError("meta: the post's link is not an absolute URL.", {
      issues: [{ path: ["link"], message: "must be an absolute URL" }],
    });
  }
  const scheduled =
    input.scheduledPublishTime === undefined
      ? undefined
      : scheduleSeconds(input.scheduledPublishTime, context.clock.now(), "scheduledPublishTime");
  const content = { account: connection.account.id, message, link, scheduled };
  await assertPagePublishScopes(context, connection, input.signal);
  return once(context, input.idempotencyKey, content, () =>
    feedPost(context, connection, { message, link }, scheduled, input.signal),
  );
}

/** Photos on a Page: one through `/photos`, several (or scheduled) as one post through `/feed`. @internal */
export async function publishPagePhotos(
  context: MetaContext,
  connection: Connection,
  input: FacebookPhotosInput,
): Promise<PublishJob> {
  const photos = checkPhotos(input.photos);
  const scheduled =
    input.scheduledPublishTime === undefined
      ? undefined
      : scheduleSeconds(input.scheduledPublishTime, context.clock.now(), "scheduledPublishTime");
  const { signal } = input;
  const message = input.message ?? undefined;
  const media = photos.map((photo) =>
    "url" in photo ? { url: photo.url } : { size: photo.source.size, name: photo.source.name },
  );
  const content = { account: connection.account.id, message, scheduled, media };
  await assertPagePublishScopes(context, connection, signal);
  return once(context, input.idempotencyKey, content, async () => {
    if (photos.length === 1 && scheduled === undefined) {
      let answer: z.infer<typeof photoSchema>;
      try {
        answer = await uploadPhoto(context, connection, photos[0]!, { message, published: true }, signal);
      } catch (error) {
        if (answerLost(error, signal)) return lostJob(context, connection, {}, "the photo upload");
        throw error;
      }
      // A published photo's post id: `post_id` when Meta sends it (UNCONFIRMED), else the photo's.
      const postId = answer.post_id ?? answer.id;
      return pageJob(context, connection, {
        outcome: "published",
        ids: { photoId: answer.id, postId },
        postId,
      });
    }
    // Unpublished photos publish nothing: a lost answer here is an error, not an unknown post.
    const ids: string[] = [];
    for (const photo of photos) {
      ids.push((await uploadPhoto(context, connection, photo, { published: false }, signal)).id);
    }
    return feedPost(context, connection, { message, media: ids }, scheduled, signal);
  });
}

function checkPhotos(photos: readonly FacebookPhoto[] | undefined): readonly FacebookPhoto[] {
  if (!Array.isArray(photos) || photos.length === 0 || photos.length > MAX_PHOTOS) {
    throw new ValidationError(`meta: a Page photo post takes 1 to ${MAX_PHOTOS} photos.`, {
      issues: [{ path: ["photos"], message: `1 to ${MAX_PHOTOS} items` }],
    });
  }
  photos.forEach((photo, index) => {
    if (photo && "url" in photo) {
      if (typeof photo.url !== "string" || !photo.url.startsWith("https://") || !URL.canParse(photo.url)) {
        throw new ValidationError("meta: a photo URL must be a public https URL.", {
          issues: [
            {
              path: ["photos", index, "url"],
              message: "must be an https URL",
            },
          ],
        });
      }
      return;
    }
    const source = (photo as { source?: UploadSource } | undefined)?.source;
    if (!source || typeof source.read !== "function") {
      throw new ValidationError("meta: each photo needs a url or a source.", {
        issues: [{ path: ["photos", index], message: "url or source" }],
      });
    }
    if (!PHOTO_TYPES.includes(source.type ?? "") || source.size <= 0 || source.size > PHOTO_MAX_BYTES) {
      throw new ValidationError("meta: a Page photo must be a JPEG or PNG under 4 MB with its type set.", {
        issues: [
          {
            path: ["photos", index, "source"],
            message: "image/jpeg or image/png, at most 4 MiB",
          },
        ],
        hint: "Meta refuses others with error 1366046; set the source's type (e.g. fromFile(path, { type: 'image/jpeg' })).",
      });
    }
  });
  return photos;
}

async function uploadPhoto(
  context: MetaContext,
  connection: Connection,
  photo: FacebookPhoto,
  fields: { message?: string | undefined; published: boolean },
  signal: AbortSignal | undefined,
): Promise<z.infer<typeof photoSchema>> {
  const pageId = connection.account.id;
  const query = {
    published: String(fields.published),
    message: fields.message,
  };
  let body: { data: Blob; contentType: string } | undefined;
  if ("source" in photo) {
    const bytes = await photo.source.read(0, photo.source.size, signal);
    const boundary = `postkit-${globalThis.crypto.randomUUID()}`;
    const name = (photo.source.name ?? "photo").replace(/["\r\n]/g, "_");
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="source"; filename="${name}"\r\n` +
      `Content-Type: ${photo.source.type}\r\n\r\n`;
    body = {
      data: new Blob([head, bytes as Uint8Array<ArrayBuffer>, `\r\n--${boundary}--\r\n`]),
      contentType: `multipart/form-data; boundary=${boundary}`,
    };
  }
  return withPageToken(context, connection, signal, (token) =>
    context.graph.call({
      method: "POST",
      path: `/${encodeURIComponent(pageId)}/photos`,
      accessToken: token,
      query: "url" in photo ? { ...query, url: photo.url } : query,
      ...(body ? { body } : {}),
      schema: photoSchema,
      idempotent: false,
      what: "Facebook Page photo upload",
      signal,
    }),
  );
}

async function feedPost(
  context: MetaContext,
  connection: Connection,
  post: {
    message?: string | undefined;
    link?: string | undefined;
    media?: string[];
  },
  scheduled: number | undefined,
  signal: AbortSignal | undefined,
): Promise<PublishJob> {
  const pageId = connection.account.id;
  const form: Record<string, string | undefined> = {
    message: post.message,
    link: post.link,
  };
  // Indexed fields, as Meta's multi-photo examples write them: attached_media[0]={"media_fbid":…}.
  post.media?.forEach((id, index) => {
    form[`attached_media[${index}]`] = JSON.stringify({ media_fbid: id });
  });
  if (scheduled !== undefined) {
    form.published = "false";
    form.scheduled_publish_time = String(scheduled);
  }
  let answer: z.infer<typeof postSchema>;
  try {
    answer = await withPageToken(context, connection, signal, (token) =>
      context.graph.call({
        method: "POST",
        path: `/${encodeURIComponent(pageId)}/feed`,
        accessToken: token,
        query: { fields: "id,permalink_url" },
        form,
        schema: postSchema,
        idempotent: false,
        what: "Facebook Page post",
        signal,
      }),
    );
  } catch (error) {
    if (answerLost(error, signal)) {
      const ids: Record<string, string> = post.media ? { photoIds: post.media.join(",") } : {};
      return lostJob(context, connection, ids, "the Page post");
    }
    throw error;
  }
  return pageJob(context, connection, {
    outcome: scheduled === undefined ? "published" : "scheduled",
    ids: {
      postId: answer.id,
      ...(post.media ? { photoIds: post.media.join(",") } : {}),
    },
    postId: answer.id,
    ...(answer.permalink_url ? { postUrl: answer.permalink_url } : {}),
    ...(scheduled === undefined ? {} : { scheduledAt: scheduled * 1000 }),
  });
}
