// YouTube's documented rules the emulator enforces (https://developers.google.com/youtube/v3/docs): the
// scopes each method accepts, quota costs, size limits, and the checks of `part` and of a video
// resource. Written from the platform notes, never imported from @postkit/youtube.
import { googleError } from "./errors.js";

const SCOPE = "https://www.googleapis.com/auth/";
/** The YouTube scopes the emulated consent screen knows (https://developers.google.com/youtube/v3/guides/auth/server-side-web-apps). */
export const YOUTUBE_EMULATOR_SCOPES = {
  /** `youtube.upload`: videos.insert and thumbnails.set, but not channels.list, update or delete. */
  upload: `${SCOPE}youtube.upload`,
  /** `youtube` ("Manage your YouTube account"): every method the emulator serves. */
  manage: `${SCOPE}youtube`,
  /** `youtube.readonly`: channels.list, videos.list and playlistItems.list only. */
  readonly: `${SCOPE}youtube.readonly`,
  /** `youtube.force-ssl`: every method the emulator serves. */
  forceSsl: `${SCOPE}youtube.force-ssl`,
  /** `youtubepartner`: every method the emulator serves. */
  partner: `${SCOPE}youtubepartner`,
  /** `youtubepartner-channel-audit`: channels.list only. */
  partnerChannelAudit: `${SCOPE}youtubepartner-channel-audit`,
} as const;
const S = YOUTUBE_EMULATOR_SCOPES;
export const KNOWN_SCOPES = new Set<string>([...Object.values(S), "openid", "email", "profile"]);

/** Which scopes each method accepts (https://developers.google.com/youtube/v3/guides/auth/server-side-web-apps, discovery `scopes` per method). */
export const METHOD_SCOPES: Record<string, readonly string[]> = {
  "channels.list": [S.readonly, S.manage, S.forceSsl, S.partner, S.partnerChannelAudit],
  "videos.insert": [S.upload, S.manage, S.forceSsl, S.partner],
  "thumbnails.set": [S.upload, S.manage, S.forceSsl, S.partner],
  "videos.list": [S.readonly, S.manage, S.forceSsl, S.partner],
  "playlistItems.list": [S.readonly, S.manage, S.forceSsl, S.partner],
  "videos.update": [S.manage, S.forceSsl, S.partner],
  "videos.delete": [S.manage, S.forceSsl, S.partner],
};

/**
 * Default quota costs (https://developers.google.com/youtube/v3/docs/errors). videos.insert is UNCONFIRMED (1 per call in its own bucket, ~100
 * units, or 1600 in old docs); 100 units here, charged once at session start.
 */
export const YOUTUBE_EMULATOR_QUOTA_COSTS: Readonly<Record<string, number>> = Object.freeze({
  "channels.list": 1,
  "videos.list": 1,
  "playlistItems.list": 1,
  "videos.insert": 100,
  "videos.update": 50,
  "videos.delete": 50,
  "thumbnails.set": 50,
});

/** Video categories the emulator accepts (a subset of YouTube's; the full list is not in the spec). */
export const CATEGORIES = new Set([
  "1",
  "2",
  "10",
  "15",
  "17",
  "19",
  "20",
  "22",
  "23",
  "24",
  "25",
  "26",
  "27",
  "28",
  "29",
]);
export const CHUNK_MULTIPLE = 262_144;
export const MAX_VIDEO_BYTES = 274_877_906_944;
export const MAX_THUMBNAIL_BYTES = 2_097_152;

/**
 * The documented `part` values of each method (https://developers.google.com/youtube/v3/docs/channels/list,
 * https://developers.google.com/youtube/v3/docs/videos/list, https://developers.google.com/youtube/v3/docs/videos/insert,
 * https://developers.google.com/youtube/v3/docs/playlistItems/list). Any combination of them is
 * accepted; the parts the emulator does not model (e.g. `topicDetails`, `player`) are left out of
 * the resource rather than refused (the emulator's choice).
 */
export const PARTS = {
  channels: [
    "auditDetails",
    "brandingSettings",
    "contentDetails",
    "contentOwnerDetails",
    "id",
    "localizations",
    "snippet",
    "statistics",
    "status",
    "topicDetails",
  ],
  videos: [
    "contentDetails",
    "fileDetails",
    "id",
    "liveStreamingDetails",
    "localizations",
    "paidProductPlacementDetails",
    "player",
    "processingDetails",
    "recordingDetails",
    "snippet",
    "statistics",
    "status",
    "suggestions",
    "topicDetails",
  ],
  playlistItems: ["contentDetails", "id", "snippet", "status"],
} as const;

/**
 * An RFC 3339 date-time, the format of `status.publishAt` (discovery `format: date-time`,
 * https://developers.google.com/youtube/v3/docs/videos#status.publishAt): `2031-06-01T10:00:00Z`
 * or with an offset, fractions allowed; "June 1, 2031" and dates that do not exist are not.
 */
