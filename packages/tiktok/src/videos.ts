import {
  type CallOptions,
  type ListOptions,
  type Page,
  parseInput,
  type TokenSet,
  ValidationError,
} from "@postkit/core";
import * as z from "zod/mini";
import type { TikTokContext } from "./context.js";
import { TIKTOK_PATHS } from "./endpoints.js";
import { requireScopes } from "./scopes.js";

/** The fields of a TikTok video object (https://developers.tiktok.com/doc/tiktok-api-v2-video-object) and their types. @group Videos */
export interface TikTokVideoFields {
  /** The video id. Always a string: ids have 19 digits, beyond JS number precision. */
  id: string;
  /** Unix time in **seconds**. */
  create_time: number;
  /** Expires after 6 hours; `queryVideos` refreshes it. */
  cover_image_url: string;
  /** The video's share link. */
  share_url: string;
  /** The video's description, at most 150 characters. */
  video_description: string;
  /** Seconds. */
  duration: number;
  /** The video's height (int32; the unit, presumably pixels, is not stated in the spec). */
  height: number;
  /** The video's width (int32; the unit, presumably pixels, is not stated in the spec). */
  width: number;
  /** The video's title, at most 150 characters. */
  title: string;
  /** HTML that embeds the video in a page. */
  embed_html: string;
  /** The video's embed link. */
  embed_link: string;
  /** Number of likes (int32). */
  like_count: number;
  /** Number of comments (int32). */
  comment_count: number;
  /** Number of shares (int32). */
  share_count: number;
  /** Number of views (int64). */
  view_count: number;
}

/** A video object field name. @group Videos */
export type TikTokVideoField = keyof TikTokVideoFields;

/** Every video field, the default of `fields`. @group Videos */
export const TIKTOK_VIDEO_FIELDS = Object.freeze([
  "id",
  "create_time",
  "cover_image_url",
  "share_url",
  "video_description",
  "duration",
  "height",
  "width",
  "title",
  "embed_html",
  "embed_link",
  "like_count",
  "comment_count",
  "share_count",
  "view_count",
] as const satisfies readonly TikTokVideoField[]);

/**
 * A video with `id` and at most the requested fields: fields that were not requested are not
 * claimed, and requested ones are optional because TikTok may leave out a field it has no value for.
 * @group Videos
 */
export type TikTokVideo<F extends TikTokVideoField = TikTokVideoField> = {
  /** The video id (`item_id`), a 19-digit string; always present. */
  id: string;
} & {
  [K in Exclude<F, "id">]?: TikTokVideoFields[K];
};

/** Options of `listVideos` and `iterateVideos`: fields, start cursor and page size. @group Videos */
export interface ListVideosOptions<F extends TikTokVideoField> extends CallOptions {
  /** Fields to return; `id` is always added. @default every field */
  fields?: readonly F[] | undefined;
  /** Videos posted before this UTC time in **milliseconds**, or the `cursor` of the previous page. */
  cursor?: number | undefined;
  /** Page size, 1–20. @default 20 */
  maxCount?: number | undefined;
}

/** One page of `listVideos`. @group Videos */
export interface TikTokVideoPage<F extends TikTokVideoField> {
  /** The page's public videos, newest first (`create_time` descending). */
  videos: TikTokVideo<F>[];
  /** Pass as `cursor` for the next page. */
  cursor: number;
  /** `has_more`: whether older videos remain; fetch them with `cursor`. */
  hasMore: boolean;
}

const NUMERIC = new Set<TikTokVideoField>([
  "create_time",
  "duration",
  "height",
  "width",
  "like_count",
  "comment_count",
  "share_count",
  "view_count",
]);

const fieldsSchema = z.optional(z.array(z.enum(TIKTOK_VIDEO_FIELDS)).check(z.minLength(1)));

type VideoRecord = Record<string, unknown>;
interface ListData {
  videos?: VideoRecord[] | undefined;
  cursor: number;
  has_more: boolean;
}
interface QueryData {
  videos?: VideoRecord[] | undefined;
}

// Response schemas per field list, built on first use rather than on every call.
const LIST_SCHEMAS = new Map<string, z.ZodMiniType<ListData>>();
const QUERY_SCHEMAS = new Map<string, z.ZodMiniType<QueryData>>();

function videoSchema(fields: readonly TikTokVideoField[]) {
  const shape: Record<string, z.ZodMiniType> = {};
  // TikTok may leave out fields it has no value for; only `id` is guaranteed.
  for (const field of fields)
    shape[field] = field === "id" ? z.string() : z.optional(NUMERIC.has(field) ? z.number() : z.string());
  return z.looseObject(shape);
}

function listSchema(fields: readonly TikTokVideoField[]): z.ZodMiniType<ListData> {
  const key = fields.join(",");
  let schema = LIST_SCHEMAS.get(key);
  if (!schema) {
    schema = z.object({
      videos: z.optional(z.array(videoSchema(fields))),
      cursor: z.number(),
      has_more: z.boolean(),
    }) as unknown as z.ZodMiniType<ListData>;
    LIST_SCHEMAS.set(key, schema);
  }
  return schema;
}

