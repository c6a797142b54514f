// What the Meta emulator keeps of Facebook Page publishing: posts, photos, videos and Reels, the
// Resumable Upload API's sessions, and the shared checks of the Page routes (a Page token of that
// Page, the permission, the CREATE_CONTENT task), with Graph error bodies.
import type { ByteSink } from "../harness/byte-sink.js";
import { graphError, missingPermission } from "./errors.js";
import { grants } from "./oauth.js";
import type { IssuedToken, MetaEmulatedPage, MetaState } from "./state.js";

/** A post on a Page's feed (text, link, or photos attached with `attached_media`). */
export interface MetaEmulatedPost {
  /** `{page-id}_{post-id}`. */
  id: string;
  /** The Page. */
  pageId: string;
  /** `message`. */
  message?: string | undefined;
  /** `link`. */
  link?: string | undefined;
  /** `published` (false for scheduled and unpublished posts). */
  published: boolean;
  /** `scheduled_publish_time`, unix seconds. */
  scheduledPublishTime?: number | undefined;
  /** The photo ids of `attached_media`. */
  attachedMedia: string[];
}

/** A photo uploaded to a Page (`/{page-id}/photos`). */
export interface MetaEmulatedPhoto {
  /** The photo id. */
  id: string;
  /** The Page. */
  pageId: string;
  /** `url`, when Meta was to fetch it. */
  url?: string | undefined;
  /** Size and hex SHA-256 of a multipart `source`. */
  upload?:
    | {
        /** Bytes. */
        size: number;
        /** Hex SHA-256. */
        sha256: string;
        /** The part's `Content-Type`. */
        type: string;
      }
    | undefined;
  /** `message`. */
  message?: string | undefined;
  /** `published`: false for photos to attach to a post. */
  published: boolean;
  /** The post of a published photo. */
  postId?: string | undefined;
}

/** A Page video (`/{page-id}/videos`) or Reel (`/{page-id}/video_reels`). */
export interface MetaEmulatedVideo {
  /** The video id. */
  id: string;
  /** The Page. */
  pageId: string;
  /** A video or a Reel. */
  kind: "video" | "reel";
  /** `title` (videos). */
  title?: string | undefined;
  /** `description`. */
  description?: string | undefined;
  /** Reels: `video_state` of the finish call. */
  videoState?: "PUBLISHED" | "DRAFT" | "SCHEDULED" | undefined;
  /** `scheduled_publish_time`, unix seconds. */
  scheduledPublishTime?: number | undefined;
  /** Published (videos) or finished (Reels): processing has begun. */
  finished: boolean;
  /** Status reads since it finished: it is ready after `processingReads` of them. */
  statusReads: number;
  /** Processing fails with this message, when set. */
  failure?: string | undefined;
  /** Videos: the Resumable Upload API handle it was published from. */
  handle?: string | undefined;
}

/** A Resumable Upload API session (`POST /{app-id}/uploads`, then `upload:<id>`). */
export interface MetaUploadSession {
  /** `upload:…?sig=…`, as handed out. */
  id: string;
  /** `file_name`. */
  fileName: string;
  /** `file_length`. */
  fileLength: number;
  /** `file_type`. */
  fileType: string;
  /** Whose token opened it (user or Page); later requests must use a token of the same owner. */
  owner: string;
  /** The bytes. */
  sink: ByteSink;
  /** The file handle (`h`) once every byte arrived. */
  handle?: string | undefined;
  /** A request is streaming its body now. */
  busy: boolean;
}

/** @internal */
export interface PagePublishing {
  posts: Map<string, MetaEmulatedPost>;
  photos: Map<string, MetaEmulatedPhoto>;
  videos: Map<string, MetaEmulatedVideo>;
  /** By the id without `upload:` and `?sig=…`. */
  sessions: Map<string, MetaUploadSession>;
  /** Status reads a finished video stays `processing`. */
  processingReads: number;
  /** The next videos to finish fail processing with these messages, in order. */
  failures: string[];
  /** Every video that finishes from now on fails with this message (the `late-processing-failure` preset). */
  lateFailure?: string | undefined;
  /** Upload sessions the `upload-url-expired` preset ended, by key. */
  expiredSessions: Set<string>;
}

/** @internal */
export function createPagePublishing(processingReads = 1): PagePublishing {
  return {
    posts: new Map(),
    photos: new Map(),
    videos: new Map(),
    sessions: new Map(),
    processingReads,
    failures: [],
    expiredSessions: new Set(),
  };
}

/** Who a token acts as: a Page's id, or `user`. @internal */
export const ownerOf = (token: IssuedToken): string =>
  token.kind === "page" ? `page:${token.pageId}` : "user";

/**
 * The checks of every Page publishing call: the Page exists, the token is that Page's token
 * (a user token gets 190/2069032, Pages API error codes), the permission is granted, the user
 * has the CREATE_CONTENT task. @internal
 */
export function pageFor(
  state: MetaState,
  token: IssuedToken,
  pageId: string,
  permission: string,
): MetaEmulatedPage | Response {
  const page = state.pages.find((candidate) => candidate.id === pageId);
  if (!page)
    return graphError(
      400,
      100,
      `(#100) Unsupported post request: object with ID '${pageId.slice(0, 40)}' does not exist`,
      {
        subcode: 33,
      },
    );
  if (token.kind !== "page") {
    return graphError(400, 190, "(#190) This method must be called with a Page Access Token", {
      subcode: 2069032,
    });
  }
  if (token.pageId !== pageId) return graphError(403, 200, "(#200) The Page token belongs to another Page");
  if (!grants(state, token.scopes, permission)) return missingPermission(permission);
  if (!page.tasks.includes("CREATE_CONTENT"))
    return graphError(403, 200, "(#200) The user cannot perform the CREATE_CONTENT task on this Page");
  return page;
}

/**
 * The call's parameters: the query, then a urlencoded or multipart body (Graph takes both);
 * multipart files are returned apart. @internal
 */
export async function readParams(
  request: Request,
): Promise<{ params: Map<string, string>; files: Map<string, File> }> {
  const params = new Map<string, string>(new URL(request.url).searchParams);
  const files = new Map<string, File>();
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(await request.text())) params.set(key, value);
  } else if (type.startsWith("multipart/form-data")) {
    const form = await request.formData();
    for (const [key, value] of form) {
      if (typeof value === "string") params.set(key, value);
      else files.set(key, value);
    }
  }
  return { params, files };
}