export function isRfc3339DateTime(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const match =
    /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return (
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! < 24 &&
    minute! < 60 &&
    second! < 61 &&
    Number(match[7] ?? 0) < 24 &&
    Number(match[8] ?? 0) < 60
  );
}

/** `status.license`'s values (https://developers.google.com/youtube/v3/docs/videos#status.license). */
export const LICENSES = ["youtube", "creativeCommon"];

/** The `part` parameter as a set, or Google's 400 when it is missing or names an unknown part. */
export function parseParts(value: string | null, allowed: readonly string[]): Set<string> | Response {
  const parts = (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  // Reason name for a missing parameter is UNCONFIRMED in the spec.
  if (parts.length === 0)
    return googleError(400, "required", "Required parameter: part", { location: "part" });
  const unknown = parts.filter((part) => !allowed.includes(part));
  if (unknown.length > 0) {
    // Reason name for an unknown part is UNCONFIRMED in the spec.
    return googleError(400, "unknownPart", `Unknown part: ${unknown.join(",")}`, { location: "part" });
  }
  return new Set(parts);
}

/** A video resource's snippet and status, checked as videos.insert and videos.update check them. */
export function validateResource(
  resource: unknown,
  needCategory: boolean,
): Response | { snippet: Record<string, unknown>; status: Record<string, unknown> } {
  if (typeof resource !== "object" || resource === null) {
    // Reason name for a body that is not a resource is UNCONFIRMED in the spec.
    return googleError(400, "parseError", "The request body is not a video resource.");
  }
  const snippet = { ...((resource as { snippet?: Record<string, unknown> }).snippet ?? {}) };
  const status = { ...((resource as { status?: Record<string, unknown> }).status ?? {}) };
  const title = snippet.title;
  if (typeof title !== "string" || title.trim() === "" || [...title].length > 100 || /[<>]/.test(title)) {
    return googleError(
      400,
      "invalidTitle",
      "The request metadata specifies an invalid or empty video title.",
      {
        domain: "youtube.video",
      },
    );
  }
  const description = snippet.description;
  if (
    description !== undefined &&
    (typeof description !== "string" ||
      Buffer.byteLength(description, "utf8") > 5000 ||
      /[<>]/.test(description))
  ) {
    return googleError(
      400,
      "invalidDescription",
      "The request metadata specifies an invalid video description.",
      {
        domain: "youtube.video",
      },
    );
  }
  const tags = snippet.tags;
  if (tags !== undefined) {
    const list = Array.isArray(tags) ? (tags as unknown[]) : [];
    const valid = Array.isArray(tags) && list.every((tag) => typeof tag === "string");
    const length =
      Math.max(0, list.length - 1) +
      list.reduce<number>(
        (sum, tag) => sum + [...String(tag)].length + (String(tag).includes(" ") ? 2 : 0),
        0,
      );
    if (!valid || length > 500) {
      return googleError(400, "invalidTags", "The request metadata specifies invalid video keywords.", {
        domain: "youtube.video",
      });
    }
  }
  const category = snippet.categoryId;
  if (
    (needCategory && category === undefined) ||
    (category !== undefined && !CATEGORIES.has(String(category)))
  ) {
    return googleError(
      400,
      "invalidCategoryId",
      "The snippet.categoryId property specifies an invalid category ID.",
      {
        domain: "youtube.video",
      },
    );
  }
  const privacy = status.privacyStatus;
  if (privacy !== undefined && !["public", "unlisted", "private"].includes(String(privacy))) {
    // Reason name for a bad enum value is UNCONFIRMED in the spec.
    return googleError(400, "invalidValue", "Invalid privacyStatus.", { domain: "youtube.video" });
  }
  if (status.license !== undefined && !LICENSES.includes(String(status.license))) {
    // Reason name for a bad enum value is UNCONFIRMED in the spec.
    return googleError(400, "invalidValue", "Invalid license: youtube or creativeCommon.", {
      domain: "youtube.video",
    });
  }
  for (const key of [
    "embeddable",
    "publicStatsViewable",
    "selfDeclaredMadeForKids",
    "containsSyntheticMedia",
  ]) {
    if (status[key] !== undefined && typeof status[key] !== "boolean") {
      // Reason name UNCONFIRMED, as for the enums.
      return googleError(400, "invalidValue", `Invalid ${key}: a boolean.`, { domain: "youtube.video" });
    }
  }
  if (status.publishAt !== undefined) {
    if (!isRfc3339DateTime(status.publishAt) || privacy !== "private") {
      return googleError(
        400,
        "invalidPublishAt",
        "The request metadata specifies an invalid scheduled publishing time.",
        {
          domain: "youtube.video",
        },
      );
    }
  }
  for (const key of ["uploadStatus", "failureReason", "rejectionReason", "madeForKids"]) delete status[key];
  return { snippet, status };
}