function querySchema(fields: readonly TikTokVideoField[]): z.ZodMiniType<QueryData> {
  const key = fields.join(",");
  let schema = QUERY_SCHEMAS.get(key);
  if (!schema) {
    schema = z.object({
      videos: z.optional(z.array(videoSchema(fields))),
    }) as unknown as z.ZodMiniType<QueryData>;
    QUERY_SCHEMAS.set(key, schema);
  }
  return schema;
}

const listInput = z.object({
  cursor: z.optional(z.number().check(z.int(), z.nonnegative())),
  maxCount: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(20))),
});

const videoIdList = z
  .array(z.string().check(z.regex(/^\d+$/, "video ids are strings of digits")))
  .check(z.minLength(1), z.maxLength(20));

function resolveFields(fields: readonly TikTokVideoField[] | undefined): TikTokVideoField[] {
  const list = parseInput(fieldsSchema, fields, "TikTok video fields") ?? [...TIKTOK_VIDEO_FIELDS];
  return [...new Set<TikTokVideoField>(["id", ...list])];
}

export async function listVideos<F extends TikTokVideoField>(
  context: TikTokContext,
  tokens: TokenSet,
  options: ListVideosOptions<F> = {},
): Promise<TikTokVideoPage<F>> {
  const fields = resolveFields(options.fields);
  const input = parseInput(
    listInput,
    { cursor: options.cursor, maxCount: options.maxCount },
    "TikTok video list options",
  );
  requireScopes(tokens.scopes, ["video.list"], "list videos");
  const data = await context.api.call({
    method: "POST",
    path: TIKTOK_PATHS.videoList,
    accessToken: tokens.accessToken,
    query: { fields: fields.join(",") },
    json: {
      max_count: input.maxCount ?? 20,
      ...(input.cursor !== undefined ? { cursor: input.cursor } : {}),
    },
    data: listSchema(fields),
    idempotent: true,
    bucket: "videoList",
    what: "TikTok video list",
    signal: options.signal,
  });
  return { videos: (data.videos ?? []) as TikTokVideo<F>[], cursor: data.cursor, hasMore: data.has_more };
}

/**
 * One page as core's `Page`: the `cursor` is the previous page's `nextCursor` (TikTok's numeric
 * cursor as a string); `nextCursor` is absent on the last page (`has_more` false).
 */
export async function listVideoPage(
  context: TikTokContext,
  tokens: TokenSet,
  options: ListOptions & { fields?: readonly TikTokVideoField[] | undefined },
): Promise<Page<TikTokVideo>> {
  const cursor = options.cursor === undefined ? undefined : Number(options.cursor);
  if (cursor !== undefined && !Number.isSafeInteger(cursor)) {
    throw new ValidationError("tiktok: a video list cursor is the nextCursor of a previous page.");
  }
  const page = await listVideos(context, tokens, {
    fields: options.fields,
    cursor,
    maxCount: options.pageSize,
    signal: options.signal,
  });
  return { items: page.videos, nextCursor: page.hasMore ? String(page.cursor) : undefined };
}

/** Every page of the user's public videos, newest first, one request per page. */
export async function* iterateVideos<F extends TikTokVideoField>(
  context: TikTokContext,
  tokens: TokenSet,
  options: ListVideosOptions<F> = {},
): AsyncGenerator<TikTokVideo<F>, void, undefined> {
  let cursor = options.cursor;
  for (;;) {
    const page = await listVideos(context, tokens, { ...options, cursor });
    yield* page.videos;
    if (!page.hasMore || page.videos.length === 0 || page.cursor === cursor) return;
    cursor = page.cursor;
  }
}

/** Options of `queryVideos`: which fields to return, and an abort signal. @group Videos */
export interface QueryVideosOptions<F extends TikTokVideoField> extends CallOptions {
  /** Fields to return; `id` is always added. @default every field */
  fields?: readonly F[] | undefined;
}

export async function queryVideos<F extends TikTokVideoField>(
  context: TikTokContext,
  tokens: TokenSet,
  videoIds: readonly string[],
  options: QueryVideosOptions<F> = {},
): Promise<TikTokVideo<F>[]> {
  const ids = parseInput(videoIdList, videoIds, "TikTok video ids (1-20)");
  const fields = resolveFields(options.fields);
  requireScopes(tokens.scopes, ["video.list"], "query videos");
  const data = await context.api.call({
    method: "POST",
    path: TIKTOK_PATHS.videoQuery,
    accessToken: tokens.accessToken,
    query: { fields: fields.join(",") },
    json: { filters: { video_ids: ids } },
    data: querySchema(fields),
    idempotent: true,
    bucket: "videoQuery",
    what: "TikTok video query",
    signal: options.signal,
  });
  return (data.videos ?? []) as TikTokVideo<F>[];
}
