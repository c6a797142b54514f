// Video metadata for videos.insert / videos.update, validated before any request (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol).
import { ValidationError, type ValidationIssue } from "@postkit/core";

/** @group Metadata */
export type YouTubePrivacyStatus = "public" | "unlisted" | "private";

/** @group Metadata */
export type YouTubeLicense = "youtube" | "creativeCommon";

/**
 * What to publish a video with. Checked against YouTube's documented limits before anything is sent.
 * @group Metadata
 */
export interface YouTubeVideoOptions {
  /** At most 100 characters, no `<` or `>`, not blank. */
  title: string;
  /** At most 5000 UTF-8 **bytes** (not characters), no `<` or `>`. */
  description?: string | undefined;
  /**
   * At most 500 characters in total, counted as YouTube does: the commas between tags count, and
   * a tag containing a space counts two more for the quotes around it.
   */
  tags?: readonly string[] | undefined;
  /** A category id such as `"22"` (People & Blogs). Required by YouTube when updating the snippet. */
  categoryId?: string | undefined;
  /** Language of the title and description, e.g. `"en"`. */
  defaultLanguage?: string | undefined;
  /** Language of the audio, e.g. `"en-US"`. */
  defaultAudioLanguage?: string | undefined;
  /**
   * Note: videos uploaded by unverified API projects are locked to private until the project
   * passes YouTube's audit (https://developers.google.com/identity/protocols/oauth2/web-server).
   * @default "private"
   */
  privacyStatus?: YouTubePrivacyStatus | undefined;
  /**
   * Scheduled publication; only with `privacyStatus: "private"`. A `Date` or an RFC 3339 string
   * naming a real date and time (`2030-02-31` or `25:00` is refused, not rolled over).
   */
  publishAt?: Date | string | undefined;
  /** Whether the video is made for kids (COPPA). */
  selfDeclaredMadeForKids?: boolean | undefined;
  /** Altered or synthetic content disclosure (added Oct 2024; not in the published discovery document). */
  containsSyntheticMedia?: boolean | undefined;
  /** `status.license`: `youtube` (the standard YouTube license) or `creativeCommon` (Creative Commons). */
  license?: YouTubeLicense | undefined;
  /** `status.embeddable`: whether the video can be embedded on other websites. */
  embeddable?: boolean | undefined;
  /** `status.publicStatsViewable`: whether the video's statistics are publicly visible. */
  publicStatsViewable?: boolean | undefined;
  /** Whether subscribers are notified of the upload (videos.insert query parameter). @default true */
  notifySubscribers?: boolean | undefined;
}

/** The `snippet` + `status` parts sent to videos.insert / videos.update. @group Metadata */
export interface YouTubeVideoResource {
  /** The `snippet` part: title, description, tags, category and languages. */
  snippet: {
    /** The video title: at most 100 characters, no `<` or `>`. */
    title: string;
    /** The video description: at most 5000 UTF-8 bytes, no `<` or `>`. */
    description?: string;
    /** Keyword tags: at most 500 characters in total, as {@link tagsLength} counts them. */
    tags?: string[];
    /** The video category id, a numeric string such as `"22"`. */
    categoryId?: string;
    /** Language of the title and description. */
    defaultLanguage?: string;
    /** Language of the audio. */
    defaultAudioLanguage?: string;
  };
  /** The `status` part: privacy, scheduling, license and audience flags. */
  status: {
    /** `public`, `unlisted` or `private`. */
    privacyStatus: YouTubePrivacyStatus;
    /** Scheduled publication as an RFC 3339 date-time; only with `privacyStatus: "private"`. */
    publishAt?: string;
    /** Whether the video is made for kids (COPPA). */
    selfDeclaredMadeForKids?: boolean;
    /** Altered or synthetic content disclosure (not in the published discovery document). */
    containsSyntheticMedia?: boolean;
    /** `youtube` (the standard YouTube license) or `creativeCommon`. */
    license?: YouTubeLicense;
    /** Whether the video can be embedded on other websites. */
    embeddable?: boolean;
    /** Whether the video's statistics are publicly visible. */
    publicStatsViewable?: boolean;
  };
}

/** The documented limits. @group Metadata */
export const metadataLimits = Object.freeze({
  /** Longest `snippet.title`, in characters. */
  titleCharacters: 100,
  /** Longest `snippet.description`, in UTF-8 bytes (not characters). */
  descriptionBytes: 5000,
  /** Longest `snippet.tags` in total, in characters as {@link tagsLength} counts them. */
  tagsCharacters: 500,
});

/**
 * The length of the tags the way YouTube counts it (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol [VRES]): each tag's characters, two
 * more for the quotes of a tag that contains a space, and one per comma between tags.
 * Characters are counted as Unicode code points (how YouTube counts non-BMP characters is UNCONFIRMED).
 * @group Metadata
 */
export function tagsLength(tags: readonly string[]): number {
  let total = Math.max(0, tags.length - 1);
  for (const tag of tags) total += characters(tag) + (tag.includes(" ") ? 2 : 0);
  return total;
}

function characters(text: string): number {
  return [...text].length;
}

const PRIVACY = new Set(["public", "unlisted", "private"]);
const LICENSES = new Set(["youtube", "creativeCommon"]);
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 date-time that names a real instant: the shape, then a round trip through the
 * calendar (so `2030-02-31` or `25:61` fail rather than roll over), offsets within ±23:59.
 * Leap seconds (`:60`) are refused, as JavaScript's `Date` cannot represent them.
 */
function isRealDateTime(value: string): boolean {
  const match = RFC3339.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const roundTrips =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  const offsetHours = match[8] === undefined ? 0 : Number(match[8]);
  const offsetMinutes = match[9] === undefined ? 0 : Number(match[9]);
  return roundTrips && offsetHours <= 23 && offsetMinutes <= 59 && !Number.isNaN(Date.parse(value));
}

/**
 * Checks video options against the limits in the spec and returns every problem found (empty when valid).
 * @group Metadata
 */
export function metadataIssues(options: YouTubeVideoOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path: [path], message });
  if (typeof options !== "object" || options === null)
    return [{ path: [], message: "options must be an object" }];
  if (typeof options.title !== "string" || options.title.trim() === "") {
    add("title", "title is required and must not be blank");
  } else {
    if (characters(options.title) > metadataLimits.titleCharacters) {
      add("title", `title has ${characters(options.title)} characters; YouTube allows at most 100`);
    }
    if (/[<>]/.test(options.title)) add("title", "title must not contain < or >");
  }
  if (options.description !== undefined) {
    if (typeof options.description !== "string") add("description", "description must be a string");
    else {
      const bytes = new TextEncoder().encode(options.description).byteLength;
      if (bytes > metadataLimits.descriptionBytes) {
        add("description", `description is ${bytes} UTF-8 bytes; YouTube allows at most 5000 bytes`);
      }
      if (/[<>]/.test(options.description)) add("description", "description must not contain < or >");
    }
  }
  if (options.tags !== undefined) {
    if (
      !Array.isArray(options.tags) ||
      options.tags.some((tag) => typeof tag !== "string" || tag.trim() === "")
    ) {
      add("tags", "tags must be non-blank strings");
    } else {
      const length = tagsLength(options.tags);
      if (length > metadataLimits.tagsCharacters) {
        add(
          "tags",
          `tags count ${length} characters as YouTube counts them (commas between tags and quotes around tags with spaces included); at most 500`,
        );
      }
    }
  }
  if (options.categoryId !== undefined && !/^\d+$/.test(String(options.categoryId))) {
    add("categoryId", 'categoryId must be a numeric string such as "22"');
  }
  const privacy = options.privacyStatus ?? "private";
  if (!PRIVACY.has(privacy)) add("privacyStatus", "privacyStatus must be public, unlisted or private");
  if (options.publishAt !== undefined) {
    const value = options.publishAt;
    const valid =
      value instanceof Date
        ? !Number.isNaN(value.getTime())
        : typeof value === "string" && isRealDateTime(value);
    if (!valid) {
      add(
        "publishAt",
        "publishAt must be a valid Date or an RFC 3339 date-time of a real calendar date and time",
      );
    }
    if (privacy !== "private") {
      add(
        "publishAt",
        'publishAt can be set only when privacyStatus is "private" (YouTube publishes it at that time)',
      );
    }
  }
  if (options.license !== undefined && !LICENSES.has(options.license)) {
    add("license", "license must be youtube or creativeCommon");
  }
  for (const flag of [
    "selfDeclaredMadeForKids",
    "containsSyntheticMedia",
    "embeddable",
    "publicStatsViewable",
    "notifySubscribers",
  ] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== "boolean")
      add(flag, `${flag} must be a boolean`);
  }
  for (const text of ["defaultLanguage", "defaultAudioLanguage"] as const) {
    if (options[text] !== undefined && (typeof options[text] !== "string" || options[text] === "")) {
      add(text, `${text} must be a non-empty language code`);
    }
  }
  return issues;
}

/**
 * Throws a `ValidationError` listing every problem with the options; nothing has been sent.
 * @group Metadata
 */
export function validateVideoOptions(options: YouTubeVideoOptions): void {
  const issues = metadataIssues(options);
  if (issues.length === 0) return;
  const summary = issues.map((issue) => issue.message).join("; ");
  throw new ValidationError(`Invalid YouTube video options: ${summary}`, { issues });
}

/**
 * The `snippet` and `status` parts for the options (validated first).
 * @group Metadata
 */
export function toVideoResource(options: YouTubeVideoOptions): YouTubeVideoResource {
  validateVideoOptions(options);
  const snippet: YouTubeVideoResource["snippet"] = { title: options.title };
  if (options.description !== undefined) snippet.description = options.description;
  if (options.tags !== undefined) snippet.tags = [...options.tags];
  if (options.categoryId !== undefined) snippet.categoryId = options.categoryId;
  if (options.defaultLanguage !== undefined) snippet.defaultLanguage = options.defaultLanguage;
  if (options.defaultAudioLanguage !== undefined) snippet.defaultAudioLanguage = options.defaultAudioLanguage;
  const status: YouTubeVideoResource["status"] = { privacyStatus: options.privacyStatus ?? "private" };
  if (options.publishAt !== undefined) {
    status.publishAt =
      options.publishAt instanceof Date ? options.publishAt.toISOString() : options.publishAt;
  }
  if (options.selfDeclaredMadeForKids !== undefined)
    status.selfDeclaredMadeForKids = options.selfDeclaredMadeForKids;
  if (options.containsSyntheticMedia !== undefined)
    status.containsSyntheticMedia = options.containsSyntheticMedia;
  if (options.license !== undefined) status.license = options.license;
  if (options.embeddable !== undefined) status.embeddable = options.embeddable;
  if (options.publicStatsViewable !== undefined) status.publicStatsViewable = options.publicStatsViewable;
  return { snippet, status };
}
